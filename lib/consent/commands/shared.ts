import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { recordingRequestEvents, recordingRequests, recordingSignatures, type RecordingRequestRow } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import type { AuditAction } from '@/lib/platform/audit/catalogue';
import { audit, type AuditBy, type AuditOutcome } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { SYSTEM_CONTEXT } from '@/lib/platform/http';
import { enqueue } from '@/lib/platform/jobs/queue';
import { notify } from '@/lib/platform/notifications/notify';
import { isClosed } from '../access';
import type { CommandRefusal, Party, RequestState } from '../model';
import { loadConsentRequest, requestForParty, sealOutcome, sealTerms, type ScopedRequest } from '../queries';
import { type ConsentRequest, type Effect, type RefusalReason, transition } from '../state';
import type { TermsProblem } from '../terms';

export type Saved = { status: 'saved'; requestId: string; state: RequestState; rowVersion: number; termsVersion: number };
export type Refused = { status: 'refused'; reason: RefusalReason | CommandRefusal; problems?: TermsProblem[] };
export type Conflict = { status: 'conflict' };
export type NotFound = { status: 'not-found' };
/** What every command on a request returns. 'not-found' is the same for a missing id and one out of scope. */
export type CommandResult = Saved | Refused | Conflict | NotFound;

export const DAY_MS = 24 * 60 * 60 * 1000;

export const saved = (row: RecordingRequestRow): Saved => ({
  status: 'saved',
  requestId: row.id,
  state: row.state,
  rowVersion: row.rowVersion,
  termsVersion: row.termsVersion,
});

/** Hearth itself, acting in a job: audited with no actor, in the request's practice. */
export const systemBy = (row: Pick<RecordingRequestRow, 'practiceId'>): AuditBy => ({ id: null, practiceId: row.practiceId });

export function auditRequest(
  tx: DbOrTx,
  by: AuditBy,
  context: RequestContext,
  action: AuditAction,
  requestId: string | null,
  details: { outcome?: AuditOutcome; metadata?: Record<string, string | number | boolean | null> } = {},
) {
  return audit(tx, by, context, action, { ...(requestId ? { subjectType: 'recording_request' as const, subjectId: requestId } : {}), ...details });
}

/** A refusal by the rules (or a conflict): recorded as a failure, with the reason code only, and nothing else changes. */
export async function refuse(
  tx: DbOrTx,
  actor: Actor,
  context: RequestContext,
  action: AuditAction,
  requestId: string,
  reason: RefusalReason | CommandRefusal,
  problems?: TermsProblem[],
): Promise<Refused | Conflict> {
  const conflict = reason === 'conflict' || reason === 'stale_terms';
  await auditRequest(tx, actor, context, action, requestId, { outcome: 'failure', metadata: { reason: conflict ? 'conflict' : reason } });
  if (conflict) return { status: 'conflict' };
  return problems ? { status: 'refused', reason, problems } : { status: 'refused', reason };
}

export const partyUser = (row: Pick<RecordingRequestRow, 'clientId' | 'therapistId'>, party: Party) => (party === 'client' ? row.clientId : row.therapistId);

/**
 * Writes the state machine's next request over the row (one more row version), voids the signatures it cleared, and
 * records the change in the status history. Returns the row as it now is.
 */
export async function persistTransition(
  tx: Tx,
  row: RecordingRequestRow,
  before: ConsentRequest,
  next: ConsentRequest,
  effects: Effect[],
  eventType: string,
  actorId: string | null,
  now: Date,
): Promise<RecordingRequestRow> {
  const [updated] = await tx
    .update(recordingRequests)
    .set({
      state: next.state,
      rowVersion: row.rowVersion + 1,
      termsVersion: next.terms.version,
      termsSha256: next.terms.sha256,
      ...(next.terms.sha256 !== before.terms.sha256 ? { termsSealed: sealTerms(next.terms.terms) } : {}),
      ticks: next.ticks,
      ...(next.outcome && next.outcome !== before.outcome ? { outcomeSealed: sealOutcome(next.outcome) } : {}),
      ...(next.outcome?.kind === 'declined' ? { alternatives: next.outcome.alternatives } : {}),
      ...(next.state === 'active' && before.state !== 'active' ? { activatedAt: now } : {}),
      ...(isClosed(next.state) && !isClosed(before.state) ? { closedAt: now } : {}),
      updatedAt: now,
    })
    .where(and(eq(recordingRequests.id, row.id), eq(recordingRequests.rowVersion, row.rowVersion)))
    .returning();
  // The row is held FOR UPDATE by this transaction: its version cannot have moved.
  if (!updated) throw new Error('recording request changed under its lock');
  const cleared = effects.flatMap((effect) => (effect.type === 'signatures_cleared' ? effect.parties : []));
  if (cleared.length > 0) {
    await tx
      .update(recordingSignatures)
      .set({ voidedAt: now })
      .where(and(eq(recordingSignatures.requestId, row.id), inArray(recordingSignatures.party, cleared), isNull(recordingSignatures.voidedAt)));
  }
  await recordEvent(tx, updated, eventType, before.state, actorId, now);
  return updated;
}

