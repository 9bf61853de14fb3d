import type { PolicyKind } from '@/db/schema';
import type { Alternative, ConsentTerms, EndReason, Party, RequestState } from './model';
import { PARTIES, REQUEST_STATE_LABELS } from './model';
import { assertReceiptable, type GuidanceShown, type ReceiptRecord, type ReceiptState, receiptTitle } from './receipt';
import { canonicalTerms, normaliseTerms, TERMS_FORMAT } from './terms';

/**
 * The receipt as a JSON document: the same record as the PDF, as data, with times in ISO 8601 (UTC). Keys come in a
 * fixed order, so the same record always gives the same bytes. A change to the document's shape gets a new schema name.
 */
export const RECEIPT_JSON_SCHEMA = 'hearth.recording-receipt.v1';

interface GuidanceJson {
  requirement: GuidanceShown['requirement'];
  contested: boolean;
  whoMustConsent: string;
  whatTheLawAsks: string[];
  notes: string[];
  sources: string[];
  lastReviewed: string;
  disclaimer: string;
  hearthPractice: string;
}

interface PolicyJson {
  kind: PolicyKind;
  version: number;
  sha256: string;
}

export interface ReceiptJson {
  schema: typeof RECEIPT_JSON_SCHEMA;
  generatedAt: string;
  request: {
    id: string;
    state: ReceiptState;
    stateLabel: string;
    title: string;
    openedBy: Party;
    openedAt: string;
    activatedAt: string | null;
    closedAt: string | null;
  };
  practice: { id: string; name: string; timeZone: string };
  client: { id: string; name: string };
  therapist: { id: string; name: string };
  terms: {
    format: typeof TERMS_FORMAT;
    version: number;
    /** SHA-256 (hex) of `canonical`, as UTF-8. */
    sha256: string;
    /** The exact text both people sign and the hash is taken over. */
    canonical: string;
    values: ConsentTerms;
  };
  outcome:
    | { kind: 'declined'; alternatives: Alternative[] }
    | { kind: 'withdrawn'; by: Party; reason: string | null }
    | { kind: 'ended'; reason: EndReason }
    | null;
  guidance: { inPerson: GuidanceJson; telehealth: GuidanceJson };
  policies: (PolicyJson & { title: string })[];
  signatures: {
    party: Party;
    fullName: string;
    signedAt: string;
    ipAddress: string;
    userAgent: string;
    factors: string;
    termsVersion: number;
    termsSha256: string;
    policies: PolicyJson[];
  }[];
  history: { at: string; by: string; from: RequestState | null; to: RequestState }[];
}

const guidanceJson = (guidance: GuidanceShown): GuidanceJson => ({
  requirement: guidance.requirement,
  contested: guidance.contested,
  whoMustConsent: guidance.whoMustConsent,
  whatTheLawAsks: [...guidance.whatTheLawAsks],
  notes: [...guidance.notes],
  sources: [...guidance.sources],
  lastReviewed: guidance.lastReviewed,
  disclaimer: guidance.disclaimer,
  hearthPractice: guidance.hearthPractice,
});

const policyJson = ({ kind, version, sha256 }: PolicyJson): PolicyJson => ({ kind, version, sha256 });

/** The receipt's data, built key by key. Throws a ReceiptError when receiptProblems() finds any. */
export function receiptDocument(record: ReceiptRecord): ReceiptJson {
  assertReceiptable(record);
  const { request } = record;
  const outcome = request.outcome;
  return {
    schema: RECEIPT_JSON_SCHEMA,
    generatedAt: record.generatedAt.toISOString(),
    request: {
      id: record.id,
      state: request.state,
      stateLabel: REQUEST_STATE_LABELS[request.state],
      title: receiptTitle(request),
      openedBy: request.openedBy,
      openedAt: record.openedAt.toISOString(),
      activatedAt: record.activatedAt?.toISOString() ?? null,
      closedAt: record.closedAt?.toISOString() ?? null,
    },
    practice: { id: record.practice.id, name: record.practice.name, timeZone: record.practice.timeZone },
    client: { id: record.client.id, name: record.client.name },
    therapist: { id: record.therapist.id, name: record.therapist.name },
    terms: {
      format: TERMS_FORMAT,
      version: request.terms.version,
      sha256: request.terms.sha256,
      canonical: canonicalTerms(request.terms.terms),
      values: normaliseTerms(request.terms.terms),
    },
    outcome:
      outcome === null
        ? null
        : outcome.kind === 'declined'
          ? { kind: 'declined', alternatives: [...outcome.alternatives] }
          : outcome.kind === 'withdrawn'
            ? { kind: 'withdrawn', by: outcome.by, reason: outcome.reason }
            : { kind: 'ended', reason: outcome.reason },
    guidance: { inPerson: guidanceJson(record.guidance.inPerson), telehealth: guidanceJson(record.guidance.telehealth) },
    policies: record.policies.map((policy) => ({ ...policyJson(policy), title: policy.title })),
    // Client first, then therapist, whatever order they came in.
    signatures: PARTIES.flatMap((party) => record.signatures.filter((signature) => signature.party === party)).map((signature) => ({
      party: signature.party,
      fullName: signature.fullName,
      signedAt: signature.signedAt.toISOString(),
      ipAddress: signature.ipAddress,
      userAgent: signature.userAgent,
      factors: signature.factors,
      termsVersion: signature.termsVersion,
      termsSha256: signature.termsSha256,
      policies: signature.policies.map(policyJson),
    })),
    history: record.history.map((change) => ({ at: change.at.toISOString(), by: change.by, from: change.from, to: change.to })),
  };
}

/** The JSON receipt as a file's text: two-space indented, ending in a newline. */
export function receiptJson(record: ReceiptRecord): string {
  return `${JSON.stringify(receiptDocument(record), null, 2)}\n`;
}
