import { z } from 'zod';
import { isIsoDate } from '@/lib/platform/clock';
import { CHANNELS, IMPORT_FILE_MESSAGES, IMPORT_MAX_BYTES, SESSION_PROBLEM_MESSAGES } from './model';
import { parseClockTime } from './time';

export const CLIENT_NOT_FOUND = 'We could not find that client among the people in your care.';
export const SESSION_NOT_FOUND = 'We could not find that session among your clients’ sessions.';

// The formats only; the practice's time zone, the date window and what is already scheduled are the commands' checks.
const sessionFields = {
  date: z.string({ error: SESSION_PROBLEM_MESSAGES['bad-date'] }).trim().refine(isIsoDate, SESSION_PROBLEM_MESSAGES['bad-date']),
  start: z
    .string({ error: SESSION_PROBLEM_MESSAGES['bad-time'] })
    .trim()
    .refine((value) => parseClockTime(value) !== null, SESSION_PROBLEM_MESSAGES['bad-time']),
  duration: z.coerce
    .number({ error: SESSION_PROBLEM_MESSAGES['bad-duration'] })
    .int(SESSION_PROBLEM_MESSAGES['bad-duration'])
    .min(5, SESSION_PROBLEM_MESSAGES['bad-duration'])
    .max(600, SESSION_PROBLEM_MESSAGES['bad-duration']),
  channel: z.enum(CHANNELS, { error: 'Choose in person or telehealth.' }),
};

export type SessionFields = { date: string; start: string; duration: number; channel: (typeof CHANNELS)[number] };

export const addSessionSchema = z.object({ clientId: z.uuid({ error: CLIENT_NOT_FOUND }), ...sessionFields });

export const rescheduleSessionSchema = z.object({ appointmentId: z.uuid({ error: SESSION_NOT_FOUND }), ...sessionFields });

export const cancelSessionSchema = z.object({ appointmentId: z.uuid({ error: SESSION_NOT_FOUND }) });

export const importSessionsSchema = z.object({
  clientId: z.uuid({ error: CLIENT_NOT_FOUND }),
  csv: z
    .string({ error: IMPORT_FILE_MESSAGES.empty })
    .refine((value) => value.trim() !== '', IMPORT_FILE_MESSAGES.empty)
    .refine((value) => new TextEncoder().encode(value).length <= IMPORT_MAX_BYTES, IMPORT_FILE_MESSAGES['too-large']),
  // Which button: look at the list first, or add what the preview showed.
  step: z.enum(['preview', 'save']).default('preview'),
  // The preview's digest of the rows it would add; saving refuses if they are no longer the same.
  expected: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
