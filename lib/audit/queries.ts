import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import { nextDay, startOfDay } from '@/lib/platform/clock';
import { AUDIT_PAGE_SIZE, type AuditQuery } from './model';

/** The people the person filter offers: everyone in the practice. */
export function practicePeople(db: DbOrTx, practiceId: string) {
  return db.select({ id: users.id, name: users.name }).from(users).where(eq(users.practiceId, practiceId)).orderBy(asc(users.name));
}

const actor = alias(users, 'actor');
const subjectUser = alias(users, 'subject_user');

/**
 * One page of a practice's audit trail, newest first. Only the practice's own chain is read,
 * and names are joined only from the practice's own users. Paged by id, which every row has from
 * its insert on (its seq comes only when the linker gives it its place in the chain).
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
  const cursor = newerPage ? gt(auditEvents.id, query.after!) : query.before !== undefined ? lt(auditEvents.id, query.before) : undefined;
  const found = await db
    .select({
      id: auditEvents.id,
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
    .orderBy(newerPage ? asc(auditEvents.id) : desc(auditEvents.id))
    .limit(pageSize);
  const rows = newerPage ? found.reverse() : found;

  const anyBeyond = async (condition: SQL) => {
    const [row] = await db.select({ id: auditEvents.id }).from(auditEvents).where(and(...filters, condition)).limit(1);
    return !!row;
  };
  const newest = rows.at(0)?.id;
  const oldest = rows.at(-1)?.id;
  return {
    rows,
    newerCursor: newest !== undefined && (await anyBeyond(gt(auditEvents.id, newest))) ? newest : undefined,
    olderCursor: oldest !== undefined && (await anyBeyond(lt(auditEvents.id, oldest))) ? oldest : undefined,
  };
}

export type AuditRow = Awaited<ReturnType<typeof queryAuditEvents>>['rows'][number];
