import type { Metadata } from 'next';
import { SpaceListView } from '@/lib/files/components/space-list-view';
import { getPortalFiles } from '@/lib/files/data';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Shared files' };

export default async function SharedFilesPage() {
  const { spaces } = await getPortalFiles();
  return (
    <>
      <PageHeading title="Shared files" intro="A private place for each of your therapists and you to share documents, worksheets, images and session recordings." />
      <SpaceListView spaces={spaces} />
    </>
  );
}
