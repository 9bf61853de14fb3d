import { describe, expect, it } from 'vitest';
import { DISCUSSION_SECTIONS, PARTIES, type Party, REQUEST_STATES, type RequestState } from '@/lib/consent/model';
import {
  ACTORS,
  type Actor,
  type ConsentEvent,
  type ConsentRequest,
  type Effect,
  EVENT_TYPES,
  type EventType,
  openRequest,
  type RefusalReason,
  REFUSAL_MESSAGES,
  transition,
  wasActivated,
} from '@/lib/consent/state';
import { termsSha256 } from '@/lib/consent/terms';
import { apply, LIMITS, opened, requestIn, TERMS } from './consent-fixtures';

// One event of each type, built against the request it is sent to (change_terms and sign name the current terms).
const EVENTS: Record<EventType, (request: ConsentRequest) => ConsentEvent> = {
  tick_section: () => ({ type: 'tick_section', section: 'alternatives' }),
  untick_section: () => ({ type: 'untick_section', section: 'alternatives' }),
  change_terms: (request) => ({ type: 'change_terms', baseVersion: request.terms.version, terms: { ...TERMS, retentionDays: 30 } }),
  sign: (request) => ({ type: 'sign', termsSha256: request.terms.sha256 }),
  decline: () => ({ type: 'decline', alternatives: ['journaling', 'therapist_summaries'] }),
  withdraw: () => ({ type: 'withdraw', reason: null }),
  end: () => ({ type: 'end', reason: 'session_count' }),
  care_ended: () => ({ type: 'care_ended' }),
};

type Outcome = { to: RequestState; effects: Effect[] } | { refused: RefusalReason };

const to = (state: RequestState, ...effects: Effect[]): Outcome => ({ to: state, effects });
const no = (reason: RefusalReason): Outcome => ({ refused: reason });
const tell = (party: Party, kind: Extract<Effect, { type: 'notify' }>['kind']): Effect => ({ type: 'notify', to: party, kind });
const cleared = (...parties: Party[]): Effect => ({ type: 'signatures_cleared', parties });
const deleteWithin7: Effect = { type: 'schedule_deletion', basis: 'withdrawal', withinDays: 7 };

// What every closed request answers: nothing moves, whoever asks.
const CLOSED: Record<EventType, Record<Actor, Outcome>> = {
  tick_section: { client: no('closed'), therapist: no('closed'), system: no('parties_only') },
  untick_section: { client: no('closed'), therapist: no('closed'), system: no('parties_only') },
  change_terms: { client: no('closed'), therapist: no('closed'), system: no('parties_only') },
  sign: { client: no('closed'), therapist: no('closed'), system: no('parties_only') },
  decline: { client: no('closed'), therapist: no('client_only'), system: no('client_only') },
  withdraw: { client: no('closed'), therapist: no('closed'), system: no('parties_only') },
  end: { client: no('system_only'), therapist: no('system_only'), system: no('closed') },
  care_ended: { client: no('system_only'), therapist: no('system_only'), system: no('closed') },
};

/**
 * Every state × event × actor, against the fixtures of consent-fixtures.ts (in discussing, only the client has yet to
 * tick alternatives; in awaiting_signatures, only the therapist has signed).
 */
