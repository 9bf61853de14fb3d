import type { Metadata } from 'next';
import Link from 'next/link';
import { FileListView } from '@/lib/files/components/file-list-view';
import { RecordingIndicator } from '@/lib/files/components/recording-indicator';
import { UploaderForm } from '@/lib/files/components/uploader-form';
import { getPracticeClientFiles } from '@/lib/files/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Shared files' };

export default async function ClientFilesPage({ params }: { params: Promise<{ clientId: string }> }) {
  const clientId = (await params).clientId;
  const { space, recordingNow, files, upload, timeZone } = await getPracticeClientFiles(clientId);
  const other = space.clientName;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.practiceClient(clientId)} className="text-hearth-700 underline underline-offset-2">
          {other}
        </Link>
      </p>
      <PageHeading title={`Shared with ${other}`} intro={`Only you and ${other} can see the files here.`} />
      <div className="space-y-6">
        <RecordingIndicator spaceId={space.id} recordingNow={recordingNow} />
        <Card title="Share a file">
          <UploaderForm spaceId={space.id} otherName={other} maxBytes={upload.maxBytes} kinds={upload.kinds} />
        </Card>
        <Card title="Files">
          <FileListView files={files} timeZone={timeZone} otherName={other} fileHref={(fileId) => routes.practiceClientFile(clientId, fileId)} />
        </Card>
      </div>
    </>
  );
}
