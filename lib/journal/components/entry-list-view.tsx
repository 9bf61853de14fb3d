import Link from 'next/link';
import { routes } from '@/lib/routes';
import type { EntryListItem } from '../model';
import { formatDay, formatMoment } from './dates';

/** The share line of an entry in the list: with whom, since when, and whether it was opened. */
function shareLine(item: EntryListItem, timeZone: string) {
  if (!item.share) return 'Private';
  const opened = item.share.lastOpenedAt ? `opened ${formatMoment(item.share.lastOpenedAt, timeZone)}` : 'not opened yet';
  return `Shared with ${item.share.therapistName} on ${formatMoment(item.share.sharedAt, timeZone)} · ${opened}`;
}

/** Entries as a list, the latest first: date, title, mood, tags, the first words, and whether it is shared. */
export function EntryListView({ entries, timeZone, label }: { entries: EntryListItem[]; timeZone: string; label: string }) {
  return (
    <ul aria-label={label} className="space-y-3">
      {entries.map((item) => (
        <li key={item.id} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200">
          <p className="text-sm text-stone-600">{formatDay(item.entryDate)}</p>
          <h3 className="text-base font-semibold text-stone-900">
            <Link href={routes.portalJournalEntry(item.id)} className="text-hearth-800 underline underline-offset-2">
              {item.title}
            </Link>
          </h3>
          {item.excerpt && <p className="mt-1 break-words text-stone-700">{item.excerpt}</p>}
          <p className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-sm text-stone-600">
            {item.mood !== null && <span>Mood {item.mood} of 10</span>}
            {item.tags.length > 0 && <span>Tags: {item.tags.join(', ')}</span>}
            <span>{shareLine(item, timeZone)}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
