import { z } from 'zod';

export const NOTIFICATION_NOT_FOUND = 'We could not find that notification.';

export const notificationIdSchema = z.object({ id: z.uuid({ error: NOTIFICATION_NOT_FOUND }) });

export const markAllReadSchema = z.object({});

/** A ticked checkbox sends "on", an unticked one nothing. */
export const emailPreferenceSchema = z.object({
  email: z
    .literal('on', { error: 'Tick the box or leave it empty.' })
    .optional()
    .transform((value) => value === 'on'),
});
