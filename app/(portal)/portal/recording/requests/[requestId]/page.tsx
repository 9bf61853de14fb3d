import type { Metadata } from 'next';
import Link from 'next/link';
import { RequestView } from '@/lib/consent/components/request-view';
import { getClientRequestPage } from '@/lib/consent/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Recording your sessions' };

export default async function ClientRecordingRequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const page = await getClientRequestPage((await params).requestId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.portalRecording} className="text-hearth-700 underline underline-offset-2">
          Recording sessions
        </Link>
      </p>
      <PageHeading title={`Recording sessions with ${page.therapist.name}`} intro="Take it one section at a time. Ask anything in the messages." />
      <RequestView page={page} />
    </>
  );
}
