import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { practices, recordingRequests, sessionRecordingAnswers } from '@/db/schema';
import { SYSTEM_CONTEXT } from '@/lib/platform/http';
import { enqueue } from '@/lib/platform/jobs/queue';
import { notify } from '@/lib/platform/notifications/notify';
import { SESSION_CHECK_HOURS } from '../model';
import { ENDING_SOON_MS, agreementsInForce, coverage, loadConsentRequest, openTerms, requestsWithEndedCare, scheduledSessions } from '../queries';
import { transition } from '../state';
import { auditRequest, endForEndedCareIn, persistTransition, systemBy } from './shared';

/*
 * What Hearth does by itself, from the jobs: each change in a transaction of its own, audited with no actor.
 */

function lockRequest(tx: Tx, requestId: string) {
  return tx.select().from(recordingRequests).where(eq(recordingRequests.id, requestId)).for('update');
}

/** Ends an agreement in force whose last covered session has passed, or whose number of sessions has been reached. */
export function endAgreement(db: Db, input: { requestId: string; reason: 'end_date' | 'session_count' }, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await lockRequest(tx, input.requestId);
    if (!row) return false;
    const before = await loadConsentRequest(tx, row);
    const result = transition(before, { type: 'end', reason: input.reason }, 'system');
    if (!result.ok) return false;
    const updated = await persistTransition(tx, row, before, result.next, result.effects, 'end', null, now);
    await notify(tx, row.practiceId, [row.clientId, row.therapistId], 'consent.ended', row.id);
    await auditRequest(tx, systemBy(row), SYSTEM_CONTEXT, 'consent.ended', updated.id, { metadata: { reason: input.reason, fromState: before.state } });
    return true;
  });
}

/** Ends a request (in discussion or in force) whose care relationship has ended. */
export function endForEndedCare(db: Db, input: { requestId: string }, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await lockRequest(tx, input.requestId);
    if (!row) return false;
    const updated = await endForEndedCareIn(tx, row, now);
    return updated.state !== row.state;
  });
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * The recurring check: ends what should end (care ended, sessions over), and queues the reminders due, each once
 * (their job keys): "ends in 7 days", and "still OK to record?" in the day before each covered session not yet
 * answered. Access is already cut by the open-care join, so a few minutes' delay in ending is only bookkeeping.
 */
export async function sweepConsent(db: Db, now = new Date()) {
  let ended = 0;
  for (const requestId of await requestsWithEndedCare(db)) if (await endForEndedCare(db, { requestId }, now)) ended += 1;
  let reminders = 0;
  for (const agreement of await agreementsInForce(db, now)) {
    const { end } = agreement;
    if (end && (end.at === null || end.at <= now)) {
      if (await endAgreement(db, { requestId: agreement.id, reason: end.reason }, now)) ended += 1;
      continue;
    }
    const options = { practiceId: agreement.practiceId };
    if (end?.at && end.at.getTime() - now.getTime() <= ENDING_SOON_MS) {
      const queued = await enqueue(db, 'consent.ending_soon', { requestId: agreement.id }, { ...options, key: `consent.ending_soon:${agreement.id}` });
      if (queued !== null) reminders += 1;
    }
    for (const session of agreement.covered) {
      const until = session.startsAt.getTime() - now.getTime();
      if (until <= 0 || until > SESSION_CHECK_HOURS * HOUR_MS || agreement.answered.has(session.id)) continue;
      const queued = await enqueue(
        db,
        'consent.session_check',
        { requestId: agreement.id, appointmentId: session.id },
        { ...options, key: `consent.session_check:${agreement.id}:${session.id}` },
      );
      if (queued !== null) reminders += 1;
    }
  }
  return { ended, reminders };
}

/** "An agreement ends in 7 days", to both people, if it is still in force. */
export async function sendEndingSoon(db: Db, input: { requestId: string }) {
  await db.transaction(async (tx) => {
    const [row] = await lockRequest(tx, input.requestId);
    if (row?.state !== 'active') return;
    await notify(tx, row.practiceId, [row.clientId, row.therapistId], 'consent.ending_soon', row.id);
  });
}

/** "Still OK to record this session?", to the client, if the agreement still covers the session and it is not answered. */
export async function sendSessionCheck(db: Db, input: { requestId: string; appointmentId: string }, now = new Date()) {
  await db.transaction(async (tx) => {
    const [row] = await lockRequest(tx, input.requestId);
    if (row?.state !== 'active') return;
    const [answered] = await tx
      .select({ id: sessionRecordingAnswers.id })
      .from(sessionRecordingAnswers)
      .where(and(eq(sessionRecordingAnswers.requestId, row.id), eq(sessionRecordingAnswers.appointmentId, input.appointmentId)));
    if (answered) return;
    const sessions = await scheduledSessions(tx, [row.careRelationshipId]);
    const timeZone = await practiceTimeZone(tx, row.practiceId);
    const { covered } = coverage(row, openTerms(row.termsSealed), sessions, timeZone, now);
    if (!covered.some((session) => session.id === input.appointmentId && session.startsAt > now)) return;
    await notify(tx, row.practiceId, [row.clientId], 'consent.session_check', input.appointmentId);
  });
}

/**
 * The scheduled deletion of a withdrawn agreement's recordings. Hearth stores no recordings yet (the file-sharing
 * issue adds them and carries the deletion out here): the run is recorded, with nothing deleted.
 */
/** Records on the agreement that its scheduled deletion ran, and how many recordings it removed (lib/files carries it out). */
export async function runScheduledDeletion(db: Db, input: { requestId: string; basis: 'withdrawal' | 'retention'; removed: number }) {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ practiceId: recordingRequests.practiceId }).from(recordingRequests).where(eq(recordingRequests.id, input.requestId));
    if (!row) return;
    await auditRequest(tx, systemBy(row), SYSTEM_CONTEXT, 'consent.recordings_deletion_run', input.requestId, {
      metadata: { basis: input.basis, recordingsDeleted: input.removed },
    });
  });
}

async function practiceTimeZone(tx: DbOrTx, practiceId: string) {
  const [row] = await tx.select({ timeZone: practices.timeZone }).from(practices).where(eq(practices.id, practiceId));
  return row?.timeZone ?? 'UTC';
}
