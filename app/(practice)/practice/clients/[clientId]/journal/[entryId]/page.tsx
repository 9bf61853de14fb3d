import type { Metadata } from 'next';
import Link from 'next/link';
import { EntryView } from '@/lib/journal/components/entry-view';
import { getSharedEntry } from '@/lib/journal/data';
import { titleOf } from '@/lib/journal/model';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Shared journal entry' };

export default async function SharedJournalEntryPage({ params }: { params: Promise<{ clientId: string; entryId: string }> }) {
  const { clientId, entryId } = await params;
  const { client, entry, timeZone } = await getSharedEntry(clientId, entryId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.practiceClientJournal(client.id)} className="text-hearth-700 underline underline-offset-2">
          Shared journal entries of {client.name}
        </Link>
      </p>
      <PageHeading title={titleOf(entry.content)} />
      <EntryView entry={entry} timeZone={timeZone} />
    </>
  );
}
