// Times of day as people type them, and calendar-day arithmetic for session limits. Pure; safe anywhere.
import { isIsoDate } from '@/lib/platform/clock';

const TIME = /^(\d{1,2}):(\d{2})$/;

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

/** The same calendar day `years` later (earlier when negative); 29 February becomes 28 February. */
export function shiftYears(isoDate: string, years: number): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const target = `${String(year + years).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(target) ? target : `${target.slice(0, 8)}28`;
}
