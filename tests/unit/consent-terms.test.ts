import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ConsentTerms, TERM_SECTION } from '@/lib/consent/model';
import {
  canonicalTerms,
  firstTermsDocument,
  normaliseTerms,
  reviseTerms,
  TERMS_PROBLEM_MESSAGES,
  type TermsProblem,
  termsProblems,
  termsSha256,
} from '@/lib/consent/terms';
import { LIMITS, TERMS } from './consent-fixtures';

const APPOINTMENT_A = '0b7c6f1e-2d3a-4c5b-8e9f-a0b1c2d3e4f5';
const APPOINTMENT_B = '7f3c2a10-9b8e-4d6c-a5f4-e3d2c1b0a998';

const CHOSEN_SESSIONS: ConsentTerms = {
  ...TERMS,
  purposes: ['other', 'memory_aid', 'self_reflection'],
  // Decomposed accents and surrounding whitespace: the canonical form has neither.
  otherPurpose: '  Re\u0301e\u0301couter mes se\u0301ances\n',
  sessions: { kind: 'chosen', appointmentIds: [APPOINTMENT_B.toUpperCase(), APPOINTMENT_A, APPOINTMENT_B] },
};

// Written out by hand from the rules (keys sorted, no whitespace, sets in catalogue order, ids lower-case and sorted,
// text NFC and trimmed), not produced by the code under test. This file is saved in NFC.
const EXPECTED_CANONICAL =
  '{"format":"hearth.recording-terms.v1","listeners":"client_only","method":"client_upload","neutralFileLabels":true,' +
  '"onWithdrawal":{"action":"delete_within_days","days":7},"otherPurpose":"Réécouter mes séances",' +
  '"purposes":["self_reflection","memory_aid","other"],"retentionDays":90,' +
  `"sessions":{"appointmentIds":["${APPOINTMENT_A}","${APPOINTMENT_B}"],"kind":"chosen"},` +
  '"sharingNeedsNewAgreement":true,"storage":"hearth_vault","transcriptionAllowed":false}';

