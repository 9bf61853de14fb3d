import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { exercises, sessionSummaries, sessionSummaryVersions } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import { clientKey } from '@/lib/platform/crypto/client-keys';
import type { RequestContext } from '@/lib/platform/http';
import { notify } from '@/lib/platform/notifications/notify';
import { revisionOf, saveKind, summaryRefusal } from './access';
import type { SummaryContent, SummaryRefusal } from './model';
import { exerciseOfTherapist, sealContent, sealExercise, summaryOfAppointment, summarySession } from './queries';

// ---------------------------------------------------------------------------------------------------------------------
// The exercise library

export type ExerciseResult = { status: 'saved'; exerciseId: string } | { status: 'not-found' };

/** Adds an exercise to the therapist's library, or changes one of theirs still in it. Summaries keep their own copies. */
export function saveExercise(
  db: DbOrTx,
  actor: Actor,
  input: { exerciseId?: string; title: string; instructions: string },
  request: RequestContext,
  now = new Date(),
): Promise<ExerciseResult> {
  return db.transaction(async (tx): Promise<ExerciseResult> => {
    const contentSealed = sealExercise({ title: input.title, instructions: input.instructions });
    if (!input.exerciseId) {
      const [row] = await tx
        .insert(exercises)
        .values({ practiceId: actor.practiceId, therapistId: actor.id, contentSealed, createdAt: now })
        .returning({ id: exercises.id });
      await audit(tx, actor, request, 'exercises.changed', { subjectType: 'exercise', subjectId: row.id, metadata: { change: 'created' } });
      return { status: 'saved', exerciseId: row.id };
    }
    const found = await exerciseOfTherapist(tx, actor, input.exerciseId, { lock: true });
    if (!found || found.archivedAt) {
      await audit(tx, actor, request, 'exercises.changed', { subjectType: 'exercise', outcome: 'denied', metadata: { change: 'edited', reason: 'not_found' } });
      return { status: 'not-found' };
    }
    await tx.update(exercises).set({ contentSealed }).where(eq(exercises.id, found.id));
    await audit(tx, actor, request, 'exercises.changed', { subjectType: 'exercise', subjectId: found.id, metadata: { change: 'edited' } });
    return { status: 'saved', exerciseId: found.id };
  });
}

