import type { Metadata } from 'next';
import Link from 'next/link';
import { RequestView } from '@/lib/consent/components/request-view';
import { getTherapistRequestPage } from '@/lib/consent/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Recording' };

export default async function TherapistRecordingRequestPage({ params }: { params: Promise<{ clientId: string; requestId: string }> }) {
  const { clientId, requestId } = await params;
  const page = await getTherapistRequestPage(clientId, requestId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.practiceClientRecording(page.client.id)} className="text-hearth-700 underline underline-offset-2">
          Recording with {page.client.name}
        </Link>
      </p>
      <PageHeading title={`Recording sessions with ${page.client.name}`} intro="Take it one section at a time. Questions and answers go in the messages." />
      <RequestView page={page} />
    </>
  );
}
