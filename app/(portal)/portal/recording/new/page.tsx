import type { Metadata } from 'next';
import Link from 'next/link';
import { ClientNewRequestView } from '@/lib/consent/components/request-list-view';
import { getClientNewRequestPage } from '@/lib/consent/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Recording your sessions' };

export default async function NewRecordingRequestPage() {
  const data = await getClientNewRequestPage();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.portalRecording} className="text-hearth-700 underline underline-offset-2">
          Recording sessions
        </Link>
      </p>
      <PageHeading
        title="I’d like to record my sessions"
        intro="Say what you have in mind. Your therapist reads it, you talk it through together, section by section, and nothing is recorded until you have both signed. You can say no, or withdraw, at any time."
      />
      <ClientNewRequestView data={data} />
    </>
  );
}