export function recordEvent(tx: DbOrTx, row: RecordingRequestRow, type: string, fromState: RequestState | null, actorId: string | null, now: Date) {
  return tx.insert(recordingRequestEvents).values({ requestId: row.id, actorId, type, fromState, toState: row.state, termsVersion: row.termsVersion, at: now });
}

/** Carries out what the rules asked for: notifications to the other person, and the deletion schedule on withdrawal. */
export async function applyEffects(tx: Tx, row: RecordingRequestRow, effects: Effect[], now: Date) {
  for (const effect of effects) {
    if (effect.type === 'notify') {
      await notify(tx, row.practiceId, [partyUser(row, effect.to)], `consent.${effect.kind}`, row.id);
    } else if (effect.type === 'schedule_deletion') {
      const days = effect.basis === 'withdrawal' ? effect.withinDays : effect.retentionDays;
      await enqueue(
        tx,
        'consent.delete_recordings',
        { requestId: row.id, basis: effect.basis },
        { key: `consent.delete_recordings:${row.id}`, runAt: new Date(now.getTime() + days * DAY_MS), practiceId: row.practiceId },
      );
    }
  }
}

/** The care relationship ended: the request ends with it, by Hearth, whatever stage it was at. */
export async function endForEndedCareIn(tx: Tx, row: RecordingRequestRow, now: Date): Promise<RecordingRequestRow> {
  const before = await loadConsentRequest(tx, row);
  const result = transition(before, { type: 'care_ended' }, 'system');
  if (!result.ok) return row;
  const updated = await persistTransition(tx, row, before, result.next, result.effects, 'care_ended', null, now);
  await notify(tx, row.practiceId, [row.clientId], 'consent.ended', row.id);
  await auditRequest(tx, systemBy(row), SYSTEM_CONTEXT, 'consent.ended', row.id, {
    metadata: { reason: 'care_ended', fromState: before.state, wasActive: before.state === 'active' },
  });
  return updated;
}

/**
 * Runs `work` on a request of the actor's, held FOR UPDATE, in one transaction. Anyone not one of its two people gets
 * 'not-found', audited as denied under the command's action. A request whose care relationship has ended is ended
 * first (only its client can still reach it), so what follows sees it closed.
 */
export function withRequest<T>(
  db: Db,
  actor: Actor,
  context: RequestContext,
  action: AuditAction,
  requestId: string,
  now: Date,
  work: (tx: Tx, scoped: ScopedRequest) => Promise<T>,
): Promise<T | NotFound> {
  return db.transaction(async (tx) => {
    const scoped = await requestForParty(tx, actor, requestId, { lock: true });
    if (!scoped) {
      await auditRequest(tx, actor, context, action, requestId, { outcome: 'denied', metadata: { reason: 'not_found' } });
      return { status: 'not-found' } as const;
    }
    if (!scoped.careOpen && !isClosed(scoped.row.state)) {
      return work(tx, { ...scoped, row: await endForEndedCareIn(tx, scoped.row, now) });
    }
    return work(tx, scoped);
  });
}

/**
 * One event of the state machine by one of the two people: refused (audited as a failure, nothing written), or
 * persisted with its history entry, its effects and its audit row.
 */
export async function runTransition(
  tx: Tx,
  actor: Actor,
  context: RequestContext,
  scoped: ScopedRequest,
  event: Parameters<typeof transition>[1],
  action: AuditAction,
  now: Date,
  options: {
    /** A further rule checked once the state machine allows the event, before anything is written. */
    check?: (before: ConsentRequest, next: ConsentRequest) => Promise<{ reason: RefusalReason | CommandRefusal; problems?: TermsProblem[] } | null>;
    metadata?: Record<string, string | number | boolean | null>;
  } = {},
): Promise<Saved | Refused | Conflict> {
  const before = await loadConsentRequest(tx, scoped.row);
  const result = transition(before, event, scoped.party);
  if (!result.ok) return refuse(tx, actor, context, action, scoped.row.id, result.reason, result.problems);
  const refusal = await options.check?.(before, result.next);
  if (refusal) return refuse(tx, actor, context, action, scoped.row.id, refusal.reason, refusal.problems);
  const row = await persistTransition(tx, scoped.row, before, result.next, result.effects, event.type, actor.id, now);
  await applyEffects(tx, row, result.effects, now);
  const cleared = result.effects.find((effect) => effect.type === 'signatures_cleared');
  await auditRequest(tx, actor, context, action, row.id, {
    metadata: {
      party: scoped.party,
      fromState: before.state,
      toState: row.state,
      termsVersion: row.termsVersion,
      ...(cleared ? { signaturesCleared: cleared.parties.length } : {}),
      ...options.metadata,
    },
  });
  return saved(row);
}
