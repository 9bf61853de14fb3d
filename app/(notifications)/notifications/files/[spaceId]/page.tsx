import { redirect } from 'next/navigation';
import { spaceLinkFor } from '@/lib/files/data';

// A notification's link about a shared space: to the reader's own page for it, or a 404 for anyone else.
export default async function FilesNotificationLink({ params }: { params: Promise<{ spaceId: string }> }) {
  redirect(await spaceLinkFor((await params).spaceId));
}
