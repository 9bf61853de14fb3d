import 'server-only';
import { getDb } from '@/db/client';
import { requireUser } from '../auth/guards';
import { auditFilterOptions, parseAuditQuery, queryAuditEvents, type SearchParams } from './viewer-query';

/** The signed-in admin's practice trail for the viewer's URL, with what the filters offer. */
export async function getAuditTrail(searchParams: SearchParams) {
  const admin = await requireUser('audit:view');
  const db = await getDb();
  const options = await auditFilterOptions(db, admin.practiceId);
  const { query, problems } = parseAuditQuery(searchParams, {
    actorIds: new Set(options.people.map((person) => person.id)),
    actions: new Set(options.actions),
  });
  const page = await queryAuditEvents(db, { id: admin.practiceId, timeZone: admin.timeZone }, query);
  return { ...page, query, problems, options, timeZone: admin.timeZone };
}
