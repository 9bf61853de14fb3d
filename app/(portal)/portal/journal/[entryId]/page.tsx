import type { Metadata } from 'next';
import Link from 'next/link';
import { EntryEditorForm } from '@/lib/journal/components/entry-editor-form';
import { getEntryPage } from '@/lib/journal/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Journal entry' };

export default async function JournalEntryPage({ params }: { params: Promise<{ entryId: string }> }) {
  const editor = await getEntryPage((await params).entryId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.portalJournal} className="text-hearth-700 underline underline-offset-2">
          Journal
        </Link>
      </p>
      <PageHeading title="Journal entry" intro="Saved as you type. Private unless you share it." />
      <EntryEditorForm {...editor} />
    </>
  );
}
