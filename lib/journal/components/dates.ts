import { dateFormat } from '@/lib/platform/clock';

/** A moment (ISO string or Date) as people read it in the time zone: "4 Mar 2026, 14:03". */
export function formatMoment(moment: string | Date, timeZone: string): string {
  return dateFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(moment));
}

/** A calendar date (YYYY-MM-DD) as people read it: "Tue 3 Mar 2026". The same wherever it is shown. */
export function formatDay(date: string, style: 'short' | 'long' = 'short'): string {
  return dateFormat('en-GB', { timeZone: 'UTC', weekday: style, day: 'numeric', month: style, year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
}
