import { eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { recordingMessageReads, recordingMessages, recordingRequests } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { seal } from '@/lib/platform/crypto/secretbox';
import type { RequestContext } from '@/lib/platform/http';
import { notify } from '@/lib/platform/notifications/notify';
import { getRecordingSettings } from '../../recording/queries';
import { isClosed, mayChangeSectionContent, mayMessage, mayWritePreferences, otherParty } from '../access';
import { type Alternative, type ConsentTerms, MESSAGE_MAX, PREFERENCES_MAX, type Section } from '../model';
import {
  careBetween,
  clientHasAcknowledgedRecordingPolicy,
  liveRequestOf,
  openText,
  practiceLimits,
  scheduledSessions,
  sealTerms,
  type ScopedRequest,
} from '../queries';
import { openRequest as openPure } from '../state';
import { normaliseAlternatives } from '../terms';
import {
  type CommandResult,
  type Conflict,
  type NotFound,
  type Refused,
  type Saved,
  applyEffects,
  auditRequest,
  partyUser,
  recordEvent,
  refuse,
  runTransition,
  saved,
  withRequest,
} from './shared';

export type OpenResult = Saved | Refused | NotFound | { status: 'already-open'; requestId: string };

/**
 * Every chosen session must be an upcoming, scheduled session of this care relationship (terms.ts checks only that
 * each is an id).
 */
async function chosenSessionsProblem(tx: Tx, careRelationshipId: string, terms: ConsentTerms, now: Date) {
  if (terms.sessions.kind !== 'chosen') return false;
  const upcoming = new Set((await scheduledSessions(tx, [careRelationshipId])).filter((s) => s.startsAt > now).map((s) => s.id.toLowerCase()));
  return !terms.sessions.appointmentIds.every((id) => upcoming.has(id.toLowerCase()));
}

/**
 * Opens a recording request between the actor and the other person of an open care relationship (the client names
 * their therapist, the therapist their client), with the opener's proposed terms as version 1. What the practice
 * allows decides: "never" is refused with the alternatives; who may open follows its settings; the terms are checked
 * against its limits, which the request keeps a copy of. One request in progress or in force per relationship.
 */
export function openRequest(
  db: Db,
  actor: Actor,
  input: { clientId?: string; therapistId?: string; terms: ConsentTerms },
  context: RequestContext,
  now = new Date(),
): Promise<OpenResult> {
  const action = 'consent.request_opened';
  return db.transaction(async (tx): Promise<OpenResult> => {
    // The relationship row is locked, so two requests opened at once on it are one after the other.
    const care = await careBetween(tx, actor, input, { lock: true });
    if (!care) {
      await auditRequest(tx, actor, context, action, null, { outcome: 'denied', metadata: { reason: 'not_found' } });
      return { status: 'not-found' };
    }
    const live = await liveRequestOf(tx, care.id);
    if (live) {
      await auditRequest(tx, actor, context, action, live.id, { outcome: 'failure', metadata: { reason: 'already_open' } });
      return { status: 'already-open', requestId: live.id };
    }
    const party = actor.role === 'client' ? 'client' : 'therapist';
    const settings = await getRecordingSettings(tx, actor.practiceId);
    const result = openPure({ actor: party, allowed: settings.allowed, openers: settings.requestOpeners, limits: practiceLimits(settings), terms: input.terms });
    const refusal = (reason: Refused['reason'], problems?: Refused['problems']): Promise<Refused> =>
      auditRequest(tx, actor, context, action, null, { outcome: 'failure', metadata: { reason } }).then(() =>
        problems ? { status: 'refused', reason, problems } : { status: 'refused', reason },
      );
    if (!result.ok) return refusal(result.reason, result.problems);
    if (await chosenSessionsProblem(tx, care.id, input.terms, now)) return refusal('invalid_terms', ['invalid_appointment']);
    const { next } = result;
    const [row] = await tx
      .insert(recordingRequests)
      .values({
        practiceId: actor.practiceId,
        careRelationshipId: care.id,
        clientId: care.clientId,
        therapistId: care.therapistId,
        openedBy: next.openedBy,
        state: next.state,
        limits: next.limits,
        termsVersion: next.terms.version,
        termsSealed: sealTerms(next.terms.terms),
        termsSha256: next.terms.sha256,
        ticks: next.ticks,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordEvent(tx, row, 'opened', null, actor.id, now);
    await applyEffects(tx, row, result.effects, now);
    await auditRequest(tx, actor, context, action, row.id, { metadata: { party, termsVersion: row.termsVersion } });
    return { status: 'saved', requestId: row.id, state: row.state, rowVersion: row.rowVersion, termsVersion: row.termsVersion };
  });
}

/** The person acted on a version of the request they no longer see; a closed request answers 'closed' instead. */
const isStale = (scoped: ScopedRequest, rowVersion: number) => !isClosed(scoped.row.state) && rowVersion !== scoped.row.rowVersion;

/**
 * Ticks a section as discussed. `rowVersion` is the version of the request the person was looking at: if anything
 * changed since, they would be ticking something they have not seen, and it is refused as a conflict. The practice's
 * policy section needs the client to have acknowledged the recording policy in force.
 */
export function tickSection(
  db: Db,
  actor: Actor,
  input: { requestId: string; section: Section; rowVersion: number },
  context: RequestContext,
  now = new Date(),
): Promise<CommandResult> {
  const action = 'consent.section_ticked';
  return withRequest(db, actor, context, action, input.requestId, now, async (tx, scoped) => {
    if (isStale(scoped, input.rowVersion)) return refuse(tx, actor, context, action, scoped.row.id, 'conflict');
    return runTransition(tx, actor, context, scoped, { type: 'tick_section', section: input.section }, action, now, {
      metadata: { section: input.section },
      check: async () =>
        input.section === 'practice_policy' && !(await clientHasAcknowledgedRecordingPolicy(tx, scoped.row, actor.timeZone, now))
          ? { reason: 'policy_not_acknowledged' }
          : null,
    });
  });
}

/** Unticks a section: it is open for discussion again (and signing waits), with the same version check as ticking. */
export function untickSection(
  db: Db,
  actor: Actor,
  input: { requestId: string; section: Section; rowVersion: number },
  context: RequestContext,
  now = new Date(),
): Promise<CommandResult> {
  const action = 'consent.section_unticked';
  return withRequest(db, actor, context, action, input.requestId, now, async (tx, scoped) => {
    if (isStale(scoped, input.rowVersion)) return refuse(tx, actor, context, action, scoped.row.id, 'conflict');
    return runTransition(tx, actor, context, scoped, { type: 'untick_section', section: input.section }, action, now, { metadata: { section: input.section } });
  });
}

/**
 * Proposes new terms. `baseVersion` is the terms version the editor started from: when the terms changed meanwhile,
 * the later save is refused as a conflict and the editor keeps what they typed. Any signature is cleared and the other
 * person is told.
 */
export function changeTerms(
  db: Db,
  actor: Actor,
  input: { requestId: string; baseVersion: number; terms: ConsentTerms },
  context: RequestContext,
  now = new Date(),
): Promise<CommandResult> {
  const action = 'consent.terms_changed';
  return withRequest(db, actor, context, action, input.requestId, now, (tx, scoped) =>
    runTransition(tx, actor, context, scoped, { type: 'change_terms', baseVersion: input.baseVersion, terms: input.terms }, action, now, {
      check: async () =>
        (await chosenSessionsProblem(tx, scoped.row.careRelationshipId, input.terms, now)) ? { reason: 'invalid_terms', problems: ['invalid_appointment'] } : null,
    }),
  );
}

/** Content of a section other than the signed terms: written while the request is in discussion only. */
function contentRefusal(scoped: ScopedRequest): Refused['reason'] | null {
  const { state } = scoped.row;
  if (mayChangeSectionContent(state)) return null;
  if (state === 'active') return 'agreement_active';
  return state === 'awaiting_signatures' ? 'reopen_first' : 'closed';
}

/** Clears both ticks of a section whose content changed, so both discuss it afresh (in discussion, as unticking does). */
const withSectionReopened = (ticks: ScopedRequest['row']['ticks'], section: string) => ({ ...ticks, [section]: { client: false, therapist: false } });

const normaliseText = (value: string | null) => value?.normalize('NFC').trim() || null;

/**
 * The therapist's own preferences, in their words (section 2), sealed. Both ticks of the section are cleared, so the
 * client reads the new words before ticking again. Version-checked like a tick.
 */
export function savePreferences(
  db: Db,
  actor: Actor,
  input: { requestId: string; rowVersion: number; preferences: string | null },
  context: RequestContext,
  now = new Date(),
): Promise<CommandResult> {
  const action = 'consent.preferences_changed';
  return withRequest(db, actor, context, action, input.requestId, now, async (tx, scoped) => {
    if (!mayWritePreferences(scoped.party)) return refuse(tx, actor, context, action, scoped.row.id, 'therapist_only');
    const refusal = contentRefusal(scoped);
    if (refusal) return refuse(tx, actor, context, action, scoped.row.id, refusal);
    if (input.rowVersion !== scoped.row.rowVersion) return refuse(tx, actor, context, action, scoped.row.id, 'conflict');
    const preferences = normaliseText(input.preferences);
    if (preferences && [...preferences].length > PREFERENCES_MAX) return refuse(tx, actor, context, action, scoped.row.id, 'preferences_too_long');
    if (preferences === openText(scoped.row.therapistPreferencesSealed)) return saved(scoped.row);
    const [row] = await tx
      .update(recordingRequests)
      .set({
        therapistPreferencesSealed: preferences ? seal(preferences) : null,
        ticks: withSectionReopened(scoped.row.ticks, 'practice_policy'),
        rowVersion: scoped.row.rowVersion + 1,
        updatedAt: now,
      })
      .where(eq(recordingRequests.id, scoped.row.id))
      .returning();
    await recordEvent(tx, row, 'preferences_changed', scoped.row.state, actor.id, now);
    await notify(tx, row.practiceId, [row.clientId], 'consent.discussion_updated', row.id);
    await auditRequest(tx, actor, context, action, row.id, { metadata: { party: scoped.party, section: 'practice_policy', cleared: !preferences } });
    return saved(row);
  });
}

/**
 * Proposes alternatives to recording (section 5), by either person: the set proposed replaces the last. Both ticks of
 * the section are cleared. Version-checked like a tick.
 */
export function proposeAlternatives(
  db: Db,
  actor: Actor,
  input: { requestId: string; rowVersion: number; alternatives: Alternative[] },
  context: RequestContext,
  now = new Date(),
): Promise<CommandResult> {
  const action = 'consent.alternatives_proposed';
  return withRequest(db, actor, context, action, input.requestId, now, async (tx, scoped) => {
    const refusal = contentRefusal(scoped);
    if (refusal) return refuse(tx, actor, context, action, scoped.row.id, refusal);
    if (input.rowVersion !== scoped.row.rowVersion) return refuse(tx, actor, context, action, scoped.row.id, 'conflict');
    const alternatives = normaliseAlternatives(input.alternatives);
    if (alternatives.join() === scoped.row.alternatives.join()) return saved(scoped.row);
    const [row] = await tx
      .update(recordingRequests)
      .set({ alternatives, ticks: withSectionReopened(scoped.row.ticks, 'alternatives'), rowVersion: scoped.row.rowVersion + 1, updatedAt: now })
      .where(eq(recordingRequests.id, scoped.row.id))
      .returning();
    await recordEvent(tx, row, 'alternatives_proposed', scoped.row.state, actor.id, now);
    await notify(tx, row.practiceId, [partyUser(row, otherParty(scoped.party))], 'consent.discussion_updated', row.id);
    await auditRequest(tx, actor, context, action, row.id, { metadata: { party: scoped.party, section: 'alternatives', count: alternatives.length } });
    return saved(row);
  });
}

export type MessageResult = { status: 'sent'; messageId: string } | Refused | Conflict | NotFound;

/**
 * A plain-text message in the thread beside the sections, sealed, stored exactly as typed (markup included: it is
 * shown as text). At most MESSAGE_MAX characters. The other person is notified; the request's version does not move,
 * so a message never makes someone's tick or edit a conflict.
 */
export function sendMessage(
  db: Db,
  actor: Actor,
  input: { requestId: string; body: string },
  context: RequestContext,
  now = new Date(),
): Promise<MessageResult> {
  const action = 'consent.message_sent';
  return withRequest(db, actor, context, action, input.requestId, now, async (tx, scoped): Promise<MessageResult> => {
    if (!mayMessage(scoped.row.state)) return refuse(tx, actor, context, action, scoped.row.id, 'closed') as Promise<Refused>;
    if (input.body.trim() === '') return refuse(tx, actor, context, action, scoped.row.id, 'message_empty') as Promise<Refused>;
    if ([...input.body].length > MESSAGE_MAX) return refuse(tx, actor, context, action, scoped.row.id, 'message_too_long') as Promise<Refused>;
    const [message] = await tx
      .insert(recordingMessages)
      .values({ requestId: scoped.row.id, authorId: actor.id, bodySealed: seal(input.body), createdAt: now })
      .returning({ id: recordingMessages.id });
    await markRead(tx, actor.id, scoped.row.id, now);
    await notify(tx, scoped.row.practiceId, [partyUser(scoped.row, otherParty(scoped.party))], 'consent.message', scoped.row.id);
    await auditRequest(tx, actor, context, action, scoped.row.id, { metadata: { party: scoped.party } });
    return { status: 'sent', messageId: message.id };
  });
}

async function markRead(tx: Tx | Db, userId: string, requestId: string, now: Date) {
  await tx
    .insert(recordingMessageReads)
    .values({ requestId, userId, lastReadAt: now })
    .onConflictDoUpdate({ target: [recordingMessageReads.requestId, recordingMessageReads.userId], set: { lastReadAt: now } });
}

/**
 * Marks the thread read up to now for the viewer, who must be one of the request's people (a request scoped by
 * requestForParty): page data calls it in the transaction that reads and audits the request.
 */
export async function markThreadRead(tx: Tx | Db, viewer: Pick<Actor, 'id'>, scoped: ScopedRequest, now = new Date()) {
  if (partyUser(scoped.row, scoped.party) !== viewer.id) throw new Error('markThreadRead: the viewer is not this party');
  await markRead(tx, viewer.id, scoped.row.id, now);
}
