import Link from 'next/link';
import { routes } from '@/lib/routes';
import { formatDay, formatMoment } from './dates';

interface SharedItem {
  id: string;
  entryDate: string;
  title: string;
  excerpt: string;
  mood: number | null;
  sharedAt: Date;
}

/** The entries a client shares with the therapist, the latest share first, each marked with the date it was shared. */
export function SharedEntryListView({ clientId, clientName, entries, timeZone }: { clientId: string; clientName: string; entries: SharedItem[]; timeZone: string }) {
  if (entries.length === 0) return <p className="text-stone-700">{clientName} has not shared any journal entries with you.</p>;
  return (
    <ul aria-label="Shared journal entries, latest share first" className="space-y-3">
      {entries.map((entry) => (
        <li key={entry.id} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <p className="text-sm text-stone-600">
            Shared with you on {formatMoment(entry.sharedAt, timeZone)} · written {formatDay(entry.entryDate)}
          </p>
          <h3 className="text-base font-semibold">
            <Link href={routes.practiceClientJournalEntry(clientId, entry.id)} className="text-hearth-800 underline underline-offset-2">
              {entry.title}
            </Link>
          </h3>
          {entry.excerpt && <p className="mt-1 break-words text-stone-700">{entry.excerpt}</p>}
          {entry.mood !== null && <p className="mt-1 text-sm text-stone-600">Mood {entry.mood} of 10</p>}
        </li>
      ))}
    </ul>
  );
}
