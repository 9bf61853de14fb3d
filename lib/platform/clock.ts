/**
 * Calendar days in a practice's time zone. Dates are 'YYYY-MM-DD' strings, the form
 * Postgres `date` columns and `<input type="date">` both use.
 */

// Intl's list holds canonical zones only; 'UTC' (the practices default) is not among them.
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];

export function isTimeZone(value: string): boolean {
  return TIME_ZONES.includes(value);
}

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as YYYY-MM-DD (so not 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// Building an Intl.DateTimeFormat costs far more than using one: one per locale and options, kept.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(key);
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

/** A date formatter for these options, built once per process and reused. */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return formatFor(`${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

/** The zone's wall clock (calendar date and time of day) at an instant. */
export function wallClock(instant: Date, timeZone: string) {
  const parts = formatFor(`wall|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
  ).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** The calendar date it is at `now` in the time zone. */
export function todayInTimeZone(timeZone: string, now = new Date()): string {
  const { year, month, day } = wallClock(now, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// How far the zone's wall clock is ahead of UTC at that instant, in milliseconds.
function offsetAt(instant: Date, timeZone: string): number {
  const c = wallClock(instant, timeZone);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a calendar day begins in the time zone (midnight, or the first moment after a DST gap). */
export function startOfDay(isoDate: string, timeZone: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number);
  const midnightUtc = Date.UTC(year, month - 1, day);
  // The offset at local midnight is one of those in force a day either side; of the candidate
  // instants that fall on the day, the earliest is where it begins.
  const candidates = [-DAY_MS, 0, DAY_MS]
    .map((shift) => new Date(midnightUtc - offsetAt(new Date(midnightUtc + shift), timeZone)))
    .filter((instant) => todayInTimeZone(timeZone, instant) === isoDate);
  return new Date(Math.min(...candidates.map((instant) => instant.getTime())));
}

/** The day after an ISO date. */
export function nextDay(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/** A moment as the practice reads it, e.g. "12 Mar 2025, 09:41:07 EDT". */
export function formatInTimeZone(instant: Date, timeZone: string): string {
  return formatFor(`display|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    }),
  ).format(instant);
}

export type LocalTimeResult =
  | { status: 'ok'; instant: Date; /** The wall-clock time happens twice (clocks go back); this is the first. */ ambiguous: boolean }
  | { status: 'nonexistent' };

// The zone's wall clock at an instant, read as if it were UTC (milliseconds).
function wallClockAsUtc(instant: number, timeZone: string): number {
  const c = wallClock(new Date(instant), timeZone);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
}

/**
 * The instant a wall-clock date and time (minutes after midnight) names in a time zone. A time
 * skipped when the clocks go forward does not exist and is refused; a time that happens twice
 * when they go back is ambiguous and takes its first occurrence (the earlier instant).
 *
 * Each offset in force near the day (a day either side, enough for every real zone's
 * transitions) proposes an instant; those whose wall clock reads back as asked are the answers.
 */
export function localTimeToInstant(isoDate: string, minutes: number, timeZone: string): LocalTimeResult {
  const [year, month, day] = isoDate.split('-').map(Number);
  const wanted = Date.UTC(year, month - 1, day, 0, minutes);
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => wallClockAsUtc(wanted + shift, timeZone) - (wanted + shift)));
  const matches = [...offsets]
    .map((offset) => wanted - offset)
    .filter((instant) => wallClockAsUtc(instant, timeZone) === wanted)
    .sort((a, b) => a - b);
  if (matches.length === 0) return { status: 'nonexistent' };
  return { status: 'ok', instant: new Date(matches[0]), ambiguous: matches.length > 1 };
}
