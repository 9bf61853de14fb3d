import type { DbOrTx } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { Actor } from '../actor';
import type { RequestContext } from '../http';
import { AUDIT_READ_ACTIONS, type AuditAction, type AuditSubjectType } from './catalogue';
import { SYSTEM_CHAIN } from './chain';

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
 * HEARTH_BENCH_UNAUDITED_READS=yes is for bench/audit.mjs alone, which compares a page with and without the audit
 * row of its read: successful reads (AUDIT_READ_ACTIONS) are then not recorded. Changes, refusals and failures are
 * recorded whatever it says. Never set it in a deployment.
 */
const UNAUDITED_READS_SWITCH = 'HEARTH_BENCH_UNAUDITED_READS';
let warnedUnauditedReads = false;

function skippedAsBenchmarkRead(entry: AuditEntry): boolean {
  if (process.env[UNAUDITED_READS_SWITCH] !== 'yes' || !AUDIT_READ_ACTIONS.has(entry.action) || (entry.outcome ?? 'success') !== 'success') return false;
  if (!warnedUnauditedReads) {
    warnedUnauditedReads = true;
    console.warn(`[hearth] ${UNAUDITED_READS_SWITCH}=yes: successful reads of health data are NOT audited (benchmarks only).`);
  }
  return true;
}

/**
 * Appends to the practice's audit trail. Pass the transaction that makes the change, so the
 * change and its record commit or fail together. The row is written unlinked and without any
 * lock, so audited transactions of one practice never wait on each other (a sign-in hashing a
 * password holds up nobody); the linker (link.ts) gives it its place in the hash chain once
 * it has committed.
 */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  if (skippedAsBenchmarkRead(entry)) return;
  await db.insert(auditEvents).values({
    chain: entry.practiceId ?? SYSTEM_CHAIN,
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
