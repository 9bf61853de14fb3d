'use server';

import { revalidatePath } from 'next/cache';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import { updatePracticeSettings } from './commands';
import { practiceSettingsSchema } from './schemas';

export const savePracticeSettingsAction = authedAction('practice:configure', practiceSettingsSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await updatePracticeSettings(db, user, input, request);
  if (result.status === 'unchanged') return { ok: true, message: 'Nothing to save: the settings were already like this.' };
  // The practice name and time zone show on every page.
  revalidatePath(routes.home, 'layout');
  return { ok: true, message: 'Settings saved.' };
});