const EXPECTED: Record<RequestState, Record<EventType, Record<Actor, Outcome>>> = {
  discussing: {
    tick_section: { client: to('awaiting_signatures', tell('therapist', 'signature_needed')), therapist: no('already_ticked'), system: no('parties_only') },
    untick_section: { client: no('not_ticked'), therapist: to('discussing'), system: no('parties_only') },
    change_terms: { client: to('discussing', tell('therapist', 'terms_changed')), therapist: to('discussing', tell('client', 'terms_changed')), system: no('parties_only') },
    sign: { client: no('not_awaiting_signatures'), therapist: no('not_awaiting_signatures'), system: no('parties_only') },
    decline: { client: to('declined', tell('therapist', 'declined')), therapist: no('client_only'), system: no('client_only') },
    withdraw: { client: no('decline_instead'), therapist: to('withdrawn', tell('client', 'withdrawn')), system: no('parties_only') },
    end: { client: no('system_only'), therapist: no('system_only'), system: no('not_active') },
    care_ended: { client: no('system_only'), therapist: no('system_only'), system: to('ended') },
  },
  awaiting_signatures: {
    tick_section: { client: no('already_ticked'), therapist: no('already_ticked'), system: no('parties_only') },
    untick_section: {
      client: to('discussing', cleared('therapist'), tell('therapist', 'discussion_reopened')),
      therapist: to('discussing', cleared('therapist'), tell('client', 'discussion_reopened')),
      system: no('parties_only'),
    },
    change_terms: {
      client: to('discussing', cleared('therapist'), tell('therapist', 'terms_changed')),
      therapist: to('discussing', cleared('therapist'), tell('client', 'terms_changed')),
      system: no('parties_only'),
    },
    sign: { client: to('active', tell('therapist', 'signed')), therapist: no('already_signed'), system: no('parties_only') },
    decline: { client: to('declined', tell('therapist', 'declined')), therapist: no('client_only'), system: no('client_only') },
    withdraw: { client: no('decline_instead'), therapist: to('withdrawn', tell('client', 'withdrawn')), system: no('parties_only') },
    end: { client: no('system_only'), therapist: no('system_only'), system: no('not_active') },
    care_ended: { client: no('system_only'), therapist: no('system_only'), system: to('ended') },
  },
  active: {
    tick_section: { client: no('agreement_active'), therapist: no('agreement_active'), system: no('parties_only') },
    untick_section: { client: no('agreement_active'), therapist: no('agreement_active'), system: no('parties_only') },
    change_terms: { client: no('agreement_active'), therapist: no('agreement_active'), system: no('parties_only') },
    sign: { client: no('agreement_active'), therapist: no('agreement_active'), system: no('parties_only') },
    decline: { client: no('withdraw_instead'), therapist: no('client_only'), system: no('client_only') },
    withdraw: {
      client: to('withdrawn', tell('therapist', 'withdrawn'), deleteWithin7),
      therapist: to('withdrawn', tell('client', 'withdrawn'), deleteWithin7),
      system: no('parties_only'),
    },
    end: { client: no('system_only'), therapist: no('system_only'), system: to('ended') },
    care_ended: { client: no('system_only'), therapist: no('system_only'), system: to('ended') },
  },
  declined: CLOSED,
  withdrawn: CLOSED,
  ended: CLOSED,
};

