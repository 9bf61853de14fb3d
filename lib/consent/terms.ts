import { isIsoDate, startOfDay } from '@/lib/platform/clock';
import { sha256Hex } from '@/lib/platform/crypto/tokens';
import {
  ALTERNATIVES,
  type Alternative,
  type ConsentTerms,
  LISTENERS,
  NEXT_SESSIONS_MAX,
  OTHER_PURPOSE_MAX,
  type PracticeLimits,
  PURPOSES,
  type SessionScope,
  STORAGE_FOR_METHOD,
  TERM_SECTION,
} from './model';

/**
 * Names the canonical form, and so the bytes the hash is taken over; a different form would get a different name, so a
 * hash printed on an old receipt can still be checked.
 */
export const TERMS_FORMAT = 'hearth.recording-terms.v1';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const normaliseText = (value: string) => value.normalize('NFC').trim();

// Sets are kept in the order of their catalogue, each member once, so the order they were ticked in cannot change the hash.
const inCatalogueOrder = <T extends string>(catalogue: readonly T[], chosen: readonly T[]): T[] =>
  catalogue.filter((member) => chosen.includes(member));

/** The chosen alternatives as a set, in catalogue order. */
export const normaliseAlternatives = (chosen: readonly Alternative[]): Alternative[] => inCatalogueOrder(ALTERNATIVES, chosen);

function normaliseSessions(sessions: SessionScope): SessionScope {
  switch (sessions.kind) {
    case 'all_from_date':
      return { kind: 'all_from_date', from: normaliseText(sessions.from) };
    case 'next_n':
      return { kind: 'next_n', count: sessions.count };
    case 'chosen':
      // UUIDs are case-insensitive: one spelling each, sorted, once.
      return { kind: 'chosen', appointmentIds: [...new Set(sessions.appointmentIds.map((id) => normaliseText(id).toLowerCase()))].sort() };
  }
}

/** The terms with only their own fields, strings NFC and trimmed, sets ordered and without repeats. */
export function normaliseTerms(terms: ConsentTerms): ConsentTerms {
  const otherPurpose = terms.otherPurpose === null ? null : normaliseText(terms.otherPurpose);
  return {
    purposes: inCatalogueOrder(PURPOSES, terms.purposes),
    otherPurpose: otherPurpose === '' ? null : otherPurpose,
    sessions: normaliseSessions(terms.sessions),
    method: terms.method,
    storage: terms.storage,
    listeners: terms.listeners,
    transcriptionAllowed: terms.transcriptionAllowed,
    sharingNeedsNewAgreement: terms.sharingNeedsNewAgreement,
    retentionDays: terms.retentionDays,
    onWithdrawal:
      terms.onWithdrawal.action === 'delete_within_days'
        ? { action: 'delete_within_days', days: terms.onWithdrawal.days }
        : { action: 'keep_until_retention' },
    neutralFileLabels: terms.neutralFileLabels,
  };
}

