import { and, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { companionEpisodes } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import { localTimeToInstant } from '@/lib/platform/clock';
import { clientKey } from '@/lib/platform/crypto/client-keys';
import { SYSTEM_CONTEXT, type RequestContext } from '@/lib/platform/http';
import { enqueue } from '@/lib/platform/jobs/queue';
import { notify, retractNotifications } from '@/lib/platform/notifications/notify';
import { removeEpisodeAudio } from '../files/commands';
import { currentContent, summaryOfAppointment, summarySession } from '../summaries/queries';
import { composeRefusal, deliverRefusal, isFollowUp } from './access';
import { FOLLOW_UPS_MAX, type EpisodeRefusal } from './model';
import type { ComposeEpisodeInput } from './schemas';
import { composeScript } from './script';
import { type EpisodeRow, episodeForJob, episodeOfSummary, episodesOfSummary, nameOf, openScript, sealScript } from './queries';

/**
 * The summary behind a companion command, for its therapist only, while care is open; when there is none, the refusal
 * is recorded (as denied) and null returned.
 */
async function summaryToUse(
  tx: Tx,
  actor: Actor,
  input: { clientId: string; appointmentId: string },
  request: RequestContext,
  action: 'companion.composed' | 'companion.released' | 'companion.withdrawn',
) {
  const scoped = await summarySession(tx, actor, input.clientId, input.appointmentId);
  const summary = scoped ? await summaryOfAppointment(tx, scoped.session.id, { lock: true }) : null;
  if (scoped && summary) return { ...scoped, summary };
  await audit(tx, actor, request, action, { subjectType: 'session_summary', subjectId: summary?.id, outcome: 'denied', metadata: { reason: 'not_found' } });
  return null;
}

/** The summary and one of its episodes, for a command on that episode; when either is missing, the refusal is audited. */
async function episodeToUse(
  tx: Tx,
  actor: Actor,
  input: { clientId: string; appointmentId: string; episodeId: string },
  request: RequestContext,
  action: 'companion.released' | 'companion.withdrawn',
) {
  const found = await summaryToUse(tx, actor, input, request, action);
  const episode = found ? await episodeOfSummary(tx, found.summary.id, input.episodeId) : null;
  if (found && episode) return { ...found, episode };
  if (found) await audit(tx, actor, request, action, { subjectType: 'companion_episode', outcome: 'denied', metadata: { reason: 'not_found' } });
  return null;
}

export type ComposeResult = { status: 'composed'; episodeId: string } | { status: 'refused'; reason: EpisodeRefusal } | { status: 'not-found' };

/**
 * Composes an episode from the shared summary as it reads now, for the therapist to preview; nothing reaches the
 * client until it is released. The episode after the session is sequence 0; follow-ups come after it, each at a time
 * of the therapist's choosing. Composing again replaces the unreleased draft of that place in the series.
 */
export function composeEpisode(db: DbOrTx, actor: Actor, input: ComposeEpisodeInput, request: RequestContext, now = new Date()): Promise<ComposeResult> {
  return db.transaction(async (tx): Promise<ComposeResult> => {
    const found = await summaryToUse(tx, actor, input, request, 'companion.composed');
    if (!found) return { status: 'not-found' };
    const { summary, care } = found;
    const content = summary.sharedAt ? await currentContent(tx, summary) : null;
    const episodes = await episodesOfSummary(tx, summary.id);
    const first = episodes.find((episode) => episode.sequence === 0) ?? null;
    const followUps = episodes.filter((episode) => episode.sequence > 0);
    const exerciseIndex = input.exercise ?? (content?.exercises.length ? 0 : null);
    const refusal = composeRefusal({
      kind: input.kind,
      shared: content !== null,
      exerciseCount: content?.exercises.length ?? 0,
      exerciseIndex,
      first,
      releasedFollowUps: followUps.filter((episode) => episode.status === 'released').length,
      followUpsMax: FOLLOW_UPS_MAX,
    });
    if (refusal) return { status: 'refused', reason: refusal };

    let deliverAt: Date | null = null;
    if (isFollowUp(input.kind)) {
      const local = localTimeToInstant(input.deliverDate!, minutesOf(input.deliverTime!), actor.timeZone);
      if (local.status !== 'ok') return { status: 'refused', reason: 'nonexistent_time' };
      const late = deliverRefusal(local.instant, now);
      if (late) return { status: 'refused', reason: late };
      deliverAt = local.instant;
    }

    const script = composeScript({
      kind: input.kind,
      clientName: care.clientName,
      therapistName: await nameOf(tx, actor.id),
      keyPoints: content!.keyPoints,
      exercise: exerciseIndex === null ? null : content!.exercises[exerciseIndex],
    });
    const scriptSealed = sealScript(script, await clientKey(tx, summary.clientId));
    // The draft this replaces: the first episode's, or the one unreleased follow-up.
    const draft = isFollowUp(input.kind) ? followUps.find((episode) => episode.status === 'draft') : first;
    let episodeId: string;
    if (draft) {
      // A withdrawn first episode becomes a fresh draft in its place (its audio is already destroyed).
      const fresh = { status: 'draft' as const, releasedAt: null, withdrawnAt: null, deliveredAt: null, fileId: null, durationSeconds: null };
      await tx.update(companionEpisodes).set({ scriptSealed, deliverAt, ...fresh }).where(eq(companionEpisodes.id, draft.id));
      episodeId = draft.id;
    } else {
      const sequence = isFollowUp(input.kind) ? Math.max(0, ...episodes.map((episode) => episode.sequence)) + 1 : 0;
      const [created] = await tx
        .insert(companionEpisodes)
        .values({ practiceId: actor.practiceId, summaryId: summary.id, clientId: summary.clientId, therapistId: actor.id, sequence, scriptSealed, deliverAt, createdAt: now })
        .returning({ id: companionEpisodes.id });
      episodeId = created.id;
    }
    await audit(tx, actor, request, 'companion.composed', { subjectType: 'companion_episode', subjectId: episodeId, metadata: { kind: input.kind } });
    return { status: 'composed', episodeId };
  });
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export type ReleaseResult = { status: 'released'; deliverAt: Date } | { status: 'refused'; reason: EpisodeRefusal } | { status: 'not-found' };

/**
 * The therapist releases a previewed episode. The one after the session is spoken into audio at once (a job) and
 * reaches the client when that is done; a follow-up is queued for its time, and is spoken and delivered then.
 */
export function releaseEpisode(
  db: DbOrTx,
  actor: Actor,
  input: { clientId: string; appointmentId: string; episodeId: string },
  request: RequestContext,
  now = new Date(),
): Promise<ReleaseResult> {
  return db.transaction(async (tx): Promise<ReleaseResult> => {
    const found = await episodeToUse(tx, actor, input, request, 'companion.released');
    if (!found) return { status: 'not-found' };
    const { episode } = found;
    if (episode.status !== 'draft') return { status: 'refused', reason: 'already_released' };
    if (episode.sequence > 0) {
      const [first] = (await episodesOfSummary(tx, found.summary.id)).filter((other) => other.sequence === 0);
      if (first?.status !== 'released') return { status: 'refused', reason: 'first_not_released' };
    }
    const deliverAt = episode.sequence === 0 ? now : episode.deliverAt!;
    if (episode.sequence > 0) {
      const late = deliverRefusal(deliverAt, now);
      if (late) return { status: 'refused', reason: late };
    }
    await tx.update(companionEpisodes).set({ status: 'released', releasedAt: now, deliverAt }).where(eq(companionEpisodes.id, episode.id));
    const options = { practiceId: actor.practiceId };
    if (episode.sequence === 0) await enqueue(tx, 'companion.synthesise', { episodeId: episode.id }, { ...options, key: `companion.synthesise:${episode.id}` });
    else await enqueue(tx, 'companion.deliver', { episodeId: episode.id }, { ...options, key: `companion.deliver:${episode.id}`, runAt: deliverAt });
    await audit(tx, actor, request, 'companion.released', { subjectType: 'companion_episode', subjectId: episode.id, metadata: { sequence: episode.sequence } });
    return { status: 'released', deliverAt };
  });
}

export type WithdrawResult = { status: 'withdrawn' } | { status: 'refused'; reason: EpisodeRefusal } | { status: 'not-found' };

/**
 * The therapist takes a released episode back, whether or not it has reached the client yet: the client no longer
 * sees or hears it, its audio is destroyed, and a follow-up still waiting is never delivered (its job finds it
 * withdrawn). Nothing is sent to the client about it, and the notification that it arrived is taken back.
 */
export function withdrawEpisode(
  db: DbOrTx,
  actor: Actor,
  input: { clientId: string; appointmentId: string; episodeId: string },
  request: RequestContext,
  now = new Date(),
): Promise<WithdrawResult> {
  return db.transaction(async (tx): Promise<WithdrawResult> => {
    const found = await episodeToUse(tx, actor, input, request, 'companion.withdrawn');
    if (!found) return { status: 'not-found' };
    const { episode } = found;
    if (episode.status !== 'released') return { status: 'refused', reason: 'not_released' };
    await tx.update(companionEpisodes).set({ status: 'withdrawn', withdrawnAt: now }).where(eq(companionEpisodes.id, episode.id));
    if (episode.fileId) await removeEpisodeAudio(tx, actor, episode.fileId, request, now);
    await retractNotifications(tx, episode.practiceId, 'companion.delivered', episode.id);
    await audit(tx, actor, request, 'companion.withdrawn', {
      subjectType: 'companion_episode',
      subjectId: episode.id,
      metadata: { sequence: episode.sequence, delivered: episode.deliveredAt !== null },
    });
    return { status: 'withdrawn' };
  });
}

/** The script of an episode, opened (for the job that speaks it). */
export async function scriptOf(db: DbOrTx, episode: Pick<EpisodeRow, 'clientId' | 'scriptSealed'>) {
  return openScript(episode.scriptSealed, await clientKey(db, episode.clientId));
}

/**
 * The episode's audio is stored: its file and length are kept, once, while the episode is still released. Audio that
 * arrives after the therapist withdrew the episode, or a second time, is removed again at once.
 */
export function attachAudio(db: Db, therapist: Actor, episodeId: string, audio: { fileId: string; seconds: number }, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const saved = await tx
      .update(companionEpisodes)
      .set({ fileId: audio.fileId, durationSeconds: Math.max(1, Math.round(audio.seconds)) })
      .where(and(eq(companionEpisodes.id, episodeId), eq(companionEpisodes.status, 'released'), isNull(companionEpisodes.fileId)))
      .returning({ id: companionEpisodes.id });
    if (saved.length === 1) return true;
    await removeEpisodeAudio(tx, therapist, audio.fileId, SYSTEM_CONTEXT, now);
    return false;
  });
}

/**
 * A released episode whose time has come reaches the client: marked delivered, audited and notified, once, and only
 * while care is open. Returns whether it was delivered now.
 */
export function deliverEpisode(db: Db, episodeId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const found = await episodeForJob(tx, episodeId, { lock: true });
    if (!found) return false;
    const { episode } = found;
    if (episode.status !== 'released' || episode.deliveredAt || !episode.fileId || found.careEndedOn !== null) return false;
    if (episode.deliverAt && episode.deliverAt.getTime() > now.getTime()) return false;
    await tx.update(companionEpisodes).set({ deliveredAt: now }).where(eq(companionEpisodes.id, episode.id));
    await audit(tx, { id: null, practiceId: episode.practiceId }, SYSTEM_CONTEXT, 'companion.delivered', {
      subjectType: 'companion_episode',
      subjectId: episode.id,
      metadata: { sequence: episode.sequence },
    });
    await notify(tx, episode.practiceId, [episode.clientId], 'companion.delivered', episode.id);
    return true;
  });
}
