import { dateFormat, formatInTimeZone } from '@/lib/platform/clock';
import type { RecordingGuidance } from '@/lib/jurisdictions/rules';
import { POLICY_KIND_LABELS } from '@/lib/policies/model';
import { type FhirConsent, toFhirConsent } from './fhir';
import {
  ALTERNATIVE_LABELS,
  type ConsentTerms,
  END_REASON_LABELS,
  LISTENER_LABELS,
  METHOD_LABELS,
  PARTIES,
  PARTY_LABELS,
  type Party,
  PURPOSE_LABELS,
  type PolicyVersionShown,
  REQUEST_STATE_LABELS,
  type RequestState,
  type Signature,
  SIGNATURE_LABELS,
  STORAGE_LABELS,
  TERMS_LABELS,
  WITHDRAWAL_LABELS,
} from './model';
import { type ConsentRequest, wasActivated } from './state';
import { TERMS_FORMAT, termsSha256 } from './terms';

/**
 * The receipt either person downloads for a signed, declined, withdrawn or ended request: its plain-language content
 * (printed by receipt-pdf.ts), with the JSON document in receipt-json.ts and the FHIR resource below. Pure: everything
 * comes in through a ReceiptRecord.
 */

/** The recording guidance as it was shown for one kind of session: what recordingGuidance() returns, or this part of it. */
export type GuidanceShown = Pick<
  RecordingGuidance,
  'requirement' | 'contested' | 'whoMustConsent' | 'whatTheLawAsks' | 'notes' | 'sources' | 'lastReviewed' | 'disclaimer' | 'hearthPractice'
>;

/** A policy version shown during the discussion, with the title it had. */
export interface ReceiptPolicy extends PolicyVersionShown {
  title: string;
}

/** A signature that stands (not voided), with how the signer proved it was them. */
export interface ReceiptSignature extends Signature {
  /** As stored with the signature: 'password', 'password+totp' (each factor, joined by '+'). */
  factors: string;
}

/** One change of state, as recorded in the request's history. */
export interface ReceiptStatusChange {
  at: Date;
  /** The person's name, or 'Hearth' for a change Hearth made itself (an end date reached, care ended). */
  by: string;
  /** null for the opening of the request. */
  from: RequestState | null;
  to: RequestState;
}

/** Everything a receipt shows, as a query gathers it. */
export interface ReceiptRecord {
  /** The request's id (a UUID). */
  id: string;
  /**
   * The request as the rules hold it: state, opener, terms document (terms, version and SHA-256), which parties' signatures
   * stand, and the outcome (declined with the alternatives chosen, withdrawn with its reason, ended with its reason).
   */
  request: ConsentRequest;
  practice: { id: string; name: string; timeZone: string };
  client: { id: string; name: string };
  therapist: { id: string; name: string };
  openedAt: Date;
  /** When the second signature made the agreement active; null if it never was. */
  activatedAt: Date | null;
  /** When it was declined, withdrawn or ended; null while open or active. */
  closedAt: Date | null;
  /** The recording guidance shown for the practice's and the client's places, for each kind of session. */
  guidance: { inPerson: GuidanceShown; telehealth: GuidanceShown };
  /** The policy versions shown during the discussion. */
  policies: ReceiptPolicy[];
  /** The signatures that stand, each given to the request's current terms; voided ones are left out. */
  signatures: ReceiptSignature[];
  /** Every change of state, oldest first. */
  history: ReceiptStatusChange[];
  generatedAt: Date;
}

/** The states a receipt is made for: an agreement signed, or a request that closed. */
export const RECEIPT_STATES = ['active', 'declined', 'withdrawn', 'ended'] as const satisfies readonly RequestState[];
export type ReceiptState = (typeof RECEIPT_STATES)[number];

export const hasReceipt = (state: RequestState): state is ReceiptState => (RECEIPT_STATES as readonly RequestState[]).includes(state);

/**
 * What would make a receipt say something untrue: a request still being discussed, terms that do not hash to the hash
 * printed, or signatures that are not the ones the request holds for these exact terms. None means a receipt can be made.
 */