/** The same object with its keys, at every level, in reverse order. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, member]) => [key, reversedKeys(member)])) as T;
}

describe('canonical terms and their hash', () => {
  it('matches a known answer: SHA-256 over the UTF-8 of the canonical JSON', () => {
    expect(canonicalTerms(CHOSEN_SESSIONS)).toBe(EXPECTED_CANONICAL);
    const expected = createHash('sha256').update(Buffer.from(EXPECTED_CANONICAL, 'utf8')).digest('hex');
    expect(termsSha256(CHOSEN_SESSIONS)).toBe(expected);
    expect(termsSha256(TERMS)).toBe(
      createHash('sha256')
        .update(
          '{"format":"hearth.recording-terms.v1","listeners":"client_only","method":"client_upload","neutralFileLabels":true,' +
            '"onWithdrawal":{"action":"delete_within_days","days":7},"otherPurpose":null,"purposes":["self_reflection","memory_aid"],' +
            '"retentionDays":90,"sessions":{"from":"2026-03-02","kind":"all_from_date"},"sharingNeedsNewAgreement":true,' +
            '"storage":"hearth_vault","transcriptionAllowed":false}',
        )
        .digest('hex'),
    );
  });

  it('does not depend on key order, whitespace, Unicode composition, the order of sets or fields it does not know', () => {
    const hash = termsSha256(CHOSEN_SESSIONS);
    expect(termsSha256(reversedKeys(CHOSEN_SESSIONS))).toBe(hash);
    expect(termsSha256({ ...CHOSEN_SESSIONS, otherPurpose: 'Réécouter mes séances' })).toBe(hash);
    expect(termsSha256({ ...CHOSEN_SESSIONS, otherPurpose: '\t Réécouter mes séances  ' })).toBe(hash);
    expect(termsSha256({ ...CHOSEN_SESSIONS, purposes: ['self_reflection', 'other', 'memory_aid', 'other'] })).toBe(hash);
    expect(termsSha256({ ...CHOSEN_SESSIONS, sessions: { kind: 'chosen', appointmentIds: [APPOINTMENT_B, APPOINTMENT_A] } })).toBe(hash);
    expect(termsSha256({ ...CHOSEN_SESSIONS, note: 'not part of the terms' } as ConsentTerms)).toBe(hash);
  });

  // One small change per field, each a byte or so of the canonical text.
  const CHANGES: Record<keyof ConsentTerms, Partial<ConsentTerms>[]> = {
    purposes: [{ purposes: ['self_reflection', 'other'] }, { purposes: ['self_reflection', 'memory_aid', 'other', 'skill_practice'] }],
    otherPurpose: [{ otherPurpose: 'Réécouter mes séanceS' }, { otherPurpose: 'Réécouter mes seances' }, { otherPurpose: null }],
    sessions: [
      { sessions: { kind: 'chosen', appointmentIds: [APPOINTMENT_A, APPOINTMENT_B.replace(/8$/, '9')] } },
      { sessions: { kind: 'chosen', appointmentIds: [APPOINTMENT_A] } },
      { sessions: { kind: 'all_from_date', from: '2026-03-03' } },
      { sessions: { kind: 'next_n', count: 3 } },
    ],
    method: [{ method: 'client_device' }],
    storage: [{ storage: 'client_device' }],
    listeners: [{ listeners: 'client_and_therapist' }],
    transcriptionAllowed: [{ transcriptionAllowed: true }],
    sharingNeedsNewAgreement: [{ sharingNeedsNewAgreement: false as true }],
    retentionDays: [{ retentionDays: 91 }, { retentionDays: 9 }],
    onWithdrawal: [{ onWithdrawal: { action: 'delete_within_days', days: 8 } }, { onWithdrawal: { action: 'keep_until_retention' } }],
    neutralFileLabels: [{ neutralFileLabels: false as true }],
  };

  it('covers every field of the terms with a change', () => {
    expect(Object.keys(CHANGES).sort()).toEqual(Object.keys(TERM_SECTION).sort());
    expect(Object.keys(normaliseTerms(TERMS)).sort()).toEqual(Object.keys(TERM_SECTION).sort());
  });

  it.each(Object.entries(CHANGES).flatMap(([field, changes]) => changes.map((change) => [field, change] as const)))(
    'changes with any change to %s: %j',
    (_field, change) => {
      expect(termsSha256({ ...CHOSEN_SESSIONS, ...change })).not.toBe(termsSha256(CHOSEN_SESSIONS));
    },
  );

  it('is a 64-character lower-case hex string', () => {
    expect(termsSha256(TERMS)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses numbers that are not whole, which have no single canonical form', () => {
    expect(() => termsSha256({ ...TERMS, retentionDays: 90.5 })).toThrow(RangeError);
    expect(() => termsSha256({ ...TERMS, sessions: { kind: 'next_n', count: Number.NaN } })).toThrow(RangeError);
  });
});

describe('terms problems', () => {
  const cases: [Partial<ConsentTerms>, TermsProblem[]][] = [
    [{}, []],
    [{ purposes: [] }, ['no_purpose']],
    [{ purposes: ['other'], otherPurpose: '   ' }, ['other_purpose_missing']],
    [{ otherPurpose: 'Because' }, ['other_purpose_without_other']],
    [{ purposes: ['other'], otherPurpose: 'é'.repeat(501) }, ['other_purpose_too_long']],
    [{ purposes: ['other'], otherPurpose: 'e\u0301'.repeat(500) }, []],
    [{ sessions: { kind: 'all_from_date', from: '2026-02-30' } }, ['invalid_start_date']],
    [{ sessions: { kind: 'next_n', count: 0 } }, ['invalid_session_count']],
    [{ sessions: { kind: 'next_n', count: 101 } }, ['invalid_session_count']],
    [{ sessions: { kind: 'next_n', count: 2.5 } }, ['invalid_session_count']],
    [{ sessions: { kind: 'chosen', appointmentIds: [] } }, ['no_sessions_chosen']],
    [{ sessions: { kind: 'chosen', appointmentIds: ['session-1'] } }, ['invalid_appointment']],
    [{ method: 'therapist_records' }, ['method_not_allowed']],
    [{ storage: 'client_device' }, ['storage_does_not_fit_method']],
    [{ method: 'client_device', storage: 'client_device' }, []],
    [{ retentionDays: 0 }, ['retention_out_of_range', 'withdrawal_days_out_of_range']],
    [{ retentionDays: 366 }, ['retention_out_of_range']],
    [{ retentionDays: 365 }, []],
    [{ onWithdrawal: { action: 'delete_within_days', days: 0 } }, []],
    [{ onWithdrawal: { action: 'delete_within_days', days: 91 } }, ['withdrawal_days_out_of_range']],
    [{ onWithdrawal: { action: 'delete_within_days', days: -1 } }, ['withdrawal_days_out_of_range']],
    [{ sharingNeedsNewAgreement: false as true }, ['fixed_term_changed']],
    [{ neutralFileLabels: false as true }, ['fixed_term_changed']],
  ];

  it.each(cases)('%j → %j', (change, problems) => {
    expect(termsProblems({ ...TERMS, ...change }, LIMITS)).toEqual(problems);
  });

  it('has a message for every problem', () => {
    for (const message of Object.values(TERMS_PROBLEM_MESSAGES)) expect(message).toMatch(/\S.*\.$/);
  });
});

describe('versioned terms', () => {
  const first = firstTermsDocument(CHOSEN_SESSIONS);

  it('starts at version 1 with the normalised terms and their hash', () => {
    expect(first).toEqual({ version: 1, terms: normaliseTerms(CHOSEN_SESSIONS), sha256: termsSha256(CHOSEN_SESSIONS) });
    expect(first.terms.otherPurpose).toBe('Réécouter mes séances');
  });

  it('adds one to the version on each change and names the sections it touches', () => {
    const second = reviseTerms(first, { ...CHOSEN_SESSIONS, retentionDays: 30 });
    expect(second).toEqual({
      changed: true,
      document: { version: 2, terms: normaliseTerms({ ...CHOSEN_SESSIONS, retentionDays: 30 }), sha256: termsSha256({ ...CHOSEN_SESSIONS, retentionDays: 30 }) },
      sections: ['terms'],
    });
    if (!second.changed) return;
    const third = reviseTerms(second.document, { ...CHOSEN_SESSIONS, retentionDays: 30, purposes: ['memory_aid'], otherPurpose: null });
    expect(third.changed && [third.document.version, third.sections]).toEqual([3, ['purpose_scope']]);
  });

  it('is no change when the terms canonicalise the same', () => {
    expect(reviseTerms(first, reversedKeys({ ...CHOSEN_SESSIONS, otherPurpose: 'Réécouter mes séances ' }))).toEqual({ changed: false });
  });
});
