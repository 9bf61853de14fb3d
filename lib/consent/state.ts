import type { recordingAllowedEnum, requestOpenersEnum } from '@/db/schema';
import {
  type Alternative,
  CLOSED_STATES,
  type ConsentTerms,
  DISCUSSION_SECTIONS,
  type DiscussionSection,
  type EndReason,
  PARTIES,
  type Party,
  type PracticeLimits,
  type RequestState,
  type Section,
} from './model';
import { firstTermsDocument, normaliseAlternatives, reviseTerms, type TermsDocument, type TermsProblem, termsProblems } from './terms';

/**
 * The recording request's rules, as a pure state machine:
 *
 *   discussing ⇄ awaiting_signatures → active → withdrawn | ended
 *   discussing | awaiting_signatures → declined (the client) | withdrawn (the therapist) | ended (care ended)
 *
 * The last tick that makes every discussion section ticked by both moves the request to awaiting_signatures; the second
 * signature makes it active. An untick or a change to the terms returns it to discussing and clears every signature.
 * An active agreement is never edited: either person withdraws it, and a new request starts a new discussion.
 * declined, withdrawn and ended are final.
 */

/** Who acts: one of the two people, or Hearth itself (a job, or the end of the care relationship). */
export const ACTORS = ['client', 'therapist', 'system'] as const;
export type Actor = (typeof ACTORS)[number];

export type SectionTicks = Record<DiscussionSection, Record<Party, boolean>>;

/** What a signature contributes to the rules: which exact terms it was given to. The rest of the record is in model.ts. */
export interface SignatureMark {
  termsVersion: number;
  termsSha256: string;
}

export type Outcome =
  | { kind: 'declined'; alternatives: Alternative[] }
  | { kind: 'withdrawn'; by: Party; reason: string | null }
  | { kind: 'ended'; reason: EndReason };

export interface ConsentRequest {
  state: RequestState;
  openedBy: Party;
  limits: PracticeLimits;
  terms: TermsDocument;
  ticks: SectionTicks;
  signatures: Partial<Record<Party, SignatureMark>>;
  /** Set when the request closes (declined, withdrawn, ended); null while it is open or active. */
  outcome: Outcome | null;
}

export const EVENT_TYPES = ['tick_section', 'untick_section', 'change_terms', 'sign', 'decline', 'withdraw', 'end', 'care_ended'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type ConsentEvent =
  | { type: 'tick_section'; section: Section }
  | { type: 'untick_section'; section: Section }
  /** baseVersion: the terms version the editor started from, so the later of two concurrent saves is refused. */
  | { type: 'change_terms'; baseVersion: number; terms: ConsentTerms }
  /** termsSha256: the hash of the terms the signer was shown. */
  | { type: 'sign'; termsSha256: string }
  | { type: 'decline'; alternatives: Alternative[] }
  | { type: 'withdraw'; reason: string | null }
  | { type: 'end'; reason: Exclude<EndReason, 'care_ended'> }
  | { type: 'care_ended' };

/** The notifications the rules ask for; request-independent ones (messages, reminders) come from their own commands and jobs. */
export type ConsentNotificationKind =
  | 'request_opened'
  | 'terms_changed'
  | 'discussion_reopened'
  | 'signature_needed'
  | 'signed'
  | 'declined'
  | 'withdrawn';

export type Effect =
  | { type: 'notify'; to: Party; kind: ConsentNotificationKind }
  /** Signatures voided by an untick or a change to the terms, for the audit trail. */
  | { type: 'signatures_cleared'; parties: Party[] }
  /** Recordings in Hearth's vault are deleted within the days the terms give, counted from the withdrawal. */
  | { type: 'schedule_deletion'; basis: 'withdrawal'; withinDays: number }
  /** Recordings in Hearth's vault are kept until each one's retention ends, as the terms say. */
  | { type: 'schedule_deletion'; basis: 'retention'; retentionDays: number };

export type RefusalReason =
  | 'parties_only'
  | 'system_only'
  | 'client_only'
  | 'recording_never'
  | 'opener_not_allowed'
  | 'closed'
  | 'agreement_active'
  | 'not_active'
  | 'not_awaiting_signatures'
  | 'decline_instead'
  | 'withdraw_instead'
  | 'not_tickable'
  | 'already_ticked'
  | 'not_ticked'
  | 'stale_terms'
  | 'invalid_terms'
  | 'terms_unchanged'
  | 'terms_mismatch'
  | 'already_signed';

export const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  parties_only: 'Only the client and their therapist take part in this discussion.',
  system_only: 'Hearth does this by itself.',
  client_only: 'Only the client can decline recording.',
  recording_never: 'This practice does not record sessions. The alternatives are open to you.',
  opener_not_allowed: 'In this practice, the other person opens a recording request.',
  closed: 'This request is closed. A new request starts a new discussion.',
  agreement_active: 'The agreement is in force and cannot be changed. Withdraw it and open a new request to agree something else.',
  not_active: 'Only an agreement in force can end.',
  not_awaiting_signatures: 'Signing opens once both of you have ticked every section.',
  decline_instead: 'To say no before the agreement is in force, decline recording.',
  withdraw_instead: 'The agreement is in force: withdraw it to stop recording.',
  not_tickable: 'The agreement section is completed by both signatures.',
  already_ticked: 'You have already ticked this section.',
  not_ticked: 'You have not ticked this section.',
  stale_terms: 'The terms were changed while you were editing. Your changes are kept: review the new terms and save again.',
  invalid_terms: 'Some of the terms need another look.',
  terms_unchanged: 'These are the terms already in place.',
  terms_mismatch: 'The terms changed after you opened them. Read them again before signing.',
  already_signed: 'You have already signed these terms.',
};