export function receiptProblems(record: ReceiptRecord): string[] {
  const { request, signatures } = record;
  const problems: string[] = [];
  if (!hasReceipt(request.state)) problems.push(`A request in state "${request.state}" has no receipt.`);
  if (termsSha256(request.terms.terms) !== request.terms.sha256) problems.push('The terms do not hash to the SHA-256 recorded for them.');
  for (const signature of signatures) {
    if (signature.termsSha256 !== request.terms.sha256 || signature.termsVersion !== request.terms.version) {
      problems.push(`The ${signature.party}'s signature was given to other terms.`);
    }
  }
  const signed = (parties: Iterable<Party>) => [...parties].sort().join(',');
  const marked = PARTIES.filter((party) => request.signatures[party]);
  if (signed(signatures.map((signature) => signature.party)) !== signed(marked)) {
    problems.push('The signatures listed are not the ones the request holds.');
  }
  return problems;
}

export class ReceiptError extends Error {
  constructor(readonly problems: string[]) {
    super(`No receipt can be made: ${problems.join(' ')}`);
    this.name = 'ReceiptError';
  }
}

/** Throws a ReceiptError unless the record can be printed truthfully. */
export function assertReceiptable(record: ReceiptRecord): asserts record is ReceiptRecord & { request: { state: ReceiptState } } {
  const problems = receiptProblems(record);
  if (problems.length > 0) throw new ReceiptError(problems);
}

// --- The content -------------------------------------------------------------------------------------------------------

export interface ReceiptField {
  label: string;
  /** Plain text; a line break separates items that belong on lines of their own. */
  value: string;
  /** A hash or identifier to copy exactly: printed in a fixed-width font. */
  code?: boolean;
}

export type ReceiptBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'fields'; rows: ReceiptField[] }
  | { kind: 'list'; items: string[] };

export const RECEIPT_SECTIONS = ['about', 'people', 'outcome', 'terms', 'law', 'policies', 'signatures', 'history', 'check'] as const;
export type ReceiptSectionId = (typeof RECEIPT_SECTIONS)[number];

export interface ReceiptSection {
  id: ReceiptSectionId;
  heading: string;
  blocks: ReceiptBlock[];
}

export interface ReceiptContent {
  /** "Recording agreement", "Recording request declined", ... */
  title: string;
  /** One sentence on where things stand. */
  summary: string;
  /** In print order; the outcome section only for a request that closed. */
  sections: ReceiptSection[];
}

/** What every receipt calls itself in its document metadata: no names, no state. */
export const RECEIPT_DOCUMENT_TITLE = 'Hearth recording agreement';

export function receiptTitle(request: ConsentRequest): string {
  switch (request.state) {
    case 'active':
      return 'Recording agreement';
    case 'declined':
      return 'Recording request declined';
    case 'withdrawn':
      return wasActivated(request) ? 'Recording agreement withdrawn' : 'Recording request withdrawn';
    case 'ended':
      return wasActivated(request) ? 'Recording agreement ended' : 'Recording request ended';
    default:
      return 'Recording request';
  }
}

function receiptSummary(record: ReceiptRecord): string {
  const { request } = record;
  const outcome = request.outcome;
  switch (request.state) {
    case 'active':
      return 'Both of you signed these terms: sessions may be recorded as they say, and either of you can withdraw at any time.';
    case 'declined':
      return 'The client declined recording. Sessions are not recorded.';
    case 'withdrawn': {
      const by = outcome?.kind === 'withdrawn' ? ` by the ${PARTY_LABELS[outcome.by].toLowerCase()}` : '';
      return wasActivated(request)
        ? `The agreement was withdrawn${by}. Nothing more may be recorded under it.`
        : `The request was withdrawn${by} before both had signed. Sessions are not recorded.`;
    }
    case 'ended':
      return wasActivated(request) ? 'The agreement has ended. Nothing more may be recorded under it.' : 'The request ended before both had signed. Sessions are not recorded.';
    default:
      return REQUEST_STATE_LABELS[request.state];
  }
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** A calendar date (YYYY-MM-DD) as people read it, e.g. "2 Mar 2026". */
function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return dateFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(year, month - 1, day)));
}

