import type { Metadata } from 'next';
import Link from 'next/link';
import { ScheduleDayPicker, ScheduleView } from '@/lib/appointments/components/schedule-view';
import { getMySchedule } from '@/lib/appointments/data';
import { formatSessionDay } from '@/lib/appointments/model';
import { getMyClients } from '@/lib/care/data';
import { SessionAnswerCell } from '@/lib/consent/components/status-view';
import { getRecordingAnswersForSchedule } from '@/lib/consent/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Schedule' };

export default async function SchedulePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const schedule = await getMySchedule((await searchParams).date);
  const [{ clients }, answers] = await Promise.all([getMyClients(), getRecordingAnswersForSchedule(schedule.entries.map((entry) => entry.id))]);
  const answerOf = new Map(answers.map((answer) => [answer.appointmentId, answer]));
  const day = formatSessionDay(new Date(`${schedule.date}T12:00:00Z`), 'UTC');
  return (
    <>
      <PageHeading title={schedule.date === schedule.today ? `Today, ${day}` : day} />
      <div className="space-y-6">
        {schedule.invalidDate && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
            That is not a date we can show, so here is today.
          </p>
        )}
        <ScheduleDayPicker date={schedule.date} today={schedule.today} previous={schedule.previous} next={schedule.next} />
        <Card title="Sessions">
          <ScheduleView date={schedule.date} today={schedule.today} timeZone={schedule.timeZone} entries={schedule.entries}
            recording={(entry) => <SessionAnswerCell entry={answerOf.get(entry.id)} />}
          />
        </Card>
        <Card title="Add or import sessions">
          {clients.length === 0 ? (
            <p className="text-stone-600">No clients are in your care yet.</p>
          ) : (
            <ul className="divide-y divide-stone-100">
              {clients.map((client) => (
                <li key={client.id} className="py-2">
                  <Link href={routes.practiceClientSessions(client.id)} className="inline-flex min-h-11 items-center font-medium text-hearth-700 underline underline-offset-2">
                    Sessions with {client.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
