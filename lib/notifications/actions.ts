'use server';

import { revalidatePath } from 'next/cache';
import { authedAction, type ActionState } from '@/lib/actions/safe-action';
import { routes } from '@/lib/routes';
import { markAllRead, markRead, setEmailPreference } from './commands';
import { emailPreferenceSchema, markAllReadSchema, NOTIFICATION_NOT_FOUND, notificationIdSchema } from './schemas';

export const markReadAction = authedAction('notifications:use', notificationIdSchema, async (input, { db, user }): Promise<ActionState> => {
  const result = await markRead(db, user, input);
  if (result.status === 'not-found') return { message: NOTIFICATION_NOT_FOUND };
  revalidatePath(routes.notifications);
  return { ok: true, message: 'Marked as read.' };
});

export const markAllReadAction = authedAction('notifications:use', markAllReadSchema, async (_input, { db, user }): Promise<ActionState> => {
  const result = await markAllRead(db, user);
  revalidatePath(routes.notifications);
  return { ok: true, message: result.count === 0 ? 'Nothing was unread.' : result.count === 1 ? '1 notification marked as read.' : `${result.count} notifications marked as read.` };
});

export const setEmailPreferenceAction = authedAction('notifications:use', emailPreferenceSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await setEmailPreference(db, user, input, request);
  revalidatePath(routes.accountNotifications);
  if (result.status === 'unchanged') return { ok: true, message: 'Nothing changed.' };
  return { ok: true, message: result.email ? 'Saved. You will get an email for each new notification.' : 'Saved. You will get no emails for notifications.' };
});