function sessionsValue(sessions: ConsentTerms['sessions']): string {
  switch (sessions.kind) {
    case 'all_from_date':
      return `Every session from ${formatDate(sessions.from)} (${sessions.from})`;
    case 'next_n':
      return sessions.count === 1 ? 'The next session' : `The next ${sessions.count} sessions`;
    case 'chosen':
      return [`${plural(sessions.appointmentIds.length, 'chosen session', 'chosen sessions')}, by appointment reference:`, ...sessions.appointmentIds].join('\n');
  }
}

/** Each term as the receipt prints it, in the order of TERMS_LABELS. */
export function termsValues(terms: ConsentTerms): Record<keyof ConsentTerms, string> {
  return {
    purposes: terms.purposes.map((purpose) => PURPOSE_LABELS[purpose]).join('\n'),
    otherPurpose: terms.otherPurpose ?? 'None',
    sessions: sessionsValue(terms.sessions),
    method: METHOD_LABELS[terms.method],
    storage: STORAGE_LABELS[terms.storage],
    listeners: LISTENER_LABELS[terms.listeners],
    transcriptionAllowed: terms.transcriptionAllowed ? 'Allowed: both agreed' : 'Not allowed',
    sharingNeedsNewAgreement: terms.sharingNeedsNewAgreement ? 'Yes, always' : 'No',
    retentionDays: plural(terms.retentionDays, 'day', 'days'),
    onWithdrawal:
      terms.onWithdrawal.action === 'delete_within_days'
        ? `Recordings in Hearth’s vault are deleted within ${plural(terms.onWithdrawal.days, 'day', 'days')}`
        : WITHDRAWAL_LABELS.keep_until_retention,
    neutralFileLabels: terms.neutralFileLabels ? 'Yes, always' : 'No',
  };
}

const FACTOR_LABELS: Record<string, string> = { password: 'password', totp: 'authenticator code', 'recovery-code': 'recovery code' };

