import { beforeAll, describe, expect, it } from 'vitest';
import { type FhirConsent, sha256Uri, toFhirConsent } from '@/lib/consent/fhir';
import { type ReceiptRecord, receiptFhir } from '@/lib/consent/receipt';
import { requestIn } from './consent-fixtures';
import {
  activeRecord,
  CLIENT,
  CLIENT_SIGNED,
  CLOSED,
  declinedAfterOneSignatureRecord,
  declinedRecord,
  endedRecord,
  OPENED,
  POLICIES,
  PRACTICE,
  recordFor,
  REQUEST_ID,
  THERAPIST,
  withdrawnRecord,
} from './consent-receipt-fixtures';
import { compileR4Validator } from './fhir-r4-schema';

let validate: ReturnType<typeof compileR4Validator>;
beforeAll(() => {
  validate = compileR4Validator();
});

function expectValid(resource: unknown) {
  const valid = validate(JSON.parse(JSON.stringify(resource)));
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

const CASES: [string, ReceiptRecord, FhirConsent['status']][] = [
  ['discussing', recordFor(requestIn('discussing'), []), 'draft'],
  ['awaiting signatures', recordFor(requestIn('awaiting_signatures'), []), 'proposed'],
  ['active', activeRecord(), 'active'],
  ['declined', declinedRecord(), 'rejected'],
  ['declined after one signature', declinedAfterOneSignatureRecord(), 'rejected'],
  ['withdrawn', withdrawnRecord(), 'inactive'],
  ['ended', endedRecord(), 'inactive'],
];

describe('receipt as FHIR R4 Consent', () => {
  it.each(CASES)('%s: valid against the R4 schema, with status %s', (_name, record, status) => {
    const resource = receiptFhir(record);
    expect(resource.status).toBe(status);
    expectValid(resource);
  });

  it('is the mapping of fhir.ts applied to the receipt record', () => {
    const record = withdrawnRecord();
    expect(receiptFhir(record)).toEqual(
      toFhirConsent({
        id: REQUEST_ID,
        request: record.request,
        client: CLIENT,
        therapist: THERAPIST,
        practice: { id: PRACTICE.id, name: PRACTICE.name },
        openedAt: OPENED,
        activatedAt: CLIENT_SIGNED,
        closedAt: CLOSED,
        policies: POLICIES.map(({ kind, version, sha256 }) => ({ kind, version, sha256 })),
      }),
    );
  });

  it('names the terms and each policy version by hash, dated when it closed, and carries no policy titles', () => {
    const record = withdrawnRecord();
    const resource = receiptFhir(record);
    expect(resource.identifier).toContainEqual({ system: 'urn:ietf:rfc:3986', value: sha256Uri(record.request.terms.sha256) });
    expect(resource.policy.map((policy) => policy.uri)).toEqual(POLICIES.map((policy) => sha256Uri(policy.sha256)));
    expect(resource.provision.period).toEqual({ start: CLIENT_SIGNED.toISOString(), end: CLOSED.toISOString() });
    expect(resource.dateTime).toBe(CLOSED.toISOString());
    expect(JSON.stringify(resource)).not.toContain(POLICIES[0].title);
  });
});
