import Form from 'next/form';
import Link from 'next/link';
import { routes } from '@/lib/routes';
import { CHANNEL_LABELS, formatSessionDay, formatSessionTimes, timeZoneLabel, type ScheduleEntry } from '../model';

/**
 * A therapist's day. The "Recording" column is a hook point: pass `recording` to fill each row's
 * cell from another feature's data, joined on `entry.id`; without it the cell says "Not yet known".
 */
export function ScheduleView({
  date,
  today,
  timeZone,
  entries,
  recording,
}: {
  date: string;
  today: string;
  timeZone: string;
  entries: ScheduleEntry[];
  recording?: (entry: ScheduleEntry) => React.ReactNode;
}) {
  // Noon of the day names it the same in every time zone.
  const heading = formatSessionDay(new Date(`${date}T12:00:00Z`), 'UTC');
  return (
    <div className="space-y-3">
      <p className="text-sm text-stone-600">Times are in the practice’s time zone, {timeZoneLabel(timeZone)}.</p>
      {entries.length === 0 ? (
        <p className="text-stone-600">{date === today ? 'No sessions today.' : `No sessions on ${heading}.`}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Sessions on {heading}</caption>
            <thead>
              <tr className="border-b border-stone-200 text-stone-600">
                <th scope="col" className="py-2 pr-3 font-medium">
                  Time
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Client
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Channel
                </th>
                <th scope="col" className="py-2 font-medium">
                  Recording
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="py-3 pr-3 align-top whitespace-nowrap">
                    {formatSessionTimes(entry.startsAt, entry.durationMinutes, timeZone)}
                    <span className="block text-xs text-stone-600">{entry.durationMinutes} min</span>
                  </td>
                  <th scope="row" className="py-3 pr-3 align-top font-normal">
                    <Link href={routes.practiceClientSessions(entry.clientId)} className="font-medium text-hearth-700 underline underline-offset-2">
                      {entry.clientName}
                    </Link>
                  </th>
                  <td className="py-3 pr-3 align-top">{CHANNEL_LABELS[entry.channel]}</td>
                  <td className="py-3 align-top">{recording ? recording(entry) : <span className="text-stone-500">Not yet known</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Moving between days: the previous and next day, today, and a date picker. */
export function ScheduleDayPicker({ date, today, previous, next }: { date: string; today: string; previous: string; next: string }) {
  const link = 'inline-flex min-h-11 items-center rounded-lg px-3 py-2 text-sm font-medium text-hearth-700 ring-1 ring-stone-300 hover:bg-stone-100';
  return (
    <nav aria-label="Choose a day" className="flex flex-wrap items-end gap-2">
      <Link href={routes.practiceScheduleDay(previous)} className={link}>
        <span aria-hidden="true">←</span> Previous day
      </Link>
      {date !== today && (
        <Link href={routes.practiceSchedule} className={link}>
          Today
        </Link>
      )}
      <Link href={routes.practiceScheduleDay(next)} className={link}>
        Next day <span aria-hidden="true">→</span>
      </Link>
      <Form action={routes.practiceSchedule} className="flex items-end gap-2">
        <div className="space-y-1">
          <label htmlFor="schedule-date" className="block text-sm font-medium text-stone-800">
            Go to a date
          </label>
          <input
            id="schedule-date"
            type="date"
            name="date"
            defaultValue={date}
            key={date}
            className="block min-h-11 rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm"
          />
        </div>
        <button type="submit" className="min-h-11 rounded-lg bg-white px-4 py-2 text-sm font-semibold text-stone-800 shadow-sm ring-1 ring-stone-300 hover:bg-stone-100">
          Show
        </button>
      </Form>
    </nav>
  );
}