export type TransitionResult =
  | { ok: true; next: ConsentRequest; effects: Effect[] }
  | { ok: false; reason: RefusalReason; problems?: TermsProblem[] };

const refuse = (reason: RefusalReason, problems?: TermsProblem[]): TransitionResult =>
  problems ? { ok: false, reason, problems } : { ok: false, reason };
const move = (next: ConsentRequest, effects: Effect[] = []): TransitionResult => ({ ok: true, next, effects });

const otherParty = (party: Party): Party => (party === 'client' ? 'therapist' : 'client');

const noTicks = (): SectionTicks =>
  Object.fromEntries(DISCUSSION_SECTIONS.map((section) => [section, { client: false, therapist: false }])) as SectionTicks;

const isDiscussionSection = (section: Section): section is DiscussionSection => (DISCUSSION_SECTIONS as readonly Section[]).includes(section);

const everySectionDiscussed = (ticks: SectionTicks) => DISCUSSION_SECTIONS.every((section) => PARTIES.every((party) => ticks[section][party]));

const signedParties = (request: ConsentRequest) => PARTIES.filter((party) => request.signatures[party]);

/** True once both have signed: signatures are only ever cleared on the way back to discussing, never after activation. */
export const wasActivated = (request: ConsentRequest) => signedParties(request).length === PARTIES.length;

const signaturesCleared = (request: ConsentRequest): Effect[] => {
  const parties = signedParties(request);
  return parties.length > 0 ? [{ type: 'signatures_cleared', parties }] : [];
};

type RecordingAllowed = (typeof recordingAllowedEnum.enumValues)[number];
type RequestOpeners = (typeof requestOpenersEnum.enumValues)[number];

/** A new request, in discussion, with the opener's proposed terms as version 1. */
export function openRequest(input: {
  actor: Actor;
  allowed: RecordingAllowed;
  openers: RequestOpeners;
  limits: PracticeLimits;
  terms: ConsentTerms;
}): TransitionResult {
  const { actor, allowed, openers, limits, terms } = input;
  if (actor === 'system') return refuse('parties_only');
  if (allowed === 'never') return refuse('recording_never');
  if (openers !== 'both' && openers !== actor) return refuse('opener_not_allowed');
  const problems = termsProblems(terms, limits);
  if (problems.length > 0) return refuse('invalid_terms', problems);
  const next: ConsentRequest = {
    state: 'discussing',
    openedBy: actor,
    limits,
    terms: firstTermsDocument(terms),
    ticks: noTicks(),
    signatures: {},
    outcome: null,
  };
  return move(next, [{ type: 'notify', to: otherParty(actor), kind: 'request_opened' }]);
}

/** Who may cause each event; checked before anything else, so the refusal does not depend on the request's state. */
const EVENT_ACTORS: Record<EventType, { actors: readonly Actor[]; otherwise: RefusalReason }> = {
  tick_section: { actors: PARTIES, otherwise: 'parties_only' },
  untick_section: { actors: PARTIES, otherwise: 'parties_only' },
  change_terms: { actors: PARTIES, otherwise: 'parties_only' },
  sign: { actors: PARTIES, otherwise: 'parties_only' },
  decline: { actors: ['client'], otherwise: 'client_only' },
  withdraw: { actors: PARTIES, otherwise: 'parties_only' },
  end: { actors: ['system'], otherwise: 'system_only' },
  care_ended: { actors: ['system'], otherwise: 'system_only' },
};

/**
 * Applies one event from one actor. Checks run in a fixed order: who may cause the event, then whether the request is
 * closed, then what its state allows, then the event's own details.
 */
export function transition(request: ConsentRequest, event: ConsentEvent, actor: Actor): TransitionResult {
  const { actors, otherwise } = EVENT_ACTORS[event.type];
  if (!actors.includes(actor)) return refuse(otherwise);
  if ((CLOSED_STATES as readonly RequestState[]).includes(request.state)) return refuse('closed');
  // Past the checks above, a party event has a party actor and a system event the system.
  const party = actor as Party;
  switch (event.type) {
    case 'tick_section':
      return tick(request, event.section, party);
    case 'untick_section':
      return untick(request, event.section, party);
    case 'change_terms':
      return changeTerms(request, event.baseVersion, event.terms, party);
    case 'sign':
      return sign(request, event.termsSha256, party);
    case 'decline':
      return decline(request, event.alternatives);
    case 'withdraw':
      return withdraw(request, event.reason, party);
    case 'end':
      return request.state === 'active' ? move({ ...request, state: 'ended', outcome: { kind: 'ended', reason: event.reason } }) : refuse('not_active');
    case 'care_ended':
      // The therapist loses access at once, so whatever stage the request is at, it ends with the care.
      return move({ ...request, state: 'ended', outcome: { kind: 'ended', reason: 'care_ended' } });
  }
}