/**
 * JSON with every object's keys sorted by UTF-16 code unit and no whitespace: for the strings, booleans, nulls and
 * integers the terms hold, this is the RFC 8785 (JCS) form. Anything else has no agreed canonical form and is refused.
 */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Terms hold whole numbers only, not ${value}.`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  throw new TypeError(`Terms cannot hold a ${typeof value}.`);
}

/** The exact text both people sign: the normalised terms with their format name, in canonical JSON. */
export function canonicalTerms(terms: ConsentTerms): string {
  return canonicalJson({ format: TERMS_FORMAT, ...normaliseTerms(terms) });
}

/** SHA-256 (hex) of the canonical terms: the same for the same agreement, whoever computes it. */
export function termsSha256(terms: ConsentTerms): string {
  return sha256Hex(canonicalTerms(terms));
}

export type TermsProblem =
  | 'no_purpose'
  | 'other_purpose_missing'
  | 'other_purpose_without_other'
  | 'other_purpose_too_long'
  | 'invalid_start_date'
  | 'invalid_session_count'
  | 'no_sessions_chosen'
  | 'invalid_appointment'
  | 'method_not_allowed'
  | 'storage_does_not_fit_method'
  | 'invalid_listeners'
  | 'retention_out_of_range'
  | 'withdrawal_days_out_of_range'
  | 'fixed_term_changed';

export const TERMS_PROBLEM_MESSAGES: Record<TermsProblem, string> = {
  no_purpose: 'Choose at least one reason for recording.',
  other_purpose_missing: 'Say in a few words what “something else” is.',
  other_purpose_without_other: 'Words for “something else” need that reason chosen.',
  other_purpose_too_long: `Keep “something else” to ${OTHER_PURPOSE_MAX} characters.`,
  invalid_start_date: 'Enter the first covered session’s date as a real calendar date.',
  invalid_session_count: `Enter a whole number of sessions from 1 to ${NEXT_SESSIONS_MAX}.`,
  no_sessions_chosen: 'Choose at least one session.',
  invalid_appointment: 'One of the chosen sessions is not a session.',
  method_not_allowed: 'The practice does not allow this way of recording.',
  storage_does_not_fit_method: 'Where recordings are kept must match how they are made.',
  invalid_listeners: 'Choose who may listen.',
  retention_out_of_range: 'Keep recordings for a whole number of days, at least 1 and no more than the practice allows.',
  withdrawal_days_out_of_range: 'Delete recordings within a whole number of days, no more than they are kept for.',
  fixed_term_changed: 'Sharing without a new written agreement and named files are never allowed.',
};

const isWholeNumberIn = (value: number, min: number, max: number) => Number.isSafeInteger(value) && value >= min && value <= max;

/** What is wrong with the terms under the practice's limits; none means they can be agreed. */
export function termsProblems(input: ConsentTerms, limits: PracticeLimits): TermsProblem[] {
  const terms = normaliseTerms(input);
  const problems: TermsProblem[] = [];
  const choseOther = terms.purposes.includes('other');
  if (terms.purposes.length === 0) problems.push('no_purpose');
  if (choseOther && terms.otherPurpose === null) problems.push('other_purpose_missing');
  if (!choseOther && terms.otherPurpose !== null) problems.push('other_purpose_without_other');
  if (terms.otherPurpose !== null && [...terms.otherPurpose].length > OTHER_PURPOSE_MAX) problems.push('other_purpose_too_long');

  const { sessions } = terms;
  if (sessions.kind === 'all_from_date' && !isIsoDate(sessions.from)) problems.push('invalid_start_date');
  if (sessions.kind === 'next_n' && !isWholeNumberIn(sessions.count, 1, NEXT_SESSIONS_MAX)) problems.push('invalid_session_count');
  if (sessions.kind === 'chosen') {
    if (sessions.appointmentIds.length === 0) problems.push('no_sessions_chosen');
    if (!sessions.appointmentIds.every((id) => UUID.test(id))) problems.push('invalid_appointment');
  }

  if (!limits.methods.includes(terms.method)) problems.push('method_not_allowed');
  else if (terms.storage !== STORAGE_FOR_METHOD[terms.method]) problems.push('storage_does_not_fit_method');
  if (!LISTENERS.includes(terms.listeners)) problems.push('invalid_listeners');
  if (!isWholeNumberIn(terms.retentionDays, 1, limits.maxRetentionDays)) problems.push('retention_out_of_range');
  if (terms.onWithdrawal.action === 'delete_within_days' && !isWholeNumberIn(terms.onWithdrawal.days, 0, terms.retentionDays)) {
    problems.push('withdrawal_days_out_of_range');
  }
  // The type says true; input that went around the type must not sign away these safeguards.
  if ((terms.sharingNeedsNewAgreement as boolean) !== true || (terms.neutralFileLabels as boolean) !== true) problems.push('fixed_term_changed');
  return problems;
}

/** One version of a request's terms. Version 1 is what the request opened with; each change adds one. */
export interface TermsDocument {
  version: number;
  terms: ConsentTerms;
  sha256: string;
}

export function firstTermsDocument(terms: ConsentTerms): TermsDocument {
  const normalised = normaliseTerms(terms);
  return { version: 1, terms: normalised, sha256: termsSha256(normalised) };
}

export type TermsRevision =
  | { changed: false }
  | { changed: true; document: TermsDocument; sections: ('purpose_scope' | 'terms')[] };

/** The next version, and the sections whose terms differ; terms that canonicalise the same are no change. */
export function reviseTerms(current: TermsDocument, proposed: ConsentTerms): TermsRevision {
  const next = normaliseTerms(proposed);
  const sha256 = termsSha256(next);
  if (sha256 === current.sha256) return { changed: false };
  const keys = Object.keys(TERM_SECTION) as (keyof ConsentTerms)[];
  const differs = (key: keyof ConsentTerms) => canonicalJson(current.terms[key]) !== canonicalJson(next[key]);
  const touched = new Set(keys.filter(differs).map((key) => TERM_SECTION[key]));
  const sections = (['purpose_scope', 'terms'] as const).filter((section) => touched.has(section));
  return { changed: true, document: { version: current.version + 1, terms: next, sha256 }, sections };
}

/** One session of the care relationship, as coverage needs it: scheduled (not cancelled) appointments only. */
export interface SessionSlot {
  id: string;
  startsAt: Date;
  durationMinutes: number;
}

export const sessionEndsAt = (slot: SessionSlot) => new Date(slot.startsAt.getTime() + slot.durationMinutes * 60_000);

/**
 * The sessions an agreement covers, in time order, from the relationship's scheduled sessions: every one from the
 * date (in the practice's time zone); the first N from `since` (when the agreement became active, or now while it is
 * still discussed); or the chosen ones that are still scheduled.
 */
export function coveredSessions<T extends SessionSlot>(scope: SessionScope, slots: readonly T[], context: { since: Date; timeZone: string }): T[] {
  const inOrder = [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  switch (scope.kind) {
    case 'all_from_date': {
      if (!isIsoDate(scope.from)) return [];
      const from = startOfDay(scope.from, context.timeZone).getTime();
      return inOrder.filter((slot) => slot.startsAt.getTime() >= from);
    }
    case 'next_n':
      return inOrder.filter((slot) => slot.startsAt.getTime() >= context.since.getTime()).slice(0, Math.max(0, scope.count));
    case 'chosen': {
      const chosen = new Set(scope.appointmentIds.map((id) => id.toLowerCase()));
      return inOrder.filter((slot) => chosen.has(slot.id.toLowerCase()));
    }
  }
}

/**
 * When an agreement ends by itself, given its covered sessions: after the last chosen session, or after the Nth
 * session. `at` is null when nothing is left to cover (every chosen session was cancelled). Null for "every session
 * from a date", which runs until withdrawn or until care ends; null too for "the next N" while fewer than N are booked.
 */
export function agreementEnd(scope: SessionScope, covered: readonly SessionSlot[]): { reason: 'end_date' | 'session_count'; at: Date | null } | null {
  switch (scope.kind) {
    case 'all_from_date':
      return null;
    case 'next_n':
      return covered.length >= scope.count && covered.length > 0 ? { reason: 'session_count', at: sessionEndsAt(covered[covered.length - 1]) } : null;
    case 'chosen':
      return { reason: 'end_date', at: covered.length > 0 ? sessionEndsAt(covered[covered.length - 1]) : null };
  }
}
