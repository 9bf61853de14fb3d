import type { Metadata } from 'next';
import { RecordingOverview } from '@/lib/recording/components/recording-overview-view';
import { getMyRecordingOverview } from '@/lib/recording/data';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Recording sessions' };

export default async function RecordingPage() {
  const overview = await getMyRecordingOverview();
  return (
    <>
      <PageHeading
        title="Recording sessions"
        intro="Some people like to listen back to a session. Here is what your practice allows, what the law asks where you are, and other ways to hold on to what you talk about."
      />
      <RecordingOverview {...overview} />
    </>
  );
}
