import type { Metadata } from 'next';
import Link from 'next/link';
import { TherapistClientRecordingView } from '@/lib/consent/components/request-list-view';
import { getTherapistNewRequestPage } from '@/lib/consent/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Recording' };

export default async function ClientRecordingPage({ params }: { params: Promise<{ clientId: string }> }) {
  const data = await getTherapistNewRequestPage((await params).clientId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.practiceClient(data.clientId)} className="text-hearth-700 underline underline-offset-2">
          {data.clientName}
        </Link>
      </p>
      <PageHeading title={`Recording sessions with ${data.clientName}`} intro="Agree recording together, section by section, or record what you agree instead." />
      <TherapistClientRecordingView data={data} />
    </>
  );
}