function outcomeOf(state: RequestState, type: EventType, actor: Actor): Outcome {
  const request = requestIn(state);
  const result = transition(request, EVENTS[type](request), actor);
  return result.ok ? { to: result.next.state, effects: result.effects } : { refused: result.reason };
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

describe('consent state machine: the full table', () => {
  const cells = REQUEST_STATES.flatMap((state) => EVENT_TYPES.flatMap((type) => ACTORS.map((actor) => [state, type, actor] as const)));

  it('has an expected outcome for every state, event and actor, and none for anything else', () => {
    expect(cells).toHaveLength(6 * 8 * 3);
    expect(Object.keys(EXPECTED).sort()).toEqual([...REQUEST_STATES].sort());
    for (const state of REQUEST_STATES) {
      expect(Object.keys(EXPECTED[state]).sort()).toEqual([...EVENT_TYPES].sort());
      for (const type of EVENT_TYPES) expect(Object.keys(EXPECTED[state][type]).sort()).toEqual([...ACTORS].sort());
    }
  });

  it.each(cells)('%s × %s × %s', (state, type, actor) => {
    expect(outcomeOf(state, type, actor)).toEqual(EXPECTED[state][type][actor]);
  });

  it('has a message for every refusal', () => {
    for (const message of Object.values(REFUSAL_MESSAGES)) expect(message).toMatch(/\S.*\.$/);
  });

  it('never changes the request it is given', () => {
    for (const [state, type, actor] of cells) {
      const request = deepFreeze(requestIn(state));
      const before = structuredClone(request);
      transition(request, EVENTS[type](request), actor);
      expect(request).toEqual(before);
    }
  });
});

describe('opening a request', () => {
  const allowedValues = ['yes', 'on_request', 'never'] as const;
  const openersValues = ['client', 'therapist', 'both'] as const;

  it.each(allowedValues.flatMap((allowed) => openersValues.flatMap((openers) => ACTORS.map((actor) => [allowed, openers, actor] as const))))(
    'recording %s, opened by %s, asked by %s',
    (allowed, openers, actor) => {
      const result = openRequest({ actor, allowed, openers, limits: LIMITS, terms: TERMS });
      const expected: RefusalReason | null =
        actor === 'system' ? 'parties_only' : allowed === 'never' ? 'recording_never' : openers !== 'both' && openers !== actor ? 'opener_not_allowed' : null;
      if (expected) {
        expect(result).toEqual({ ok: false, reason: expected });
        return;
      }
      expect(result.ok && result.effects).toEqual([{ type: 'notify', to: actor === 'client' ? 'therapist' : 'client', kind: 'request_opened' }]);
      expect(result.ok && result.next).toMatchObject({ state: 'discussing', openedBy: actor, signatures: {}, outcome: null, terms: { version: 1 } });
    },
  );

  it('starts with no section ticked and version 1 of the proposed terms', () => {
    const request = opened();
    for (const section of DISCUSSION_SECTIONS) expect(request.ticks[section]).toEqual({ client: false, therapist: false });
    expect(request.terms).toEqual({ version: 1, terms: TERMS, sha256: termsSha256(TERMS) });
  });

  it('refuses terms outside the practice’s limits, saying what is wrong', () => {
    const result = openRequest({ actor: 'therapist', allowed: 'yes', openers: 'both', limits: LIMITS, terms: { ...TERMS, method: 'therapist_records', retentionDays: 400 } });
    expect(result).toEqual({ ok: false, reason: 'invalid_terms', problems: ['method_not_allowed', 'retention_out_of_range'] });
  });
});

describe('discussion', () => {
  it('moves to awaiting signatures only when both have ticked every section', () => {
    let request = opened();
    for (const section of DISCUSSION_SECTIONS) {
      for (const party of PARTIES) {
        expect(request.state).toBe('discussing');
        request = apply(request, [{ type: 'tick_section', section }, party]);
      }
    }
    expect(request.state).toBe('awaiting_signatures');
  });

  it('does not tick the agreement section: the signatures complete it', () => {
    expect(transition(opened(), { type: 'tick_section', section: 'agreement' }, 'client')).toEqual({ ok: false, reason: 'not_tickable' });
    expect(transition(opened(), { type: 'untick_section', section: 'agreement' }, 'therapist')).toEqual({ ok: false, reason: 'not_tickable' });
  });

  it('ticks only for the person who ticks', () => {
    const request = apply(opened(), [{ type: 'tick_section', section: 'law_ethics' }, 'therapist']);
    expect(request.ticks.law_ethics).toEqual({ client: false, therapist: true });
  });
});

describe('changing the terms', () => {
  const awaiting = requestIn('awaiting_signatures');

  it('after a signature: clears every signature, returns to discussing, unticks the changed section and tells the other person', () => {
    const result = transition(awaiting, { type: 'change_terms', baseVersion: 1, terms: { ...TERMS, listeners: 'client_and_therapist' } }, 'client');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.next.state).toBe('discussing');
    expect(result.next.signatures).toEqual({});
    expect(result.next.terms.version).toBe(2);
    expect(result.next.ticks.terms).toEqual({ client: false, therapist: false });
    expect(result.next.ticks.purpose_scope).toEqual({ client: true, therapist: true });
    expect(result.effects).toEqual([
      { type: 'signatures_cleared', parties: ['therapist'] },
      { type: 'notify', to: 'therapist', kind: 'terms_changed' },
    ]);
  });

  it('unticks purpose and scope when the sessions change, and both sections when both change', () => {
    const sessions = { kind: 'next_n', count: 4 } as const;
    const one = transition(awaiting, { type: 'change_terms', baseVersion: 1, terms: { ...TERMS, sessions } }, 'therapist');
    expect(one.ok && one.next.ticks.purpose_scope).toEqual({ client: false, therapist: false });
    expect(one.ok && one.next.ticks.terms).toEqual({ client: true, therapist: true });
    const both = transition(awaiting, { type: 'change_terms', baseVersion: 1, terms: { ...TERMS, sessions, transcriptionAllowed: true } }, 'therapist');
    expect(both.ok && [both.next.ticks.purpose_scope, both.next.ticks.terms]).toEqual([
      { client: false, therapist: false },
      { client: false, therapist: false },
    ]);
  });

  it('refuses a save made from an older version (the later of two concurrent edits)', () => {
    const changed = apply(awaiting, [{ type: 'change_terms', baseVersion: 1, terms: { ...TERMS, retentionDays: 60 } }, 'therapist']);
    expect(transition(changed, { type: 'change_terms', baseVersion: 1, terms: { ...TERMS, retentionDays: 30 } }, 'client')).toEqual({ ok: false, reason: 'stale_terms' });
  });

  it('refuses invalid terms with the problems, and terms that canonicalise to the current ones', () => {
    expect(transition(awaiting, { type: 'change_terms', baseVersion: 1, terms: { ...TERMS, purposes: [] } }, 'client')).toEqual({
      ok: false,
      reason: 'invalid_terms',
      problems: ['no_purpose'],
    });
    const sameButReordered = { ...TERMS, purposes: [...TERMS.purposes].reverse() };
    expect(transition(awaiting, { type: 'change_terms', baseVersion: 1, terms: sameButReordered }, 'client')).toEqual({ ok: false, reason: 'terms_unchanged' });
  });
});