/** Takes an exercise out of the library (summaries that copied it keep their copy). */
export function archiveExercise(db: DbOrTx, actor: Actor, input: { exerciseId: string }, request: RequestContext, now = new Date()) {
  return db.transaction(async (tx): Promise<{ status: 'archived' | 'already-archived' | 'not-found' }> => {
    const found = await exerciseOfTherapist(tx, actor, input.exerciseId, { lock: true });
    if (!found) {
      await audit(tx, actor, request, 'exercises.changed', { subjectType: 'exercise', outcome: 'denied', metadata: { change: 'archived', reason: 'not_found' } });
      return { status: 'not-found' };
    }
    if (found.archivedAt) return { status: 'already-archived' };
    await tx.update(exercises).set({ archivedAt: now }).where(and(eq(exercises.id, found.id), isNull(exercises.archivedAt)));
    await audit(tx, actor, request, 'exercises.changed', { subjectType: 'exercise', subjectId: found.id, metadata: { change: 'archived' } });
    return { status: 'archived' };
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Summaries

export type SaveSummaryResult =
  | { status: 'saved' | 'shared' | 'edited'; summaryId: string; revision: string; version: number }
  | { status: 'refused'; reason: SummaryRefusal }
  | { status: 'conflict' }
  | { status: 'not-found' };

/**
 * The therapist saves the summary of one of their client's sessions. Before sharing, the one draft is edited in place
 * (the client sees nothing); "share" shows it to the client and tells them; from then on every save is a new version,
 * the client is told of the edit, and every earlier version is kept. A save names the revision it was made on: one
 * on top of a change made meanwhile (another window) is refused rather than silently overwriting it.
 */
export function saveSummary(
  db: DbOrTx,
  actor: Actor,
  input: { clientId: string; appointmentId: string; intent: 'draft' | 'share'; revision: string; content: SummaryContent },
  request: RequestContext,
  now = new Date(),
): Promise<SaveSummaryResult> {
  return db.transaction(async (tx): Promise<SaveSummaryResult> => {
    const found = await summarySession(tx, actor, input.clientId, input.appointmentId);
    if (!found) {
      await audit(tx, actor, request, 'summaries.saved', { subjectType: 'appointment', outcome: 'denied', metadata: { reason: 'not_found' } });
      return { status: 'not-found' };
    }
    const refusal = summaryRefusal(found.session, now);
    if (refusal) return { status: 'refused', reason: refusal };
    const existing = await summaryOfAppointment(tx, found.session.id, { lock: true });
    if (revisionOf(existing) !== input.revision) return { status: 'conflict' };
    const contentSealed = sealContent(input.content, await clientKey(tx, found.care.clientId));
    const kind = saveKind(existing, input.intent);
    // Strictly later than the last change, so a revision always names one state.
    const stamp = new Date(Math.max(now.getTime(), (existing?.updatedAt.getTime() ?? 0) + 1));

    if (!existing) {
      const [created] = await tx
        .insert(sessionSummaries)
        .values({
          practiceId: actor.practiceId,
          appointmentId: found.session.id,
          careRelationshipId: found.care.id,
          clientId: found.care.clientId,
          therapistId: actor.id,
          sharedAt: kind === 'shared' ? stamp : null,
          createdAt: stamp,
          updatedAt: stamp,
        })
        .onConflictDoNothing({ target: sessionSummaries.appointmentId })
        .returning({ id: sessionSummaries.id });
      // Another window created it in the meantime.
      if (!created) return { status: 'conflict' };
      await tx.insert(sessionSummaryVersions).values({ summaryId: created.id, version: 1, contentSealed, editedById: actor.id, editedAt: stamp });
      return finish(tx, actor, request, kind, { id: created.id, clientId: found.care.clientId, version: 1, stamp });
    }

    if (kind === 'new_version') {
      const version = existing.currentVersion + 1;
      await tx.insert(sessionSummaryVersions).values({ summaryId: existing.id, version, contentSealed, editedById: actor.id, editedAt: stamp });
      await tx.update(sessionSummaries).set({ currentVersion: version, updatedAt: stamp }).where(eq(sessionSummaries.id, existing.id));
      return finish(tx, actor, request, kind, { id: existing.id, clientId: existing.clientId, version, stamp });
    }

    await tx
      .update(sessionSummaryVersions)
      .set({ contentSealed, editedById: actor.id, editedAt: stamp })
      .where(and(eq(sessionSummaryVersions.summaryId, existing.id), eq(sessionSummaryVersions.version, existing.currentVersion)));
    await tx
      .update(sessionSummaries)
      .set({ updatedAt: stamp, ...(kind === 'shared' ? { sharedAt: stamp } : {}) })
      .where(eq(sessionSummaries.id, existing.id));
    return finish(tx, actor, request, kind, { id: existing.id, clientId: existing.clientId, version: existing.currentVersion, stamp });
  });
}

const SAVE_AUDIT = { created: 'summaries.saved', draft_updated: 'summaries.saved', shared: 'summaries.shared', new_version: 'summaries.edited' } as const;
const SAVE_STATUS = { created: 'saved', draft_updated: 'saved', shared: 'shared', new_version: 'edited' } as const;

async function finish(
  tx: Tx,
  actor: Actor,
  request: RequestContext,
  kind: ReturnType<typeof saveKind>,
  summary: { id: string; clientId: string; version: number; stamp: Date },
): Promise<SaveSummaryResult> {
  await audit(tx, actor, request, SAVE_AUDIT[kind], { subjectType: 'session_summary', subjectId: summary.id, metadata: { version: summary.version } });
  if (kind === 'shared') await notify(tx, actor.practiceId, [summary.clientId], 'summaries.shared', summary.id);
  if (kind === 'new_version') await notify(tx, actor.practiceId, [summary.clientId], 'summaries.edited', summary.id);
  return { status: SAVE_STATUS[kind], summaryId: summary.id, revision: String(summary.stamp.getTime()), version: summary.version };
}

/** The client opened one of their summaries: audited, and its first reading noted (the therapist sees "read"). */
export async function noteClientRead(tx: DbOrTx, client: Actor, summary: { id: string; clientFirstReadAt: Date | null }, request: RequestContext, now: Date) {
  await audit(tx, client, request, 'summaries.read', { subjectType: 'session_summary', subjectId: summary.id });
  if (!summary.clientFirstReadAt) {
    await tx.update(sessionSummaries).set({ clientFirstReadAt: now }).where(and(eq(sessionSummaries.id, summary.id), isNull(sessionSummaries.clientFirstReadAt)));
  }
}
