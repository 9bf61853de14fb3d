// Wall-clock times in a practice's time zone and the instants they name. Pure; safe anywhere.
import { isIsoDate } from '@/lib/platform/clock';

const TIME = /^(\d{1,2}):(\d{2})$/;
const HOUR_MS = 60 * 60 * 1000;

/** "9:30" or "09:30" on a 24-hour clock → minutes after midnight; null for anything else. */
export function parseClockTime(value: string): number | null {
  const match = TIME.exec(value.trim());
  if (!match) return null;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return hour < 24 && minute < 60 ? hour * 60 + minute : null;
}

/** Minutes after midnight → "HH:MM". */
export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

// The zone's wall clock at an instant, read as if it were UTC (milliseconds).
function wallClockAsUtc(instant: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

export type LocalTimeResult =
  | { status: 'ok'; instant: Date; /** The wall-clock time happens twice (clocks go back); this is the first. */ ambiguous: boolean }
  | { status: 'nonexistent' };

/**
 * The instant a wall-clock date and time names in a time zone. A time skipped when the clocks go
 * forward does not exist and is refused; a time that happens twice when they go back is
 * ambiguous and takes its first occurrence (the earlier instant).
 *
 * Each offset in force near the day (a day either side, enough for every real zone's
 * transitions) proposes an instant; those whose wall clock reads back as asked are the answers.
 */
export function localTimeToInstant(isoDate: string, minutes: number, timeZone: string): LocalTimeResult {
  const [year, month, day] = isoDate.split('-').map(Number);
  const wanted = Date.UTC(year, month - 1, day, 0, minutes);
  const offsets = new Set([-24 * HOUR_MS, 0, 24 * HOUR_MS].map((shift) => wallClockAsUtc(wanted + shift, timeZone) - (wanted + shift)));
  const matches = [...offsets]
    .map((offset) => wanted - offset)
    .filter((instant) => wallClockAsUtc(instant, timeZone) === wanted)
    .sort((a, b) => a - b);
  if (matches.length === 0) return { status: 'nonexistent' };
  return { status: 'ok', instant: new Date(matches[0]), ambiguous: matches.length > 1 };
}

/** The same calendar day `years` later (earlier when negative); 29 February becomes 28 February. */
export function shiftYears(isoDate: string, years: number): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const target = `${String(year + years).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(target) ? target : `${target.slice(0, 8)}28`;
}