describe('signing', () => {
  it('needs the hash of the terms in force, so nobody signs terms they were not shown', () => {
    const awaiting = requestIn('awaiting_signatures');
    const stale = termsSha256({ ...TERMS, retentionDays: 30 });
    expect(transition(awaiting, { type: 'sign', termsSha256: stale }, 'client')).toEqual({ ok: false, reason: 'terms_mismatch' });
  });

  it('records the version and hash each person signed; active only with both', () => {
    const all = apply(opened(), ...DISCUSSION_SECTIONS.flatMap((section) => PARTIES.map((party): [ConsentEvent, Actor] => [{ type: 'tick_section', section }, party])));
    const first = transition(all, { type: 'sign', termsSha256: all.terms.sha256 }, 'client');
    expect(first.ok && first.next.state).toBe('awaiting_signatures');
    expect(first.ok && first.effects).toEqual([{ type: 'notify', to: 'therapist', kind: 'signature_needed' }]);
    const active = requestIn('active');
    expect(active.signatures).toEqual({
      client: { termsVersion: 1, termsSha256: active.terms.sha256 },
      therapist: { termsVersion: 1, termsSha256: active.terms.sha256 },
    });
    expect(wasActivated(active)).toBe(true);
    expect(wasActivated(requestIn('awaiting_signatures'))).toBe(false);
  });
});

describe('saying no', () => {
  it('lets the client decline with no reason, recording the alternatives chosen once each in a fixed order', () => {
    const result = transition(requestIn('discussing'), { type: 'decline', alternatives: ['own_notes', 'journaling', 'own_notes'] }, 'client');
    expect(result.ok && result.next.outcome).toEqual({ kind: 'declined', alternatives: ['journaling', 'own_notes'] });
    const none = transition(requestIn('awaiting_signatures'), { type: 'decline', alternatives: [] }, 'client');
    expect(none.ok && none.next.outcome).toEqual({ kind: 'declined', alternatives: [] });
  });

  it('keeps an optional withdrawal reason, trimmed, and no empty one', () => {
    const active = requestIn('active');
    const withReason = transition(active, { type: 'withdraw', reason: '  I changed my mind \n' }, 'client');
    expect(withReason.ok && withReason.next.outcome).toEqual({ kind: 'withdrawn', by: 'client', reason: 'I changed my mind' });
    const blank = transition(active, { type: 'withdraw', reason: '   ' }, 'therapist');
    expect(blank.ok && blank.next.outcome).toEqual({ kind: 'withdrawn', by: 'therapist', reason: null });
  });

  it('schedules deletion as the terms say, and none for recordings Hearth does not hold', () => {
    const withdrawEffects = (terms: typeof TERMS) => {
      const result = transition(requestIn('active', terms), { type: 'withdraw', reason: null }, 'client');
      return result.ok ? result.effects.filter((effect) => effect.type === 'schedule_deletion') : result.reason;
    };
    expect(withdrawEffects(TERMS)).toEqual([{ type: 'schedule_deletion', basis: 'withdrawal', withinDays: 7 }]);
    expect(withdrawEffects({ ...TERMS, onWithdrawal: { action: 'keep_until_retention' } })).toEqual([
      { type: 'schedule_deletion', basis: 'retention', retentionDays: 90 },
    ]);
    expect(withdrawEffects({ ...TERMS, method: 'client_device', storage: 'client_device' })).toEqual([]);
  });

  it('records why an agreement ended', () => {
    const ended = (event: ConsentEvent) => {
      const result = transition(requestIn('active'), event, 'system');
      return result.ok && result.next.outcome;
    };
    expect(ended({ type: 'end', reason: 'session_count' })).toEqual({ kind: 'ended', reason: 'session_count' });
    expect(ended({ type: 'care_ended' })).toEqual({ kind: 'ended', reason: 'care_ended' });
  });
});
