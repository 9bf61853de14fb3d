import { describe, expect, it } from 'vitest';
import { partyOf, waitingOn } from '@/lib/consent/access';
import { agreementEnd, coveredSessions } from '@/lib/consent/terms';
import { requestIn } from './consent-fixtures';

const PRACTICE = 'p-1';
const request = { practiceId: PRACTICE, clientId: 'c-1', therapistId: 't-1' };

describe('partyOf: only the two people of the relationship', () => {
  it('knows the client always and the therapist while care is open', () => {
    expect(partyOf({ id: 'c-1', role: 'client', practiceId: PRACTICE }, { ...request, careOpen: true })).toBe('client');
    expect(partyOf({ id: 'c-1', role: 'client', practiceId: PRACTICE }, { ...request, careOpen: false })).toBe('client');
    expect(partyOf({ id: 't-1', role: 'therapist', practiceId: PRACTICE }, { ...request, careOpen: true })).toBe('therapist');
    expect(partyOf({ id: 't-1', role: 'therapist', practiceId: PRACTICE }, { ...request, careOpen: false })).toBeNull();
  });

  it('knows nobody else: another person, an admin, a role that does not match, another practice', () => {
    expect(partyOf({ id: 't-2', role: 'therapist', practiceId: PRACTICE }, { ...request, careOpen: true })).toBeNull();
    expect(partyOf({ id: 'c-2', role: 'client', practiceId: PRACTICE }, { ...request, careOpen: true })).toBeNull();
    expect(partyOf({ id: 'a-1', role: 'admin', practiceId: PRACTICE }, { ...request, careOpen: true })).toBeNull();
    expect(partyOf({ id: 'c-1', role: 'therapist', practiceId: PRACTICE }, { ...request, careOpen: true })).toBeNull();
    expect(partyOf({ id: 'c-1', role: 'client', practiceId: 'p-2' }, { ...request, careOpen: true })).toBeNull();
  });
});

describe('waitingOn: whose turn it is', () => {
  it('in discussion, whoever has a section left; waiting for signatures, whoever has not signed; then nobody', () => {
    // The fixture in discussion: only the client has alternatives left to tick.
    expect(waitingOn(requestIn('discussing'))).toEqual(['client']);
    // Waiting for signatures: the therapist has signed.
    expect(waitingOn(requestIn('awaiting_signatures'))).toEqual(['client']);
    for (const state of ['active', 'declined', 'withdrawn', 'ended'] as const) expect(waitingOn(requestIn(state))).toEqual([]);
  });
});

describe('which sessions an agreement covers, and when it ends by itself', () => {
  const at = (iso: string, id: string, minutes = 50) => ({ id, startsAt: new Date(iso), durationMinutes: minutes });
  const slots = [at('2026-03-10T14:00:00Z', 'b'), at('2026-03-03T14:00:00Z', 'a'), at('2026-03-17T14:00:00Z', 'c')];
  const since = new Date('2026-03-05T00:00:00Z');

  it('covers every session from a date in the practice time zone, and never ends by itself', () => {
    // 2026-03-03 09:00 in New York is on the 3rd: covered from the 3rd, not from the 4th.
    expect(coveredSessions({ kind: 'all_from_date', from: '2026-03-03' }, slots, { since, timeZone: 'America/New_York' }).map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(coveredSessions({ kind: 'all_from_date', from: '2026-03-04' }, slots, { since, timeZone: 'America/New_York' }).map((s) => s.id)).toEqual(['b', 'c']);
    expect(agreementEnd({ kind: 'all_from_date', from: '2026-03-03' }, slots)).toBeNull();
  });

  it('covers the next N from activation, and ends after the Nth once N are booked', () => {
    const covered = coveredSessions({ kind: 'next_n', count: 2 }, slots, { since, timeZone: 'UTC' });
    expect(covered.map((s) => s.id)).toEqual(['b', 'c']);
    expect(agreementEnd({ kind: 'next_n', count: 2 }, covered)).toEqual({ reason: 'session_count', at: new Date('2026-03-17T14:50:00Z') });
    expect(agreementEnd({ kind: 'next_n', count: 3 }, coveredSessions({ kind: 'next_n', count: 3 }, slots, { since, timeZone: 'UTC' }))).toBeNull();
  });

  it('covers the chosen sessions still scheduled, and ends after the last (at once when none is left)', () => {
    const covered = coveredSessions({ kind: 'chosen', appointmentIds: ['c', 'a'] }, slots, { since, timeZone: 'UTC' });
    expect(covered.map((s) => s.id)).toEqual(['a', 'c']);
    expect(agreementEnd({ kind: 'chosen', appointmentIds: ['c', 'a'] }, covered)).toEqual({ reason: 'end_date', at: new Date('2026-03-17T14:50:00Z') });
    expect(agreementEnd({ kind: 'chosen', appointmentIds: ['z'] }, [])).toEqual({ reason: 'end_date', at: null });
  });
});
