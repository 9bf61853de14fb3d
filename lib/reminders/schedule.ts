/**
 * When reminders are due: pure, from the client's rules and their sessions' end instants, in the client's own time
 * zone.
 *
 * - The evening after a session is the day the session ends (in the client's zone) at the chosen time. A session that
 *   ends at or after that time (an evening session) gets its reminder the next day at that time: a reminder that
 *   arrived during the session, or came at once, would not be "after the session".
 * - The weekly rule is each chosen weekday at its time.
 * - At most one reminder a day (in the client's zone): when both rules fall on one day, the later one is kept, so the
 *   reminder comes after that day's session and the client is not asked twice.
 * - Daylight saving: a time inside the gap when the clocks go forward moves to the first instant after the gap (02:30
 *   on a night that jumps from 02:00 to 03:00 is 03:00); a time repeated when they go back is taken once, at its
 *   first occurrence.
 */
import { localTimeToInstant, nextDay, todayInTimeZone } from '@/lib/platform/clock';
import { minutesOf, type ReminderRules } from './model';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How far ahead the next reminder is looked for. Sessions further away are not yet in anyone's diary for long, and
 * the recurring sweep looks again every few minutes, so nothing beyond it is lost. Longer than a week, so a weekly
 * rule always has its next day inside.
 */
export const LOOK_AHEAD_MS = 8 * DAY_MS;

/**
 * How long before a window a session may have ended and still have its evening-after inside it: the same day or the
 * next one, so two days (three for a margin across zones).
 */
export const SESSION_LOOK_BACK_MS = 3 * DAY_MS;

/** The instant a wall-clock time names on a day; inside a daylight-saving gap, the first instant after the gap. */
export function wallTimeToInstant(isoDate: string, minutes: number, timeZone: string): Date {
  // A gap is an hour or less in every real zone; minutes past midnight carry over into the next day.
  for (let minute = minutes; minute < minutes + DAY_MS / 60_000; minute++) {
    const found = localTimeToInstant(isoDate, minute, timeZone);
    if (found.status === 'ok') return found.instant;
  }
  throw new Error(`no valid time after ${isoDate} +${minutes}min in ${timeZone}`);
}

function previousDay(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
}

function minutesOrThrow(time: string): number {
  const minutes = minutesOf(time);
  if (minutes === null) throw new Error('reminder time is not HH:MM');
  return minutes;
}

/** The reminder for a session that ends at `sessionEnd`: that day at `time`, or the next day's if the session ended after it. */
export function eveningAfter(sessionEnd: Date, time: string, timeZone: string): Date {
  const minutes = minutesOrThrow(time);
  const day = todayInTimeZone(timeZone, sessionEnd);
  const sameDay = wallTimeToInstant(day, minutes, timeZone);
  return sameDay > sessionEnd ? sameDay : wallTimeToInstant(nextDay(day), minutes, timeZone);
}

/**
 * Every reminder the rules give in (from, to], in time order. `sessionEnds` are the end instants of the client's
 * sessions; those that ended up to SESSION_LOOK_BACK_MS before `from` count (their evening may fall inside).
 */
export function occurrencesBetween(rules: ReminderRules, sessionEnds: readonly Date[], from: Date, to: Date): Date[] {
  const { timeZone } = rules;
  const candidates: Date[] = [];
  if (rules.afterSessionTime !== null) {
    for (const end of sessionEnds) candidates.push(eveningAfter(end, rules.afterSessionTime, timeZone));
  }
  if (rules.weekly !== null && rules.weekly.days.length > 0) {
    const minutes = minutesOrThrow(rules.weekly.time);
    const days = new Set<number>(rules.weekly.days);
    // A day either side, so the one-a-day rule sees whole days at the window's edges.
    const last = nextDay(todayInTimeZone(timeZone, to));
    for (let day = previousDay(todayInTimeZone(timeZone, from)); day <= last; day = nextDay(day)) {
      if (days.has(isoWeekday(day))) candidates.push(wallTimeToInstant(day, minutes, timeZone));
    }
  }
  const latestOfDay = new Map<string, Date>();
  for (const candidate of candidates) {
    const day = todayInTimeZone(timeZone, candidate);
    const kept = latestOfDay.get(day);
    if (!kept || candidate > kept) latestOfDay.set(day, candidate);
  }
  return [...latestOfDay.values()].filter((instant) => instant > from && instant <= to).sort((a, b) => a.getTime() - b.getTime());
}

/** The first reminder after `after`, within LOOK_AHEAD_MS; null when there is none yet. */
export function nextOccurrence(rules: ReminderRules, sessionEnds: readonly Date[], after: Date): Date | null {
  return occurrencesBetween(rules, sessionEnds, after, new Date(after.getTime() + LOOK_AHEAD_MS))[0] ?? null;
}

export type Delivery =
  /** It is this reminder's turn: send it. */
  | { action: 'send' }
  /** Later reminders are due too (the server was down): this one is dropped and only the latest of them goes out. */
  | { action: 'catch-up'; latest: Date }
  /** No longer a reminder of these rules (its session was cancelled or moved): nothing is sent. */
  | { action: 'skip' };

/**
 * What a queued reminder for `at` does when it runs at `now`. After downtime several may be due at once (each queued
 * job, and occurrences that never got one): only the latest due is sent, so the client gets one catch-up, never a
 * burst. The decision depends only on the rules, the sessions and the clock, so jobs that run in parallel agree.
 */
export function decideDelivery(rules: ReminderRules, sessionEnds: readonly Date[], at: Date, now: Date): Delivery {
  const laterDue = occurrencesBetween(rules, sessionEnds, at, now);
  if (laterDue.length > 0) return { action: 'catch-up', latest: laterDue[laterDue.length - 1] };
  const stillAReminder = occurrencesBetween(rules, sessionEnds, new Date(at.getTime() - 1), at).some((instant) => instant.getTime() === at.getTime());
  return stillAReminder ? { action: 'send' } : { action: 'skip' };
}
