import 'server-only';
import { getDb } from '@/db/client';
import { routes } from '@/lib/routes';
import { requireUser } from '../auth/guards';
import { auditQueryString, parseAuditQuery, type AuditQuery, type SearchParams } from './model';
import { practicePeople, queryAuditEvents } from './queries';

export type { SearchParams };

/** The signed-in admin's practice trail for the viewer's URL, with the people to filter by and links to the next pages. */
export async function getAuditTrail(searchParams: SearchParams) {
  const admin = await requireUser('audit:view');
  // Pages go by id, which a row has from its insert on, so rows the linker has not reached yet show all the same: the
  // viewer leaves linking to the recurring job rather than taking the chain's lock on every view.
  const db = await getDb();
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
