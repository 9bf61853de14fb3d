// Requests in each state, reached through the state machine itself so every fixture is a state the rules can produce.
import type { ConsentTerms, PracticeLimits, RequestState } from '@/lib/consent/model';
import { DISCUSSION_SECTIONS, PARTIES } from '@/lib/consent/model';
import { type Actor, type ConsentEvent, type ConsentRequest, openRequest, transition } from '@/lib/consent/state';

export const LIMITS: PracticeLimits = { methods: ['client_upload', 'client_device'], maxRetentionDays: 365 };

export const TERMS: ConsentTerms = {
  purposes: ['self_reflection', 'memory_aid'],
  otherPurpose: null,
  sessions: { kind: 'all_from_date', from: '2026-03-02' },
  method: 'client_upload',
  storage: 'hearth_vault',
  listeners: 'client_only',
  transcriptionAllowed: false,
  sharingNeedsNewAgreement: true,
  retentionDays: 90,
  onWithdrawal: { action: 'delete_within_days', days: 7 },
  neutralFileLabels: true,
};

export function opened(terms: ConsentTerms = TERMS, limits: PracticeLimits = LIMITS): ConsentRequest {
  const result = openRequest({ actor: 'client', allowed: 'on_request', openers: 'both', limits, terms });
  if (!result.ok) throw new Error(`open refused: ${result.reason}`);
  return result.next;
}

/** Applies each [event, actor] in turn, failing loudly on a refusal. */
export function apply(request: ConsentRequest, ...steps: [ConsentEvent, Actor][]): ConsentRequest {
  return steps.reduce((current, [event, actor]) => {
    const result = transition(current, event, actor);
    if (!result.ok) throw new Error(`${event.type} by ${actor} refused: ${result.reason}`);
    return result.next;
  }, request);
}

const tickAll = (request: ConsentRequest) =>
  apply(request, ...DISCUSSION_SECTIONS.flatMap((section) => PARTIES.map((party): [ConsentEvent, Actor] => [{ type: 'tick_section', section }, party])));

const signAs = (request: ConsentRequest, party: Actor) => apply(request, [{ type: 'sign', termsSha256: request.terms.sha256 }, party]);

/**
 * discussing: every section ticked by both except alternatives, ticked by the therapist only.
 * awaiting_signatures: the therapist has signed, the client not yet. active: both signed.
 * declined: from discussing. withdrawn: by the client, from active. ended: end date reached.
 */
export function requestIn(state: RequestState, terms: ConsentTerms = TERMS, limits: PracticeLimits = LIMITS): ConsentRequest {
  const all = tickAll(opened(terms, limits));
  const discussing = apply(all, [{ type: 'untick_section', section: 'alternatives' }, 'client']);
  const awaiting = signAs(all, 'therapist');
  const active = signAs(awaiting, 'client');
  switch (state) {
    case 'discussing':
      return discussing;
    case 'awaiting_signatures':
      return awaiting;
    case 'active':
      return active;
    case 'declined':
      return apply(discussing, [{ type: 'decline', alternatives: ['journaling'] }, 'client']);
    case 'withdrawn':
      return apply(active, [{ type: 'withdraw', reason: null }, 'client']);
    case 'ended':
      return apply(active, [{ type: 'end', reason: 'end_date' }, 'system']);
  }
}
