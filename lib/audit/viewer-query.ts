import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import { isIsoDate, nextDay, startOfDay } from '@/lib/platform/clock';

export const AUDIT_PAGE_SIZE = 50;

/** What the viewer shows: filters plus a keyset cursor on the chain's sequence number. */
export interface AuditQuery {
  actorId?: string;
  action?: string;
  /** Whole days (YYYY-MM-DD) in the practice's time zone, both inclusive. */
  from?: string;
  to?: string;
  /** Rows older than this seq (the "Older" link) or newer than it (the "Newer" link). */
  before?: number;
  after?: number;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const cursorSchema = z.string().regex(/^[1-9]\d{0,14}$/).transform(Number);

/**
 * Reads the viewer's URL. Anything unusable is dropped with a plain-language note, so a
 * mistyped or stale link still shows the trail. A person or action this practice has never
 * seen is treated the same as a malformed one: no hint about other practices.
 */
export function parseAuditQuery(params: SearchParams, known: { actorIds: ReadonlySet<string>; actions: ReadonlySet<string> }) {
  const query: AuditQuery = {};
  const problems: string[] = [];
  const single = (name: string) => {
    const value = params[name];
    if (Array.isArray(value)) return { given: true, value: undefined };
    return { given: !!value, value: value || undefined };
  };

  const actor = single('actor');
  if (actor.value && known.actorIds.has(actor.value)) query.actorId = actor.value;
  else if (actor.given) problems.push('The person filter was not recognised, so it was ignored.');

  const action = single('action');
  if (action.value && known.actions.has(action.value)) query.action = action.value;
  else if (action.given) problems.push('The action filter was not recognised, so it was ignored.');

  const from = single('from');
  const to = single('to');
  const fromOk = !!from.value && isIsoDate(from.value);
  const toOk = !!to.value && isIsoDate(to.value);
  if (from.given && !fromOk) problems.push('The From date was not a valid date, so it was ignored.');
  if (to.given && !toOk) problems.push('The To date was not a valid date, so it was ignored.');
  if (fromOk && toOk && to.value! < from.value!) {
    problems.push('The To date is before the From date, so the date range was ignored.');
  } else {
    if (fromOk) query.from = from.value;
    if (toOk) query.to = to.value;
  }

  const beforeParam = single('before');
  const afterParam = single('after');
  const before = cursorSchema.safeParse(beforeParam.value);
  const after = cursorSchema.safeParse(afterParam.value);
  if (before.success && !afterParam.given) query.before = before.data;
  else if (after.success && !beforeParam.given) query.after = after.data;
  else if (beforeParam.given || afterParam.given) problems.push('The page link was not valid, so the newest events are shown.');

  return { query, problems };
}

/** The query as URL parameters (filters only, or with a cursor), for links that keep the filters. */
export function auditQueryString(query: AuditQuery): string {
  const params = new URLSearchParams();
  if (query.actorId) params.set('actor', query.actorId);
  if (query.action) params.set('action', query.action);
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  if (query.before) params.set('before', String(query.before));
  if (query.after) params.set('after', String(query.after));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The people and actions the filters offer: everyone in the practice, every action it has recorded. */
export async function auditFilterOptions(db: DbOrTx, practiceId: string) {
  const [people, actions] = await Promise.all([
    db.select({ id: users.id, name: users.name }).from(users).where(eq(users.practiceId, practiceId)).orderBy(asc(users.name)),
    db.selectDistinct({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.chain, practiceId)).orderBy(asc(auditEvents.action)),
  ]);
  return { people, actions: actions.map((row) => row.action) };
}

const actor = alias(users, 'actor');
const subjectUser = alias(users, 'subject_user');

/**
 * One page of a practice's audit trail, newest first. Only the practice's own chain is read,
 * and names are joined only from the practice's own users.
 */
export async function queryAuditEvents(
  db: DbOrTx,
  practice: { id: string; timeZone: string },
  query: AuditQuery,
  pageSize = AUDIT_PAGE_SIZE,
) {
  const filters: SQL[] = [eq(auditEvents.chain, practice.id)];
  if (query.actorId) filters.push(eq(auditEvents.actorId, query.actorId));
  if (query.action) filters.push(eq(auditEvents.action, query.action));
  if (query.from) filters.push(gte(auditEvents.createdAt, startOfDay(query.from, practice.timeZone)));
  if (query.to) filters.push(lt(auditEvents.createdAt, startOfDay(nextDay(query.to), practice.timeZone)));

  const newerPage = query.after !== undefined;
  const cursor = newerPage ? gt(auditEvents.seq, query.after!) : query.before !== undefined ? lt(auditEvents.seq, query.before) : undefined;
  const found = await db
    .select({
      id: auditEvents.id,
      seq: auditEvents.seq,
      createdAt: auditEvents.createdAt,
      actorId: auditEvents.actorId,
      actorName: actor.name,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      subjectName: subjectUser.name,
      outcome: auditEvents.outcome,
      ip: auditEvents.ip,
      metadata: auditEvents.metadata,
    })
    .from(auditEvents)
    .leftJoin(actor, and(eq(actor.id, auditEvents.actorId), eq(actor.practiceId, practice.id)))
    .leftJoin(
      subjectUser,
      and(eq(auditEvents.subjectType, 'user'), eq(auditEvents.subjectId, sql`${subjectUser.id}::text`), eq(subjectUser.practiceId, practice.id)),
    )
    .where(and(...filters, cursor))
    // A "Newer" page takes the oldest rows above the cursor, then shows them newest first.
    .orderBy(newerPage ? asc(auditEvents.seq) : desc(auditEvents.seq))
    .limit(pageSize);
  const rows = newerPage ? found.reverse() : found;

  const anyBeyond = async (condition: SQL) => {
    const [row] = await db.select({ seq: auditEvents.seq }).from(auditEvents).where(and(...filters, condition)).limit(1);
    return !!row;
  };
  const newest = rows.at(0)?.seq;
  const oldest = rows.at(-1)?.seq;
  return {
    rows,
    newerCursor: newest !== undefined && (await anyBeyond(gt(auditEvents.seq, newest))) ? newest : undefined,
    olderCursor: oldest !== undefined && (await anyBeyond(lt(auditEvents.seq, oldest))) ? oldest : undefined,
  };
}

export type AuditRow = Awaited<ReturnType<typeof queryAuditEvents>>['rows'][number];
