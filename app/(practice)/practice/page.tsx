import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/guards';
import { TherapistRecordingStatusList } from '@/lib/consent/components/status-view';
import { getTherapistRecordingDashboard } from '@/lib/consent/data';
import { SummariesDueView } from '@/lib/summaries/components/summaries-due-view';
import { getSummariesDue } from '@/lib/summaries/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'My clients' };

export default async function PracticeDashboard() {
  const user = await requireUser('clients:view-assigned');
  const [{ clients, waitingOnYou }, summariesDue] = await Promise.all([getTherapistRecordingDashboard(), getSummariesDue()]);
  const waiting = waitingOnYou.length;
  return (
    <>
      <PageHeading title="My clients" intro={`Signed in as ${user.name}. These are the clients currently in your care, and where recording stands with each.`} />
      <SummariesDueView due={summariesDue} />
      <Card>
        {clients.length === 0 ? (
          <p className="text-stone-600">No clients are assigned to you yet.</p>
        ) : (
          <div className="space-y-4">
            <p className={waiting > 0 ? 'font-medium text-amber-900' : 'text-stone-600'}>
              {waiting === 0
                ? 'No recording request is waiting on you.'
                : `${waiting} recording ${waiting === 1 ? 'request is' : 'requests are'} waiting on you, shown first.`}
            </p>
            <TherapistRecordingStatusList clients={clients} timeZone={user.timeZone} />
          </div>
        )}
      </Card>
    </>
  );
}
