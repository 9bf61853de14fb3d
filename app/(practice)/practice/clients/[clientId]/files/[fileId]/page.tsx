import type { Metadata } from 'next';
import Link from 'next/link';
import { FileView } from '@/lib/files/components/file-view';
import { getFilePage } from '@/lib/files/data';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Shared file' };

export default async function ClientFilePage({ params }: { params: Promise<{ clientId: string; fileId: string }> }) {
  const { clientId, fileId } = await params;
  const { item, backHref, timeZone } = await getFilePage('therapist', clientId, fileId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={backHref} className="text-hearth-700 underline underline-offset-2">
          Back to shared files
        </Link>
      </p>
      <PageHeading title={item.label} />
      <FileView item={item} timeZone={timeZone} />
    </>
  );
}
