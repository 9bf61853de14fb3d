import { z } from 'zod';
import { isTimeZone } from '@/lib/platform/clock';
import { minutesOf, WEEKDAYS, type Weekday } from './model';

export const TIME_MESSAGE = 'Enter a time on the 24-hour clock, like 19:00.';
export const DAYS_MESSAGE = 'Choose at least one day.';
const TIME_ZONE_MESSAGE = 'Choose a time zone from the list.';

/** '7:05', '07:05' or '07.05' → '07:05'; anything else → null. */
export function normaliseTime(value: string): string | null {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(value.trim());
  if (!match) return null;
  const time = `${match[1].padStart(2, '0')}:${match[2]}`;
  return minutesOf(time) === null ? null : time;
}

// A ticked checkbox sends "on", an unticked one nothing.
const ticked = z
  .literal('on', { error: 'Tick the box or leave it empty.' })
  .optional()
  .transform((value) => value === 'on');

const timeZone = z.string({ error: TIME_ZONE_MESSAGE }).refine(isTimeZone, { error: TIME_ZONE_MESSAGE });

/** The weekly days arrive as one checkbox each, `day_1` (Monday) … `day_7` (Sunday). */
function withDays(raw: unknown) {
  if (typeof raw !== 'object' || raw === null) return raw;
  const fields = raw as Record<string, unknown>;
  return { ...fields, weeklyDays: WEEKDAYS.filter((day) => fields[`day_${day}`] === 'on') };
}

/**
 * The settings form. A rule that is off needs nothing else; one that is on needs a valid time (and the weekly rule a
 * day). Output: the rules as stored, with null for a rule that is off.
 */
export const reminderSettingsSchema = z.preprocess(
  withDays,
  z
    .object({
      timeZone,
      afterSession: ticked,
      afterSessionTime: z.string().max(20).optional().default(''),
      weekly: ticked,
      weeklyDays: z.array(z.number()).transform((days) => days as Weekday[]),
      weeklyTime: z.string().max(20).optional().default(''),
      email: ticked,
    })
    .superRefine((input, context) => {
      if (input.afterSession && normaliseTime(input.afterSessionTime) === null) {
        context.addIssue({ code: 'custom', path: ['afterSessionTime'], message: TIME_MESSAGE });
      }
      if (input.weekly && normaliseTime(input.weeklyTime) === null) context.addIssue({ code: 'custom', path: ['weeklyTime'], message: TIME_MESSAGE });
      if (input.weekly && input.weeklyDays.length === 0) context.addIssue({ code: 'custom', path: ['weeklyDays'], message: DAYS_MESSAGE });
    })
    .transform((input) => ({
      timeZone: input.timeZone,
      afterSessionTime: input.afterSession ? normaliseTime(input.afterSessionTime) : null,
      weekly: input.weekly ? { days: input.weeklyDays, time: normaliseTime(input.weeklyTime)! } : null,
      email: input.email,
    })),
);

/** The one-click set-up takes nothing: the preset and the zone it uses are the server's to choose. */
export const oneClickSetUpSchema = z.object({});
