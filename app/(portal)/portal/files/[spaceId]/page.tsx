import type { Metadata } from 'next';
import Link from 'next/link';
import { FileListView } from '@/lib/files/components/file-list-view';
import { RecordingIndicator } from '@/lib/files/components/recording-indicator';
import { UploaderForm } from '@/lib/files/components/uploader-form';
import { getPortalSpace } from '@/lib/files/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Shared files' };

export default async function SharedSpacePage({ params }: { params: Promise<{ spaceId: string }> }) {
  const { space, recordingNow, files, upload, timeZone } = await getPortalSpace((await params).spaceId);
  const other = space.therapistName;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.portalFiles} className="text-hearth-700 underline underline-offset-2">
          Shared files
        </Link>
      </p>
      <PageHeading title={`Shared with ${other}`} intro={`Only you and ${other} can see the files here.`} />
      <div className="space-y-6">
        <RecordingIndicator spaceId={space.id} recordingNow={recordingNow} />
        <Card title="Share a file">
          <UploaderForm spaceId={space.id} otherName={other} maxBytes={upload.maxBytes} kinds={upload.kinds} />
        </Card>
        <Card title="Files">
          <FileListView files={files} timeZone={timeZone} otherName={other} fileHref={(fileId) => routes.portalFile(space.id, fileId)} />
        </Card>
      </div>
    </>
  );
}
