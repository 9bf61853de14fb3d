import 'server-only';
import { getDb } from '@/db/client';
import { linkChain } from '@/lib/platform/audit/link';
import { routes } from '@/lib/routes';
import { requireUser } from '../auth/guards';
import { auditQueryString, parseAuditQuery, type AuditQuery, type SearchParams } from './model';
import { practicePeople, queryAuditEvents } from './queries';

export type { SearchParams };

/** The signed-in admin's practice trail for the viewer's URL, with the people to filter by and links to the next pages. */
export async function getAuditTrail(searchParams: SearchParams) {
  const admin = await requireUser('audit:view');
  const db = await getDb();
  // Rows appended since the linker last ran get their place in the chain before the admin sees them.
  await linkChain(db, admin.practiceId, { wait: true });
  const people = await practicePeople(db, admin.practiceId);
  const { query, problems } = parseAuditQuery(searchParams, { actorIds: new Set(people.map((person) => person.id)) });
  const { rows, newerCursor, olderCursor } = await queryAuditEvents(db, { id: admin.practiceId, timeZone: admin.timeZone }, query);
  const filters: AuditQuery = { actorId: query.actorId, action: query.action, from: query.from, to: query.to };
  const link = (cursor: AuditQuery) => `${routes.adminAudit}${auditQueryString({ ...filters, ...cursor })}`;
  return {
    rows,
    filters,
    filtered: Object.values(filters).some(Boolean),
    paged: query.before !== undefined || query.after !== undefined,
    problems,
    people,
    timeZone: admin.timeZone,
    links: {
      newest: link({}),
      newer: newerCursor !== undefined ? link({ after: newerCursor }) : undefined,
      older: olderCursor !== undefined ? link({ before: olderCursor }) : undefined,
    },
  };
}
