import Link from 'next/link';

export interface SummaryListItem {
  id: string;
  href: string;
  therapistName: string;
  sessionDay: string;
  sharedAt: string;
  editedAt: string | null;
  unread: boolean;
}

/** The client's session notes, the latest session first: when, from whom, and whether it is new or was edited. */
export function SummaryListView({ summaries }: { summaries: SummaryListItem[] }) {
  if (summaries.length === 0) return <p className="text-stone-600">No session notes yet. When your therapist shares notes from a session, they appear here.</p>;
  return (
    <ul className="divide-y divide-stone-100" aria-label="Session notes, latest session first">
      {summaries.map((summary) => (
        <li key={summary.id} className="space-y-1 py-3">
          <p>
            <Link href={summary.href} className="font-medium text-hearth-700 underline underline-offset-2">
              Notes from your session on {summary.sessionDay}
            </Link>
            {summary.unread && <span className="ml-2 rounded bg-hearth-100 px-2 py-0.5 text-xs font-semibold text-hearth-800">New</span>}
          </p>
          <p className="text-sm text-stone-600">
            From {summary.therapistName}, shared {summary.sharedAt}
            {summary.editedAt && ` · edited on ${summary.editedAt}`}
          </p>
        </li>
      ))}
    </ul>
  );
}
