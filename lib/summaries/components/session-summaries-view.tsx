import Link from 'next/link';
import { SUMMARY_STATUS_LABELS, type SummaryStatus } from '../model';

export interface SessionSummaryLink {
  id: string;
  label: string;
  status: SummaryStatus;
  edited: boolean;
  href: string;
}

/** The therapist's past sessions with one client, each with its summary's state and a link to write or edit it. */
export function SessionSummariesView({ sessions }: { sessions: SessionSummaryLink[] }) {
  if (sessions.length === 0) return <p className="text-stone-600">No past sessions yet. A summary can be written once a session has started.</p>;
  return (
    <ul className="divide-y divide-stone-100" aria-label="Summaries of past sessions">
      {sessions.map((session) => (
        <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
          <div>
            <p className="font-medium">{session.label}</p>
            <p className="text-sm text-stone-600">
              {SUMMARY_STATUS_LABELS[session.status]}
              {session.edited && ', edited since'}
            </p>
          </div>
          <Link
            href={session.href}
            className="inline-flex min-h-11 items-center rounded-lg px-3 py-2 text-sm font-medium text-hearth-700 ring-1 ring-stone-300 hover:bg-hearth-50"
          >
            {session.status === 'none' ? 'Write summary' : 'Edit summary'}
            <span className="sr-only"> of the session on {session.label}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
