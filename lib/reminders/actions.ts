'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { authedAction, type ActionState } from '@/lib/actions/safe-action';
import { routes } from '@/lib/routes';
import { saveReminderSettings, setUpFromAlternative } from './commands';
import { oneClickSetUpSchema, reminderSettingsSchema } from './schemas';

export const saveRemindersAction = authedAction('reminders:use', reminderSettingsSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await saveReminderSettings(db, user, input, request);
  if (result.status === 'unchanged') return { ok: true, message: 'Nothing changed.' };
  revalidatePath(routes.portalReminders);
  revalidatePath(routes.portal);
  return { ok: true, message: input.afterSessionTime || input.weekly ? 'Saved. Your reminders are set.' : 'Saved. You will get no reminders.' };
});

export const setUpRemindersAction = authedAction('reminders:use', oneClickSetUpSchema, async (_input, { db, user, request }): Promise<ActionState> => {
  const result = await setUpFromAlternative(db, user, { timeZone: user.timeZone }, request);
  if (result.status === 'not-offered') return { message: 'There is nothing to set up in one click: choose your reminders on the Reminders page.' };
  revalidatePath(routes.portalReminders);
  revalidatePath(routes.portal);
  // The reminders page shows what was set up, and where to change it.
  redirect(routes.portalReminders);
});
