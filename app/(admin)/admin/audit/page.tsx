import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditFilters } from '@/lib/audit/components/filters-view';
import { AuditTable } from '@/lib/audit/components/trail-view';
import { getAuditTrail, type SearchParams } from '@/lib/audit/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Audit trail' };

const PAGE_LINK = 'inline-flex min-h-11 items-center rounded-lg px-4 py-2 text-sm font-semibold text-hearth-700 ring-1 ring-stone-300 hover:bg-stone-100';

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const trail = await getAuditTrail(await searchParams);
  const { rows, links } = trail;
  return (
    <>
      <PageHeading
        title="Audit trail"
        intro={`Everything that happened in your practice, newest first. Times and dates are in the practice time zone (${trail.timeZone.replaceAll('_', ' ')}).`}
      />
      <div className="space-y-6">
        <Card title="Filter">
          {trail.problems.length > 0 && (
            <div role="status" className="mb-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
              <ul className="list-inside list-disc">
                {trail.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
          <AuditFilters query={trail.filters} people={trail.people} />
        </Card>
        <Card title="Events">
          {rows.length === 0 ? (
            <p className="text-stone-600">
              {trail.filtered || trail.paged ? 'No events match these filters.' : 'Nothing has been recorded yet.'}{' '}
              {trail.paged && (
                <Link href={links.newest} className="font-medium text-hearth-700 underline underline-offset-2">
                  Show the newest events
                </Link>
              )}
            </p>
          ) : (
            <AuditTable rows={rows} timeZone={trail.timeZone} />
          )}
          {(links.newer || links.older) && (
            <nav aria-label="Audit trail pages" className="mt-4 flex justify-between gap-3">
              {links.newer ? (
                <Link href={links.newer} className={PAGE_LINK}>
                  <span aria-hidden="true">←</span> Newer
                </Link>
              ) : (
                <span />
              )}
              {links.older && (
                <Link href={links.older} className={PAGE_LINK}>
                  Older <span aria-hidden="true">→</span>
                </Link>
              )}
            </nav>
          )}
        </Card>
      </div>
    </>
  );
}