/** 'password+totp' as "Password and authenticator code"; a factor this version does not know is printed as stored. */
export function factorsLabel(factors: string): string {
  const names = factors
    .split('+')
    .filter((factor) => factor !== '')
    .map((factor) => FACTOR_LABELS[factor] ?? factor);
  if (names.length === 0) return 'Not recorded';
  const text = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const policyName = (policy: PolicyVersionShown) => `${POLICY_KIND_LABELS[policy.kind]}, version ${policy.version}`;

function guidanceBlocks(heading: string, guidance: GuidanceShown): ReceiptBlock[] {
  const blocks: ReceiptBlock[] = [
    { kind: 'subheading', text: heading },
    {
      kind: 'fields',
      rows: [
        { label: 'Who must consent', value: guidance.whoMustConsent },
        {
          label: 'Is the law settled?',
          value: guidance.contested
            ? 'No: a rule that applies is contested, so Hearth treats it as needing everyone’s consent.'
            : 'Yes, for the places that apply.',
        },
        { label: 'Rules last reviewed', value: formatDate(guidance.lastReviewed) },
      ],
    },
  ];
  if (guidance.whatTheLawAsks.length > 0) blocks.push({ kind: 'paragraph', text: 'What the law asks:' }, { kind: 'list', items: [...guidance.whatTheLawAsks] });
  if (guidance.notes.length > 0) blocks.push({ kind: 'paragraph', text: 'What this guidance could not take into account:' }, { kind: 'list', items: [...guidance.notes] });
  if (guidance.sources.length > 0) blocks.push({ kind: 'paragraph', text: 'Sources:' }, { kind: 'list', items: [...guidance.sources] });
  return blocks;
}

function outcomeSection(record: ReceiptRecord, nameOf: Record<Party, string>): ReceiptSection | null {
  const { outcome } = record.request;
  if (!outcome) return null;
  switch (outcome.kind) {
    case 'declined':
      return {
        id: 'outcome',
        heading: 'What was decided',
        blocks: [
          { kind: 'paragraph', text: 'The client declined recording. No reason is asked for, and saying no carries no penalty.' },
          {
            kind: 'fields',
            rows: [
              {
                label: 'Alternatives chosen',
                value: outcome.alternatives.length > 0 ? outcome.alternatives.map((alternative) => ALTERNATIVE_LABELS[alternative]).join('\n') : 'None chosen',
              },
            ],
          },
        ],
      };
    case 'withdrawn':
      return {
        id: 'outcome',
        heading: 'What was decided',
        blocks: [
          {
            kind: 'fields',
            rows: [
              { label: 'Withdrawn by', value: `${nameOf[outcome.by]} (${PARTY_LABELS[outcome.by].toLowerCase()})` },
              { label: 'Reason given', value: outcome.reason ?? 'No reason given' },
            ],
          },
        ],
      };
    case 'ended':
      return {
        id: 'outcome',
        heading: 'What was decided',
        blocks: [{ kind: 'fields', rows: [{ label: 'Why it ended', value: END_REASON_LABELS[outcome.reason] }] }],
      };
  }
}

/**
 * The receipt's sections in print order: about, the people, what was decided (a closed request only), the terms in full,
 * the law guidance shown, the policy versions, the signatures, the status history, and how to check the terms' hash.
 * Times are in the practice's time zone, and say so. Throws a ReceiptError when receiptProblems() finds any.
 */
export function receiptContent(record: ReceiptRecord): ReceiptContent {
  assertReceiptable(record);
  const { request, practice, client, therapist } = record;
  const zone = practice.timeZone;
  const time = (instant: Date) => formatInTimeZone(instant, zone);
  const timeLabel = (label: string) => `${label} (${zone} time)`;
  const nameOf: Record<Party, string> = { client: client.name, therapist: therapist.name };
  const document = request.terms;

  const about: ReceiptSection = {
    id: 'about',
    heading: 'About this receipt',
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: 'Status', value: REQUEST_STATE_LABELS[request.state] },
          { label: 'Request reference', value: record.id, code: true },
          { label: timeLabel('Opened'), value: time(record.openedAt) },
          ...(record.activatedAt ? [{ label: timeLabel('In force from'), value: time(record.activatedAt) }] : []),
          ...(record.closedAt ? [{ label: timeLabel(request.state === 'declined' ? 'Declined' : request.state === 'withdrawn' ? 'Withdrawn' : 'Ended'), value: time(record.closedAt) }] : []),
          { label: timeLabel('Receipt made'), value: time(record.generatedAt) },
        ],
      },
    ],
  };

  const people: ReceiptSection = {
    id: 'people',
    heading: 'The people',
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: PARTY_LABELS.client, value: client.name },
          { label: PARTY_LABELS.therapist, value: therapist.name },
          { label: 'Practice', value: practice.name },
          { label: 'Request opened by', value: `${nameOf[request.openedBy]} (${PARTY_LABELS[request.openedBy].toLowerCase()})` },
        ],
      },
    ],
  };

  const values = termsValues(document.terms);
  const terms: ReceiptSection = {
    id: 'terms',
    heading: 'The terms in full',
    blocks: [
      { kind: 'paragraph', text: `Version ${document.version} of the terms${record.signatures.length > 0 ? ', the version signed' : ''}.` },
      {
        kind: 'fields',
        rows: [
          ...(Object.keys(TERMS_LABELS) as (keyof ConsentTerms)[]).map((key) => ({ label: TERMS_LABELS[key], value: values[key] })),
          { label: SIGNATURE_LABELS.termsVersion, value: String(document.version) },
          { label: SIGNATURE_LABELS.termsSha256, value: document.sha256, code: true },
        ],
      },
    ],
  };

  const law: ReceiptSection = {
    id: 'law',
    heading: 'The law guidance shown',
    blocks: [
      { kind: 'paragraph', text: 'Who the law asks to consent before a session is recorded, for where the practice and the client are, as Hearth showed it.' },
      ...guidanceBlocks('In-person sessions', record.guidance.inPerson),
      ...guidanceBlocks('Telehealth sessions', record.guidance.telehealth),
      { kind: 'paragraph', text: record.guidance.inPerson.hearthPractice },
      { kind: 'paragraph', text: record.guidance.inPerson.disclaimer },
    ],
  };

  const policies: ReceiptSection = {
    id: 'policies',
    heading: 'Policy versions shown',
    blocks:
      record.policies.length > 0
        ? record.policies.map((policy) => ({
            kind: 'fields' as const,
            rows: [
              { label: policyName(policy), value: policy.title },
              { label: 'SHA-256', value: policy.sha256, code: true },
            ],
          }))
        : [{ kind: 'paragraph', text: 'No policy versions were shown.' }],
  };

  const signed = PARTIES.flatMap((party) => record.signatures.filter((signature) => signature.party === party));
  const signatures: ReceiptSection = {
    id: 'signatures',
    heading: 'Signatures',
    blocks: [
      ...(signed.length === 0
        ? [{ kind: 'paragraph' as const, text: 'Nobody signed these terms.' }]
        : wasActivated(request)
          ? []
          : [{ kind: 'paragraph' as const, text: 'Only one of you signed, so the agreement never came into force.' }]),
      ...signed.flatMap((signature): ReceiptBlock[] => [
        { kind: 'subheading', text: `${PARTY_LABELS[signature.party]}: ${nameOf[signature.party]}` },
        {
          kind: 'fields',
          rows: [
            { label: 'Name typed', value: signature.fullName },
            { label: SIGNATURE_LABELS.party, value: PARTY_LABELS[signature.party] },
            { label: timeLabel(SIGNATURE_LABELS.signedAt), value: time(signature.signedAt) },
            { label: SIGNATURE_LABELS.ipAddress, value: signature.ipAddress },
            { label: SIGNATURE_LABELS.userAgent, value: signature.userAgent || 'Not recorded' },
            { label: 'Confirmed with', value: factorsLabel(signature.factors) },
            { label: SIGNATURE_LABELS.termsVersion, value: String(signature.termsVersion) },
            { label: SIGNATURE_LABELS.termsSha256, value: signature.termsSha256, code: true },
            {
              label: SIGNATURE_LABELS.policies,
              value: signature.policies.length > 0 ? signature.policies.map((policy) => `${policyName(policy)}:\n${policy.sha256}`).join('\n') : 'None',
              code: signature.policies.length > 0,
            },
          ],
        },
      ]),
    ],
  };

  const history: ReceiptSection = {
    id: 'history',
    heading: 'Status history',
    blocks: [
      { kind: 'paragraph', text: `Every change of status, oldest first. Times are in ${zone} time.` },
      {
        kind: 'fields',
        rows: record.history.map((change) => ({
          label: time(change.at),
          value: change.from
            ? `From “${REQUEST_STATE_LABELS[change.from]}” to “${REQUEST_STATE_LABELS[change.to]}”, by ${change.by}`
            : `Opened: “${REQUEST_STATE_LABELS[change.to]}”, by ${change.by}`,
        })),
      },
    ],
  };

  const check: ReceiptSection = {
    id: 'check',
    heading: 'Checking the terms',
    blocks: [
      {
        kind: 'paragraph',
        text: `The terms are hashed in the canonical form ${TERMS_FORMAT}: the same terms always give the same SHA-256, and a change of a single character gives another. The JSON export holds that exact text.`,
      },
      { kind: 'fields', rows: [{ label: SIGNATURE_LABELS.termsSha256, value: document.sha256, code: true }] },
    ],
  };

  const outcome = outcomeSection(record, nameOf);
  return {
    title: receiptTitle(request),
    summary: receiptSummary(record),
    sections: [about, people, ...(outcome ? [outcome] : []), terms, law, policies, signatures, history, check],
  };
}

/** Every line of text the content holds, in order: what a reader of the printed receipt should find. */
export function receiptLines(content: ReceiptContent): string[] {
  return [
    content.title,
    content.summary,
    ...content.sections.flatMap((section) => [
      section.heading,
      ...section.blocks.flatMap((block) => {
        switch (block.kind) {
          case 'paragraph':
          case 'subheading':
            return [block.text];
          case 'list':
            return block.items;
          case 'fields':
            return block.rows.flatMap((row) => [row.label, row.value]);
        }
      }),
    ]),
  ];
}

/** The request as an HL7 FHIR R4 Consent resource (fhir.ts), from the same record as the receipt. */
export function receiptFhir(record: ReceiptRecord): FhirConsent {
  return toFhirConsent({
    id: record.id,
    request: record.request,
    client: { id: record.client.id, name: record.client.name },
    therapist: { id: record.therapist.id, name: record.therapist.name },
    practice: { id: record.practice.id, name: record.practice.name },
    openedAt: record.openedAt,
    activatedAt: record.activatedAt,
    closedAt: record.closedAt,
    policies: record.policies.map(({ kind, version, sha256 }) => ({ kind, version, sha256 })),
  });
}
