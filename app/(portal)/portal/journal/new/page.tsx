import type { Metadata } from 'next';
import Link from 'next/link';
import { EntryEditorForm } from '@/lib/journal/components/entry-editor-form';
import { getNewEntryPage } from '@/lib/journal/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'New journal entry' };

export default async function NewJournalEntryPage({ searchParams }: { searchParams: Promise<{ summary?: string | string[] }> }) {
  const { summary } = await searchParams;
  const editor = await getNewEntryPage({ summary: Array.isArray(summary) ? summary[0] : summary });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.portalJournal} className="text-hearth-700 underline underline-offset-2">
          Journal
        </Link>
      </p>
      <PageHeading title="New entry" intro={editor.summaryId ? 'Your therapist’s key points are quoted below: add your own thoughts under them.' : 'Your entry is saved as you type, and stays private unless you share it.'} />
      <EntryEditorForm {...editor} />
    </>
  );
}