function tick(request: ConsentRequest, section: Section, party: Party): TransitionResult {
  if (request.state === 'active') return refuse('agreement_active');
  if (!isDiscussionSection(section)) return refuse('not_tickable');
  if (request.ticks[section][party]) return refuse('already_ticked');
  const ticks = { ...request.ticks, [section]: { ...request.ticks[section], [party]: true } };
  if (!everySectionDiscussed(ticks)) return move({ ...request, ticks });
  return move({ ...request, ticks, state: 'awaiting_signatures' }, [{ type: 'notify', to: otherParty(party), kind: 'signature_needed' }]);
}

function untick(request: ConsentRequest, section: Section, party: Party): TransitionResult {
  if (request.state === 'active') return refuse('agreement_active');
  if (!isDiscussionSection(section)) return refuse('not_tickable');
  if (!request.ticks[section][party]) return refuse('not_ticked');
  const ticks = { ...request.ticks, [section]: { ...request.ticks[section], [party]: false } };
  if (request.state === 'discussing') return move({ ...request, ticks });
  // Reopening a section reopens the discussion: a signature given to a finished discussion no longer stands.
  return move({ ...request, ticks, state: 'discussing', signatures: {} }, [
    ...signaturesCleared(request),
    { type: 'notify', to: otherParty(party), kind: 'discussion_reopened' },
  ]);
}

function changeTerms(request: ConsentRequest, baseVersion: number, terms: ConsentTerms, party: Party): TransitionResult {
  if (request.state === 'active') return refuse('agreement_active');
  if (baseVersion !== request.terms.version) return refuse('stale_terms');
  const problems = termsProblems(terms, request.limits);
  if (problems.length > 0) return refuse('invalid_terms', problems);
  const revision = reviseTerms(request.terms, terms);
  if (!revision.changed) return refuse('terms_unchanged');
  // Both discuss changed terms afresh, so the sections they belong to lose both ticks; the request is no longer ready to sign.
  const ticks = { ...request.ticks };
  for (const section of revision.sections) ticks[section] = { client: false, therapist: false };
  return move({ ...request, terms: revision.document, ticks, state: 'discussing', signatures: {} }, [
    ...signaturesCleared(request),
    { type: 'notify', to: otherParty(party), kind: 'terms_changed' },
  ]);
}

function sign(request: ConsentRequest, termsSha256: string, party: Party): TransitionResult {
  if (request.state === 'active') return refuse('agreement_active');
  if (request.state !== 'awaiting_signatures') return refuse('not_awaiting_signatures');
  if (termsSha256 !== request.terms.sha256) return refuse('terms_mismatch');
  if (request.signatures[party]) return refuse('already_signed');
  const signatures = { ...request.signatures, [party]: { termsVersion: request.terms.version, termsSha256 } };
  const other = otherParty(party);
  if (!signatures[other]) return move({ ...request, signatures }, [{ type: 'notify', to: other, kind: 'signature_needed' }]);
  return move({ ...request, signatures, state: 'active' }, [{ type: 'notify', to: other, kind: 'signed' }]);
}

function decline(request: ConsentRequest, alternatives: Alternative[]): TransitionResult {
  if (request.state === 'active') return refuse('withdraw_instead');
  // No reason is asked for and none is recorded: only the alternatives the client chose, if any.
  return move({ ...request, state: 'declined', outcome: { kind: 'declined', alternatives: normaliseAlternatives(alternatives) } }, [
    { type: 'notify', to: 'therapist', kind: 'declined' },
  ]);
}

function withdraw(request: ConsentRequest, reason: string | null, party: Party): TransitionResult {
  // Before the agreement is in force the client's no is a decline, which records the alternatives chosen.
  if (request.state !== 'active' && party === 'client') return refuse('decline_instead');
  const trimmed = reason?.normalize('NFC').trim() || null;
  const next: ConsentRequest = { ...request, state: 'withdrawn', outcome: { kind: 'withdrawn', by: party, reason: trimmed } };
  const effects: Effect[] = [{ type: 'notify', to: otherParty(party), kind: 'withdrawn' }];
  return move(next, request.state === 'active' ? [...effects, ...deletionSchedule(request.terms.terms)] : effects);
}

// Nothing is recorded before activation, and a recording kept on the client's device is not Hearth's to delete.
function deletionSchedule(terms: ConsentTerms): Effect[] {
  if (terms.storage !== 'hearth_vault') return [];
  return terms.onWithdrawal.action === 'delete_within_days'
    ? [{ type: 'schedule_deletion', basis: 'withdrawal', withinDays: terms.onWithdrawal.days }]
    : [{ type: 'schedule_deletion', basis: 'retention', retentionDays: terms.retentionDays }];
}
