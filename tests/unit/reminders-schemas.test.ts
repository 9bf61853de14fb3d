import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DAYS_MESSAGE, normaliseTime, reminderSettingsSchema, TIME_MESSAGE } from '@/lib/reminders/schemas';

const errorsOf = (raw: Record<string, string>) => {
  const parsed = reminderSettingsSchema.safeParse(raw);
  return parsed.success ? null : z.flattenError(parsed.error).fieldErrors;
};

describe('the reminder settings form', () => {
  it('reads the rules that are on, with times written as the 24-hour clock', () => {
    expect(
      reminderSettingsSchema.parse({ timeZone: 'Europe/London', afterSession: 'on', afterSessionTime: '7:05', weekly: 'on', day_1: 'on', day_4: 'on', weeklyTime: '21.30', email: 'on' }),
    ).toEqual({ timeZone: 'Europe/London', afterSessionTime: '07:05', weekly: { days: [1, 4], time: '21:30' }, email: true });
    // A rule that is off needs nothing, and what was left in its fields is ignored.
    expect(reminderSettingsSchema.parse({ timeZone: 'UTC', afterSessionTime: 'nonsense', weeklyTime: '', day_2: 'on' })).toEqual({
      timeZone: 'UTC',
      afterSessionTime: null,
      weekly: null,
      email: false,
    });
  });

  it('refuses a bad time, a weekly rule without a day, and an unknown zone, on their fields', () => {
    expect(errorsOf({ timeZone: 'UTC', afterSession: 'on', afterSessionTime: '25:00' })).toEqual({ afterSessionTime: [TIME_MESSAGE] });
    expect(errorsOf({ timeZone: 'UTC', weekly: 'on', weeklyTime: '7pm' })).toEqual({ weeklyTime: [TIME_MESSAGE], weeklyDays: [DAYS_MESSAGE] });
    expect(errorsOf({ timeZone: 'Mars/Olympus_Mons' })).toEqual({ timeZone: ['Choose a time zone from the list.'] });
    expect(errorsOf({ timeZone: 'UTC', email: 'yes' })).toEqual({ email: ['Tick the box or leave it empty.'] });
  });

  it('normalises the ways a time is typed, and nothing else', () => {
    expect(['19:00', '9:05', '09.05', ' 23:59 '].map(normaliseTime)).toEqual(['19:00', '09:05', '09:05', '23:59']);
    expect(['24:00', '12:60', '1900', '7pm', '', '12:5'].map(normaliseTime)).toEqual([null, null, null, null, null, null]);
  });
});
