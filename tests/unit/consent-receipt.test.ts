import { describe, expect, it } from 'vitest';
import { ALTERNATIVE_LABELS, type ConsentTerms, END_REASON_LABELS, TERMS_LABELS } from '@/lib/consent/model';
import {
  factorsLabel,
  type ReceiptContent,
  ReceiptError,
  type ReceiptField,
  type ReceiptRecord,
  type ReceiptSectionId,
  receiptContent,
  receiptLines,
  receiptProblems,
  termsValues,
} from '@/lib/consent/receipt';
import { termsSha256 } from '@/lib/consent/terms';
import { DISCLAIMER, HEARTH_PRACTICE } from '@/lib/jurisdictions/rules';
import { requestIn, TERMS } from './consent-fixtures';
import {
  activeRecord,
  CLIENT,
  declinedAfterOneSignatureRecord,
  declinedRecord,
  endedRecord,
  GUIDANCE,
  POLICIES,
  PRACTICE,
  recordFor,
  REQUEST_ID,
  THERAPIST,
  WITHDRAWAL_REASON,
  withdrawnRecord,
} from './consent-receipt-fixtures';

const section = (content: ReceiptContent, id: ReceiptSectionId) => {
  const found = content.sections.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} section`);
  return found;
};
const fields = (content: ReceiptContent, id: ReceiptSectionId): ReceiptField[] =>
  section(content, id).blocks.flatMap((block) => (block.kind === 'fields' ? block.rows : []));
const valueOf = (rows: ReceiptField[], label: string) => {
  const row = rows.find((candidate) => candidate.label === label);
  if (!row) throw new Error(`no field "${label}" in ${rows.map((candidate) => candidate.label).join(', ')}`);
  return row.value;
};

describe('receipt content', () => {
  it.each([
    ['active', activeRecord, 'Recording agreement'],
    ['declined', declinedRecord, 'Recording request declined'],
    ['withdrawn', withdrawnRecord, 'Recording agreement withdrawn'],
    ['ended', endedRecord, 'Recording agreement ended'],
  ] as const)('%s: titled "%s", with its sections in order', (_state, make, title) => {
    const content = receiptContent(make());
    expect(content.title).toBe(title);
    const closed = _state !== 'active';
    expect(content.sections.map((candidate) => candidate.id)).toEqual([
      'about',
      'people',
      ...(closed ? ['outcome'] : []),
      'terms',
      'law',
      'policies',
      'signatures',
      'history',
      'check',
    ]);
  });

  it('refuses a request still being discussed or awaiting signatures: there is nothing to receipt yet', () => {
    for (const state of ['discussing', 'awaiting_signatures'] as const) {
      const record = recordFor(requestIn(state), []);
      expect(receiptProblems(record)).toEqual([`A request in state "${state}" has no receipt.`]);
      expect(() => receiptContent(record)).toThrow(ReceiptError);
    }
  });

  it('refuses terms that do not hash to the hash it would print', () => {
    const record = activeRecord();
    const tampered: ReceiptRecord = {
      ...record,
      request: { ...record.request, terms: { ...record.request.terms, terms: { ...record.request.terms.terms, retentionDays: 91 } } },
    };
    expect(receiptProblems(tampered)).toEqual(['The terms do not hash to the SHA-256 recorded for them.']);
    expect(() => receiptContent(tampered)).toThrow(/do not hash/);
  });

  it('refuses a signature given to other terms, and signatures that are not the ones the request holds', () => {
    const record = activeRecord();
    const otherTerms = { ...record, signatures: record.signatures.map((signature) => ({ ...signature, termsSha256: termsSha256({ ...TERMS, retentionDays: 30 }) })) };
    expect(receiptProblems(otherTerms)).toEqual(["The client's signature was given to other terms.", "The therapist's signature was given to other terms."]);
    const missing = { ...record, signatures: record.signatures.slice(0, 1) };
    expect(receiptProblems(missing)).toEqual(['The signatures listed are not the ones the request holds.']);
    const extra = declinedRecord();
    expect(receiptProblems({ ...extra, signatures: record.signatures })).toEqual(['The signatures listed are not the ones the request holds.']);
  });

  it('names the people, the practice and who opened the request', () => {
    const people = fields(receiptContent(activeRecord()), 'people');
    expect(valueOf(people, 'Client')).toBe(CLIENT.name);
    expect(valueOf(people, 'Therapist')).toBe(THERAPIST.name);
    expect(valueOf(people, 'Practice')).toBe(PRACTICE.name);
    expect(valueOf(people, 'Request opened by')).toBe(`${CLIENT.name} (client)`);
    expect(valueOf(fields(receiptContent(activeRecord()), 'about'), 'Request reference')).toBe(REQUEST_ID);
  });

  it('prints every term with its label, the terms version and the SHA-256 in full', () => {
    const record = activeRecord();
    const terms = fields(receiptContent(record), 'terms');
    expect(terms.map((row) => row.label)).toEqual([...Object.values(TERMS_LABELS), 'Terms version', 'SHA-256 of the terms']);
    expect(Object.fromEntries(terms.map((row) => [row.label, row.value]))).toMatchObject({
      'Why record': 'Self-reflection\nRemembering what was said',
      'In your own words': 'None',
      'Which sessions': 'Every session from 2 Mar 2026 (2026-03-02)',
      'How sessions are recorded': 'The client records and uploads to Hearth',
      'Where recordings are kept': 'Hearth’s encrypted vault',
      'Who may listen': 'Only the client',
      'Automatic transcription or AI note-taking': 'Not allowed',
      'No sharing with anyone else without a new written agreement': 'Yes, always',
      'How long recordings are kept (days)': '90 days',
      'If either of you withdraws': 'Recordings in Hearth’s vault are deleted within 7 days',
      'Recordings get neutral file names, with no names or health details': 'Yes, always',
      'Terms version': '1',
    });
    const hash = valueOf(terms, 'SHA-256 of the terms');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(termsSha256(record.request.terms.terms));
    expect(valueOf(fields(receiptContent(record), 'check'), 'SHA-256 of the terms')).toBe(hash);
  });

  it('words every kind of session scope, purpose and withdrawal rule', () => {
    const other: ConsentTerms = {
      ...TERMS,
      purposes: ['other'],
      otherPurpose: 'To hear my own voice',
      sessions: { kind: 'next_n', count: 1 },
      transcriptionAllowed: true,
      retentionDays: 1,
      onWithdrawal: { action: 'keep_until_retention' },
    };
    expect(termsValues(other)).toMatchObject({
      purposes: 'Something else',
      otherPurpose: 'To hear my own voice',
      sessions: 'The next session',
      transcriptionAllowed: 'Allowed: both agreed',
      retentionDays: '1 day',
      onWithdrawal: 'Recordings are kept until their retention period ends',
    });
    expect(termsValues({ ...TERMS, sessions: { kind: 'next_n', count: 6 } }).sessions).toBe('The next 6 sessions');
    const ids = ['0b7c6f1e-2d3a-4c5b-8e9f-a0b1c2d3e4f5', '1c8d7a2f-3e4b-4d6c-9f0a-b1c2d3e4f5a6'];
    expect(termsValues({ ...TERMS, sessions: { kind: 'chosen', appointmentIds: ids } }).sessions).toBe(`2 chosen sessions, by appointment reference:\n${ids.join('\n')}`);
  });

  it('prints each signature with its time in the practice’s time zone, labelled, its IP address, browser and factors', () => {
    const record = activeRecord();
    const content = receiptContent(record);
    const blocks = section(content, 'signatures').blocks;
    expect(blocks.filter((block) => block.kind === 'subheading').map((block) => block.kind === 'subheading' && block.text)).toEqual([
      `Client: ${CLIENT.name}`,
      `Therapist: ${THERAPIST.name}`,
    ]);
    const [client, therapist] = blocks.flatMap((block) => (block.kind === 'fields' ? [block.rows] : []));
    expect(valueOf(client, 'Signed at (America/New_York time)')).toBe('27 Feb 2026, 11:40:12 GMT-5');
    expect(valueOf(therapist, 'Signed at (America/New_York time)')).toBe('27 Feb 2026, 10:02:09 GMT-5');
    expect(valueOf(client, 'Name typed')).toBe(CLIENT.name);
    expect(valueOf(client, 'IP address')).toBe('203.0.113.24');
    expect(valueOf(therapist, 'IP address')).toBe('2001:db8::7');
    expect(valueOf(client, 'Browser')).toBe(record.signatures[0].userAgent);
    expect(valueOf(client, 'Confirmed with')).toBe('Password');
    expect(valueOf(therapist, 'Confirmed with')).toBe('Password and authenticator code');
    expect(valueOf(client, 'SHA-256 of the terms')).toBe(record.request.terms.sha256);
    expect(valueOf(client, 'Policy versions shown')).toBe(
      `Recording policy, version 3:\n${POLICIES[0].sha256}\nConfidentiality and its limits, version 1:\n${POLICIES[1].sha256}`,
    );
  });

  it('words the factors a signer used', () => {
    expect(factorsLabel('password')).toBe('Password');
    expect(factorsLabel('password+totp')).toBe('Password and authenticator code');
    expect(factorsLabel('password+recovery-code')).toBe('Password and recovery code');
    expect(factorsLabel('password+webauthn')).toBe('Password and webauthn');
    expect(factorsLabel('')).toBe('Not recorded');
  });

  it('prints the policy versions shown with their titles and hashes', () => {
    const rows = fields(receiptContent(activeRecord()), 'policies');
    expect(rows).toEqual([
      { label: 'Recording policy, version 3', value: POLICIES[0].title },
      { label: 'SHA-256', value: POLICIES[0].sha256, code: true },
      { label: 'Confidentiality and its limits, version 1', value: POLICIES[1].title },
      { label: 'SHA-256', value: POLICIES[1].sha256, code: true },
    ]);
  });

  it('prints the law guidance shown for both kinds of session, that it is contested, and that it is not legal advice', () => {
    const law = section(receiptContent(activeRecord()), 'law');
    const lines = receiptLines({ title: '', summary: '', sections: [law] });
    expect(lines).toContain('In-person sessions');
    expect(lines).toContain('Telehealth sessions');
    expect(lines).toContain(GUIDANCE.inPerson.whoMustConsent);
    expect(lines).toContain('No: a rule that applies is contested, so Hearth treats it as needing everyone’s consent.');
    for (const line of [...GUIDANCE.inPerson.whatTheLawAsks, ...GUIDANCE.telehealth.whatTheLawAsks, ...GUIDANCE.inPerson.sources]) expect(lines).toContain(line);
    expect(lines.some((line) => line.startsWith('Delaware:'))).toBe(true);
    expect(lines.some((line) => line.startsWith('Connecticut:'))).toBe(true);
    expect(lines).toContain(DISCLAIMER);
    expect(lines).toContain(HEARTH_PRACTICE);
  });

  it('prints the status history, oldest first, with who made each change', () => {
    const rows = fields(receiptContent(withdrawnRecord()), 'history');
    expect(rows).toEqual([
      { label: '20 Feb 2026, 09:15:00 GMT-5', value: `Opened: “Being discussed”, by ${CLIENT.name}` },
      { label: '26 Feb 2026, 13:05:00 GMT-5', value: `From “Being discussed” to “Waiting for signatures”, by ${THERAPIST.name}` },
      { label: '27 Feb 2026, 11:40:12 GMT-5', value: `From “Waiting for signatures” to “Agreed: recording allowed”, by ${CLIENT.name}` },
      { label: '1 Apr 2026, 09:00:00 GMT-4', value: `From “Agreed: recording allowed” to “Withdrawn: not recording”, by ${THERAPIST.name}` },
    ]);
    expect(fields(receiptContent(endedRecord()), 'history').at(-1)?.value).toBe('From “Agreed: recording allowed” to “Ended: not recording”, by Hearth');
  });

  it('declined: the alternatives chosen, no reason asked for, nobody signed', () => {
    const content = receiptContent(declinedRecord());
    expect(content.summary).toBe('The client declined recording. Sessions are not recorded.');
    expect(valueOf(fields(content, 'outcome'), 'Alternatives chosen')).toBe(ALTERNATIVE_LABELS.journaling);
    expect(receiptLines(content)).toContain('The client declined recording. No reason is asked for, and saying no carries no penalty.');
    expect(section(content, 'signatures').blocks).toEqual([{ kind: 'paragraph', text: 'Nobody signed these terms.' }]);
    expect(fields(content, 'about').map((row) => row.label)).toContain('Declined (America/New_York time)');
  });

  it('declined after one signature: says the agreement never came into force', () => {
    const content = receiptContent(declinedAfterOneSignatureRecord());
    expect(valueOf(fields(content, 'outcome'), 'Alternatives chosen')).toBe(`${ALTERNATIVE_LABELS.therapist_summaries}\n${ALTERNATIVE_LABELS.own_notes}`);
    expect(section(content, 'signatures').blocks[0]).toEqual({ kind: 'paragraph', text: 'Only one of you signed, so the agreement never came into force.' });
    expect(receiptLines(content)).toContain(`Therapist: ${THERAPIST.name}`);
  });

  it('withdrawn: by whom and the reason given; ended: why', () => {
    const withdrawn = receiptContent(withdrawnRecord());
    expect(withdrawn.summary).toBe('The agreement was withdrawn by the therapist. Nothing more may be recorded under it.');
    expect(valueOf(fields(withdrawn, 'outcome'), 'Withdrawn by')).toBe(`${THERAPIST.name} (therapist)`);
    expect(valueOf(fields(withdrawn, 'outcome'), 'Reason given')).toBe(WITHDRAWAL_REASON);
    const byClient = recordFor(requestIn('withdrawn'), [], { closedAt: new Date() });
    expect(valueOf(fields(receiptContent(byClient), 'outcome'), 'Reason given')).toBe('No reason given');
    expect(valueOf(fields(receiptContent(endedRecord()), 'outcome'), 'Why it ended')).toBe(END_REASON_LABELS.end_date);
  });
});
