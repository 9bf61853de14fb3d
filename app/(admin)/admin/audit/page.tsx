import type { Metadata } from 'next';
import Link from 'next/link';
import { getAuditTrail } from '@/lib/audit/data';
import { AuditFilters } from '@/lib/audit/viewer-filters';
import { auditQueryString, type SearchParams } from '@/lib/audit/viewer-query';
import { AuditTable } from '@/lib/audit/viewer-table';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Audit trail' };

const PAGE_LINK = 'inline-flex min-h-11 items-center rounded-lg px-4 py-2 text-sm font-semibold text-hearth-700 ring-1 ring-stone-300 hover:bg-stone-100';

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const trail = await getAuditTrail(await searchParams);
  const { query, rows, newerCursor, olderCursor } = trail;
  const filters = { actorId: query.actorId, action: query.action, from: query.from, to: query.to };
  const paged = query.before !== undefined || query.after !== undefined;
  const filtered = Object.values(filters).some(Boolean);
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
          <AuditFilters query={filters} people={trail.options.people} actions={trail.options.actions} />
        </Card>
        <Card title="Events">
          {rows.length === 0 ? (
            <p className="text-stone-600">
              {filtered || paged ? 'No events match these filters.' : 'Nothing has been recorded yet.'}{' '}
              {paged && (
                <Link href={`/admin/audit${auditQueryString(filters)}`} className="font-medium text-hearth-700 underline underline-offset-2">
                  Show the newest events
                </Link>
              )}
            </p>
          ) : (
            <AuditTable rows={rows} timeZone={trail.timeZone} />
          )}
          {(newerCursor !== undefined || olderCursor !== undefined) && (
            <nav aria-label="Audit trail pages" className="mt-4 flex justify-between gap-3">
              {newerCursor !== undefined ? (
                <Link href={`/admin/audit${auditQueryString({ ...filters, after: newerCursor })}`} className={PAGE_LINK}>
                  <span aria-hidden="true">←</span> Newer
                </Link>
              ) : (
                <span />
              )}
              {olderCursor !== undefined && (
                <Link href={`/admin/audit${auditQueryString({ ...filters, before: olderCursor })}`} className={PAGE_LINK}>
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
