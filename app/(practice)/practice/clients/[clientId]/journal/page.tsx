import type { Metadata } from 'next';
import Link from 'next/link';
import { SharedEntryListView } from '@/lib/journal/components/shared-entry-list-view';
import { getSharedJournal } from '@/lib/journal/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Shared journal entries' };

export default async function SharedJournalPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { client, entries, timeZone } = await getSharedJournal((await params).clientId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.practiceClient(client.id)} className="text-hearth-700 underline underline-offset-2">
          {client.name}
        </Link>
      </p>
      <PageHeading title="Shared journal entries" intro={`Entries ${client.name} chose to share with you. The rest of their journal is private, and they can stop sharing at any time.`} />
      <SharedEntryListView clientId={client.id} clientName={client.name} entries={entries} timeZone={timeZone} />
    </>
  );
}
