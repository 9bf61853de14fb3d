import Link from 'next/link';

export interface DueSummary {
  id: string;
  clientName: string;
  label: string;
  href: string;
}

/**
 * The dashboard's reminder for clients who chose summaries instead of recording: each session that ended without a
 * shared summary. Nothing shows when none is due.
 */
export function SummariesDueView({ due }: { due: DueSummary[] }) {
  if (due.length === 0) return null;
  return (
    <section aria-labelledby="summaries-due" className="mb-6 rounded-xl bg-amber-50 p-5 shadow-sm ring-1 ring-amber-200">
      <h2 id="summaries-due" className="mb-1 text-lg font-semibold text-stone-900">
        A summary is due
      </h2>
      <p className="mb-3 text-sm text-stone-700">These clients chose session summaries instead of recording. These sessions have ended without one shared.</p>
      <ul className="divide-y divide-amber-200">
        {due.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <p>
              <span className="font-medium">{session.clientName}</span>
              <span className="block text-sm text-stone-700">{session.label}</span>
            </p>
            <Link href={session.href} className="inline-flex min-h-11 items-center rounded-lg bg-white px-3 py-2 text-sm font-medium text-hearth-700 ring-1 ring-stone-300">
              Write summary<span className="sr-only"> for {session.clientName}, {session.label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
