import { redirect } from 'next/navigation';
import { requestLinkFor } from '@/lib/consent/data';

// A notification's link about a recording request: to the reader's own page for it, or a 404 for anyone else.
export default async function RecordingNotificationLink({ params }: { params: Promise<{ requestId: string }> }) {
  redirect(await requestLinkFor((await params).requestId));
}
