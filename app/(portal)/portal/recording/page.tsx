import type { Metadata } from 'next';
import { ClientRequestsView } from '@/lib/consent/components/request-list-view';
import { getClientNewRequestPage } from '@/lib/consent/data';
import { RecordingOverview } from '@/lib/recording/components/recording-overview-view';
import { getMyRecordingOverview } from '@/lib/recording/data';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Recording sessions' };

export default async function RecordingPage() {
  const [overview, requests] = await Promise.all([getMyRecordingOverview(), getClientNewRequestPage()]);
  return (
    <>
      <PageHeading
        title="Recording sessions"
        intro="Some people like to listen back to a session. Here is what your practice allows, what the law asks where you are, and other ways to hold on to what you talk about."
      />
      <div className="space-y-6">
        <ClientRequestsView data={requests} />
        <RecordingOverview {...overview} />
      </div>
    </>
  );
}
