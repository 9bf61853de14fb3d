/**
 * Reflection reminders: a client's own schedule of "a moment to reflect" notifications. Types, constants and words;
 * safe in client components.
 */

/** ISO weekdays, Monday first (1 = Monday … 7 = Sunday), as the weekly schedule stores them. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

/** What the client chose; stored as reminder_settings. Times are 'HH:MM' on a 24-hour clock, in `timeZone`. */
export interface ReminderRules {
  timeZone: string;
  /** The evening after each session, at this time; null when off. */
  afterSessionTime: string | null;
  /** Every week on these days at this time; null when off. */
  weekly: { days: Weekday[]; time: string } | null;
}

export interface ReminderSettings extends ReminderRules {
  email: boolean;
  version: number;
}

/** The one-click set-up offered after a discussion that chose journaling or reminders: the evening after each session, no email. */
export const PRESET_TIME = '19:00';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** 'HH:MM' (24-hour, two digits each) → minutes after midnight; null for anything else. */
export function minutesOf(time: string): number | null {
  const match = HH_MM.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export const hasAnyRule = (rules: Pick<ReminderRules, 'afterSessionTime' | 'weekly'>) => rules.afterSessionTime !== null || rules.weekly !== null;

/** "Mondays and Thursdays at 08:30", "every day at 21:00". */
export function weeklyWords(weekly: NonNullable<ReminderRules['weekly']>): string {
  if (weekly.days.length === 7) return `Every day at ${weekly.time}`;
  const names = weekly.days.map((day) => `${WEEKDAY_LABELS[day]}s`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${list} at ${weekly.time}`;
}
