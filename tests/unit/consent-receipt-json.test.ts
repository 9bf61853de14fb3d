import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReceiptError } from '@/lib/consent/receipt';
import { RECEIPT_JSON_SCHEMA, type ReceiptJson, receiptDocument, receiptJson } from '@/lib/consent/receipt-json';
import { TERMS_FORMAT, termsSha256 } from '@/lib/consent/terms';
import { requestIn } from './consent-fixtures';
import {
  activeRecord,
  CLIENT_SIGNED,
  declinedAfterOneSignatureRecord,
  declinedRecord,
  endedRecord,
  GENERATED,
  GUIDANCE,
  recordFor,
  WITHDRAWAL_REASON,
  withdrawnRecord,
} from './consent-receipt-fixtures';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('receipt JSON', () => {
  it.each([
    ['active', activeRecord],
    ['declined', declinedRecord],
    ['declined after one signature', declinedAfterOneSignatureRecord],
    ['withdrawn', withdrawnRecord],
    ['ended', endedRecord],
  ] as const)('%s: round-trips, names its schema and carries a hash that checks out', (_name, make) => {
    const record = make();
    const json = receiptJson(record);
    const parsed = JSON.parse(json) as ReceiptJson;
    expect(parsed).toEqual(receiptDocument(record));
    expect(`${JSON.stringify(parsed, null, 2)}\n`).toBe(json);
    expect(parsed.schema).toBe(RECEIPT_JSON_SCHEMA);
    expect(parsed.request.state).toBe(record.request.state);

    expect(parsed.terms.format).toBe(TERMS_FORMAT);
    expect(parsed.terms.sha256).toBe(record.request.terms.sha256);
    expect(json).toContain(`"sha256": "${record.request.terms.sha256}"`);
    // Anyone can check the hash: over the canonical text, and again from the values.
    expect(createHash('sha256').update(parsed.terms.canonical, 'utf8').digest('hex')).toBe(parsed.terms.sha256);
    expect(termsSha256(parsed.terms.values)).toBe(parsed.terms.sha256);
    for (const signature of parsed.signatures) expect(signature.termsSha256).toBe(parsed.terms.sha256);
  });

  it('writes every time as ISO 8601 in UTC, and reads back the same instants', () => {
    const parsed = JSON.parse(receiptJson(withdrawnRecord())) as ReceiptJson;
    const times = [
      parsed.generatedAt,
      parsed.request.openedAt,
      parsed.request.activatedAt!,
      parsed.request.closedAt!,
      ...parsed.signatures.map((signature) => signature.signedAt),
      ...parsed.history.map((change) => change.at),
    ];
    for (const time of times) {
      expect(time).toMatch(ISO);
      expect(new Date(time).toISOString()).toBe(time);
    }
    expect(parsed.generatedAt).toBe(GENERATED.toISOString());
    expect(parsed.signatures[0]).toMatchObject({ party: 'client', signedAt: CLIENT_SIGNED.toISOString(), factors: 'password' });
    expect(parsed.request.activatedAt).toBe(CLIENT_SIGNED.toISOString());
    expect(JSON.parse(receiptJson(declinedRecord())).request.activatedAt).toBeNull();
  });

  it('holds the same content as the printed receipt: people, outcome, guidance, policies, history', () => {
    const parsed = JSON.parse(receiptJson(withdrawnRecord())) as ReceiptJson;
    expect(parsed.request).toMatchObject({ title: 'Recording agreement withdrawn', stateLabel: 'Withdrawn: not recording', openedBy: 'client' });
    expect(parsed.outcome).toEqual({ kind: 'withdrawn', by: 'therapist', reason: WITHDRAWAL_REASON });
    expect(parsed.guidance.inPerson).toEqual({
      requirement: GUIDANCE.inPerson.requirement,
      contested: true,
      whoMustConsent: GUIDANCE.inPerson.whoMustConsent,
      whatTheLawAsks: GUIDANCE.inPerson.whatTheLawAsks,
      notes: GUIDANCE.inPerson.notes,
      sources: GUIDANCE.inPerson.sources,
      lastReviewed: GUIDANCE.inPerson.lastReviewed,
      disclaimer: GUIDANCE.inPerson.disclaimer,
      hearthPractice: GUIDANCE.inPerson.hearthPractice,
    });
    // Only the guidance shown: not the whole reference rows it was worked out from.
    expect(parsed.guidance.inPerson).not.toHaveProperty('jurisdictions');
    expect(parsed.policies.map((policy) => Object.keys(policy))).toEqual([
      ['kind', 'version', 'sha256', 'title'],
      ['kind', 'version', 'sha256', 'title'],
    ]);
    expect(parsed.history.map((change) => [change.from, change.to])).toEqual([
      [null, 'discussing'],
      ['discussing', 'awaiting_signatures'],
      ['awaiting_signatures', 'active'],
      ['active', 'withdrawn'],
    ]);
    expect((JSON.parse(receiptJson(declinedAfterOneSignatureRecord())) as ReceiptJson).outcome).toEqual({
      kind: 'declined',
      alternatives: ['therapist_summaries', 'own_notes'],
    });
  });

  it('is stable: the same record gives the same bytes, whatever order its signatures came in', () => {
    const record = activeRecord();
    const reversed = { ...record, signatures: [...record.signatures].reverse() };
    expect(receiptJson(reversed)).toBe(receiptJson(record));
    expect((JSON.parse(receiptJson(record)) as ReceiptJson).signatures.map((signature) => signature.party)).toEqual(['client', 'therapist']);
  });

  it('refuses a record with no receipt, or terms that do not match their hash', () => {
    expect(() => receiptJson(recordFor(requestIn('awaiting_signatures'), []))).toThrow(ReceiptError);
    const record = activeRecord();
    const tampered = { ...record, request: { ...record.request, terms: { ...record.request.terms, terms: { ...record.request.terms.terms, retentionDays: 30 } } } };
    expect(() => receiptJson(tampered)).toThrow(ReceiptError);
  });
});
