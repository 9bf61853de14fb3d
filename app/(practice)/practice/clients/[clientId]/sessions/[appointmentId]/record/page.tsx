import type { Metadata } from 'next';
import Link from 'next/link';
import { RecorderView } from '@/lib/files/components/recorder-view';
import { getRecorderPage } from '@/lib/files/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Record a session' };

export default async function RecordClientSessionPage({ params }: { params: Promise<{ clientId: string; appointmentId: string }> }) {
  const { clientId, appointmentId } = await params;
  const page = await getRecorderPage('therapist', appointmentId, clientId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.practiceClientSessions(clientId)} className="text-hearth-700 underline underline-offset-2">
          Sessions
        </Link>
      </p>
      <PageHeading title="Record this session" />
      <RecorderView page={page} agreementHref={routes.practiceClientRecording(clientId)} />
    </>
  );
}
