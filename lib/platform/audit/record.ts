import { desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { Actor } from '../actor';
import type { RequestContext } from '../http';
import type { AuditAction, AuditSubjectType } from './catalogue';
import { GENESIS_HASH, SYSTEM_CHAIN, chainHash, type ChainedContent } from './chain';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  practiceId: string | null;
  actorId?: string | null;
  action: AuditAction;
  subjectType?: AuditSubjectType;
  subjectId?: string;
  outcome?: AuditOutcome;
  metadata?: Record<string, string | number | boolean | null>;
  context: RequestContext;
}

/**
 * Appends to the practice's hash chain. Pass the transaction that makes the change, so the
 * change and its record commit or fail together. Appends to one chain are serialised by an
 * advisory lock held until that transaction ends.
 */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  const chain = entry.practiceId ?? SYSTEM_CHAIN;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'audit:' + chain}, 0))`);
    const [last] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(eq(auditEvents.chain, chain))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const content: ChainedContent = {
      chain,
      seq: (last?.seq ?? 0) + 1,
      practiceId: entry.practiceId,
      actorId: entry.actorId ?? null,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      outcome: entry.outcome ?? 'success',
      ip: entry.context.ip,
      userAgent: entry.context.userAgent,
      metadata: entry.metadata ?? null,
      createdAt: new Date(),
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    await tx.insert(auditEvents).values({
      ...content,
      outcome: content.outcome as AuditOutcome,
      prevHash,
      hash: chainHash(prevHash, content),
    });
  });
}

/** What differs between audit entries of one actor: the action, and optionally its subject, outcome and details. */
export interface AuditDetails {
  subjectType?: AuditSubjectType;
  subjectId?: string;
  outcome?: AuditOutcome;
  /** Code-chosen values only (role names, counts, reasons): never free text or health information. */
  metadata?: AuditEntry['metadata'];
}

/** Someone acting: a signed-in actor, or nobody known (a job, a failed sign-in) within a practice. */
export type AuditBy = Pick<Actor, 'id' | 'practiceId'> | { id: null; practiceId: string | null };

/** Records one event by `by`, in the caller's transaction. */
export function audit(tx: DbOrTx, by: AuditBy, context: RequestContext, action: AuditAction, details: AuditDetails = {}): Promise<void> {
  return recordAudit(tx, { practiceId: by.practiceId, actorId: by.id, action, context, ...details });
}
