import type { Metadata } from 'next';
import { MySessionList } from '@/lib/appointments/components/my-sessions-view';
import { getMySessions } from '@/lib/appointments/data';
import { timeZoneLabel } from '@/lib/appointments/model';
import { RecordLinksView } from '@/lib/files/components/record-links-view';
import { getRecordableSessions } from '@/lib/files/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Your sessions' };

export default async function MySessionsPage() {
  const { timeZone, upcoming, past } = await getMySessions();
  const recordable = await getRecordableSessions(upcoming);
  return (
    <>
      <PageHeading title="Your sessions" intro={`Times are shown in your practice’s time zone, ${timeZoneLabel(timeZone)}.`} />
      <div className="space-y-6">
        <RecordLinksView sessions={recordable.map((session) => ({ ...session, href: routes.portalSessionRecorder(session.id) }))} timeZone={timeZone} />
        <Card title="Upcoming">
          <MySessionList sessions={upcoming} timeZone={timeZone} empty="No upcoming sessions. Your therapist adds them here." />
        </Card>
        <Card title="Past">
          <MySessionList sessions={past} timeZone={timeZone} empty="No past sessions yet." />
        </Card>
      </div>
    </>
  );
}
