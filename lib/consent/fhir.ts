import type { Party, PolicyVersionShown } from './model';
import { type ConsentRequest, wasActivated } from './state';

/**
 * A recording request as an HL7 FHIR R4 Consent resource (https://hl7.org/fhir/R4/consent.html), for either person to
 * download. The resource summarises; the full terms travel in the JSON export and the receipt, named here by their hash.
 */

interface Coding {
  system: string;
  code: string;
  display: string;
}
interface CodeableConcept {
  coding: Coding[];
}
interface Reference {
  reference: string;
  display?: string;
}
interface Period {
  start?: string;
  end?: string;
}
type ProvisionAction = 'collect' | 'access' | 'disclose';
interface NestedProvision {
  type: 'permit' | 'deny';
  actor?: { role: CodeableConcept; reference: Reference }[];
  action: CodeableConcept[];
}

export type FhirConsentStatus = 'draft' | 'proposed' | 'active' | 'rejected' | 'inactive';

export interface FhirConsent {
  resourceType: 'Consent';
  id: string;
  identifier: { system: string; value: string }[];
  status: FhirConsentStatus;
  scope: CodeableConcept;
  category: CodeableConcept[];
  patient: Reference;
  dateTime: string;
  performer: Reference[];
  organization: Reference[];
  policy: { authority: string; uri: string }[];
  policyRule: CodeableConcept;
  provision: {
    period?: Period;
    dataPeriod?: Period;
    data?: { meaning: 'related'; reference: Reference }[];
    provision: NestedProvision[];
  };
}

export interface ConsentRecord {
  /** The request's id (a UUID), used as the resource id. */
  id: string;
  request: ConsentRequest;
  client: { id: string; name: string };
  therapist: { id: string; name: string };
  practice: { id: string; name: string };
  openedAt: Date;
  /** When the second signature made the agreement active; null if it never was. */
  activatedAt: Date | null;
  /** When it was declined, withdrawn or ended; null while open or active. */
  closedAt: Date | null;
  /** The policy versions shown during the discussion. */
  policies: PolicyVersionShown[];
}

const coding = (system: string, code: string, display: string): CodeableConcept => ({ coding: [{ system, code, display }] });

// consentscope has four codes: adr, research, patient-privacy and treatment. Recording a session is consent to collect
// and access information about the client, not consent to a treatment: "patient-privacy" ("Agreement to collect,
// access, use or disclose (share) information").
const SCOPE = coding('http://terminology.hl7.org/CodeSystem/consentscope', 'patient-privacy', 'Privacy Consent');
// The general consent document of the R4 consent-category value set; the others there are about disclosure, privacy
// notices or advance directives. Display as that value set gives it.
const CATEGORY = coding('http://loinc.org', '59284-0', 'Patient Consent');
// Opt-in: nothing may be recorded unless a provision below permits it.
const POLICY_RULE = coding('http://terminology.hl7.org/CodeSystem/v3-ActCode', 'OPTIN', 'opt-in');

const ACTION_DISPLAY: Record<ProvisionAction, string> = { collect: 'Collect', access: 'Access', disclose: 'Disclose' };
const action = (code: ProvisionAction) => coding('http://terminology.hl7.org/CodeSystem/consentaction', code, ACTION_DISPLAY[code]);

// Roles from the R4 security-role-type value set (v3 RoleClass): the client as patient, the therapist as provider.
const ROLE: Record<Party, CodeableConcept> = {
  client: coding('http://terminology.hl7.org/CodeSystem/v3-RoleClass', 'PAT', 'patient'),
  therapist: coding('http://terminology.hl7.org/CodeSystem/v3-RoleClass', 'PROV', 'healthcare provider'),
};

/** A SHA-256 as an RFC 6920 "ni" URI: a standard name for exact content. */
export const sha256Uri = (sha256Hex: string) => `ni:///sha-256;${Buffer.from(sha256Hex, 'hex').toString('base64url')}`;

/** An identifier whose value is a URI, as FHIR spells it. */
const uriIdentifier = (value: string) => ({ system: 'urn:ietf:rfc:3986', value });

function consentStatus(request: ConsentRequest): FhirConsentStatus {
  switch (request.state) {
    case 'discussing':
      return 'draft';
    case 'awaiting_signatures':
      return 'proposed';
    case 'active':
      return 'active';
    case 'declined':
      return 'rejected';
    // A therapist who withdraws before both signed turned the proposal down; after, a consent in force was terminated.
    case 'withdrawn':
      return wasActivated(request) ? 'inactive' : 'rejected';
    case 'ended':
      return 'inactive';
  }
}

export function toFhirConsent(record: ConsentRecord): FhirConsent {
  const { request, client, therapist, practice } = record;
  const { terms } = request.terms;
  const people: Record<Party, Reference> = {
    client: { reference: `Patient/${client.id}`, display: client.name },
    therapist: { reference: `Practitioner/${therapist.id}`, display: therapist.name },
  };
  const actor = (party: Party) => ({ role: ROLE[party], reference: people[party] });
  const recorder: Party = terms.method === 'therapist_records' ? 'therapist' : 'client';
  const listeners: Party[] = terms.listeners === 'client_and_therapist' ? ['client', 'therapist'] : ['client'];

  const provision: FhirConsent['provision'] =
    request.state === 'declined'
      ? { provision: [{ type: 'deny', action: [action('collect')] }] }
      : {
          ...(record.activatedAt && { period: { start: record.activatedAt.toISOString(), ...(record.closedAt && { end: record.closedAt.toISOString() }) } }),
          ...(terms.sessions.kind === 'all_from_date' && { dataPeriod: { start: terms.sessions.from } }),
          // The recordings refer to the sessions they were made in: "related" covers them.
          ...(terms.sessions.kind === 'chosen' && {
            data: terms.sessions.appointmentIds.map((id) => ({ meaning: 'related' as const, reference: { reference: `Appointment/${id}` } })),
          }),
          provision: [
            { type: 'permit', actor: [actor(recorder)], action: [action('collect')] },
            { type: 'permit', actor: listeners.map(actor), action: [action('access')] },
            // No sharing with anyone else without a new written agreement.
            { type: 'deny', action: [action('disclose')] },
          ],
        };

  return {
    resourceType: 'Consent',
    id: record.id,
    identifier: [uriIdentifier(`urn:uuid:${record.id}`), uriIdentifier(sha256Uri(request.terms.sha256))],
    status: consentStatus(request),
    scope: SCOPE,
    category: [CATEGORY],
    patient: people.client,
    dateTime: (record.closedAt ?? record.activatedAt ?? record.openedAt).toISOString(),
    performer: [people.client, people.therapist],
    organization: [{ reference: `Organization/${practice.id}`, display: practice.name }],
    policy: record.policies.map((policy) => ({ authority: `urn:uuid:${practice.id}`, uri: sha256Uri(policy.sha256) })),
    policyRule: POLICY_RULE,
    provision,
  };
}
