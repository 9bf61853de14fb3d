import type { Metadata } from 'next';
import Link from 'next/link';
import { AddSessionForm } from '@/lib/appointments/components/add-session-form';
import { ImportSessionsForm } from '@/lib/appointments/components/import-sessions-form';
import { TherapistSessionList } from '@/lib/appointments/components/session-list-view';
import { getClientSessions } from '@/lib/appointments/data';
import { timeZoneLabel } from '@/lib/appointments/model';
import { RecordLinksView } from '@/lib/files/components/record-links-view';
import { getRecordableSessions } from '@/lib/files/data';
import { routes } from '@/lib/routes';
import { SessionSummariesView } from '@/lib/summaries/components/session-summaries-view';
import { getSessionSummaryLinks } from '@/lib/summaries/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Sessions' };

export default async function ClientSessionsPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { client, timeZone, today, window, upcoming, past } = await getClientSessions((await params).clientId);
  const zone = timeZoneLabel(timeZone);
  const recordable = await getRecordableSessions(upcoming);
  const summaries = await getSessionSummaryLinks(client.id);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.practiceClient(client.id)} className="text-hearth-700 underline underline-offset-2">
          {client.name}
        </Link>
      </p>
      <PageHeading title={`Sessions with ${client.name}`} intro={`Dates and times are in the practice’s time zone, ${zone}. ${client.name} sees them the same way.`} />
      <div className="space-y-6">
        <RecordLinksView sessions={recordable.map((session) => ({ ...session, href: routes.practiceSessionRecorder(client.id, session.id) }))} timeZone={timeZone} />
        <Card title="Upcoming">
          <TherapistSessionList sessions={upcoming} timeZone={timeZone} window={window} empty="No upcoming sessions." />
        </Card>
        <Card title="Add a session">
          <AddSessionForm clientId={client.id} today={today} window={window} timeZoneName={zone} />
          <p className="mt-3 text-sm text-stone-600">
            Sessions from {window.earliest} to {window.latest} can be added: past sessions can be recorded up to a year back.
          </p>
        </Card>
        <Card title="Import a list of sessions">
          <ImportSessionsForm clientId={client.id} timeZone={timeZone} />
        </Card>
        <Card title="Past">
          <TherapistSessionList sessions={past} timeZone={timeZone} window={window} empty="No past sessions." />
        </Card>
        <Card title="Session summaries">
          <SessionSummariesView sessions={summaries.sessions} />
        </Card>
      </div>
    </>
  );
}
