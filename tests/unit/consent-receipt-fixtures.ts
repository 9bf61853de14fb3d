// Receipt records in each receipt state, built on requests the state machine itself produced (consent-fixtures.ts).
import { createHash } from 'node:crypto';
import type { Party, RequestState } from '@/lib/consent/model';
import type { ReceiptPolicy, ReceiptRecord, ReceiptSignature, ReceiptStatusChange } from '@/lib/consent/receipt';
import type { ConsentRequest } from '@/lib/consent/state';
import { recordingGuidance } from '@/lib/jurisdictions/rules';
import { apply, requestIn } from './consent-fixtures';

export const PRACTICE = { id: 'e4a7c913-5f2b-4d6e-8a1c-0b9d3e7f2a64', name: 'Elm Street Therapy', timeZone: 'America/New_York' };
export const CLIENT = { id: '3f1d8a52-6b0e-4c1f-9a7d-2e5b8c4f6a10', name: 'Zoë Ashworth' };
export const THERAPIST = { id: '9c2e4b71-0d3f-4a8e-b6c5-7f1a2d3e4b5c', name: 'Sam Birch' };
export const REQUEST_ID = 'b5d0e6f2-1a3c-4e7b-9d8f-6c2a4b1e3d5f';

export const OPENED = new Date('2026-02-20T14:15:00.000Z');
export const THERAPIST_SIGNED = new Date('2026-02-27T15:02:09.000Z');
export const CLIENT_SIGNED = new Date('2026-02-27T16:40:12.345Z');
export const CLOSED = new Date('2026-04-01T13:00:00.000Z');
export const GENERATED = new Date('2026-04-02T10:30:00.000Z');

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

export const POLICIES: ReceiptPolicy[] = [
  { kind: 'recording', version: 3, title: 'Recording sessions at Elm Street', sha256: hash('recording policy v3') },
  { kind: 'confidentiality', version: 1, title: 'Confidentiality and its limits', sha256: hash('confidentiality policy v1') },
];

// A practice in Delaware (whose rule is contested) and a client in Connecticut (one-party in person, all-party by phone).
const place = { practice: { country: 'US', region: 'US-DE' }, client: { country: 'US', region: 'US-CT' } };
export const GUIDANCE = {
  inPerson: recordingGuidance({ ...place, channel: 'in_person' }),
  telehealth: recordingGuidance({ ...place, channel: 'telehealth' }),
};

export const LONG_USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15 ' +
  'ExtraLongTokenWithoutAnySpacesAtAll_0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789';

function signature(request: ConsentRequest, party: Party): ReceiptSignature {
  const client = party === 'client';
  return {
    party,
    fullName: client ? CLIENT.name : THERAPIST.name,
    signedAt: client ? CLIENT_SIGNED : THERAPIST_SIGNED,
    ipAddress: client ? '203.0.113.24' : '2001:db8::7',
    userAgent: client ? LONG_USER_AGENT : 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    factors: client ? 'password' : 'password+totp',
    termsVersion: request.terms.version,
    termsSha256: request.terms.sha256,
    policies: POLICIES.map(({ kind, version, sha256 }) => ({ kind, version, sha256 })),
  };
}

const change = (at: string, by: string, from: RequestState | null, to: RequestState): ReceiptStatusChange => ({ at: new Date(at), by, from, to });

const OPENING: ReceiptStatusChange[] = [change(OPENED.toISOString(), CLIENT.name, null, 'discussing')];
const TO_ACTIVE: ReceiptStatusChange[] = [
  ...OPENING,
  change('2026-02-26T18:05:00.000Z', THERAPIST.name, 'discussing', 'awaiting_signatures'),
  change(CLIENT_SIGNED.toISOString(), CLIENT.name, 'awaiting_signatures', 'active'),
];

/** A receipt record for the request, its signatures being the ones the request holds. */
export function recordFor(request: ConsentRequest, history: ReceiptStatusChange[], dates: { activatedAt?: Date; closedAt?: Date } = {}): ReceiptRecord {
  const parties = (['client', 'therapist'] as const).filter((party) => request.signatures[party]);
  return {
    id: REQUEST_ID,
    request,
    practice: PRACTICE,
    client: CLIENT,
    therapist: THERAPIST,
    openedAt: OPENED,
    activatedAt: dates.activatedAt ?? null,
    closedAt: dates.closedAt ?? null,
    guidance: GUIDANCE,
    policies: POLICIES,
    signatures: parties.map((party) => signature(request, party)),
    history,
    generatedAt: GENERATED,
  };
}

export const WITHDRAWAL_REASON = 'We are moving to fortnightly sessions; I’d rather take notes.';

export const activeRecord = () => recordFor(requestIn('active'), TO_ACTIVE, { activatedAt: CLIENT_SIGNED });

export const declinedRecord = () =>
  recordFor(requestIn('declined'), [...OPENING, change(CLOSED.toISOString(), CLIENT.name, 'discussing', 'declined')], { closedAt: CLOSED });

export const withdrawnRecord = () =>
  recordFor(
    apply(requestIn('active'), [{ type: 'withdraw', reason: WITHDRAWAL_REASON }, 'therapist']),
    [...TO_ACTIVE, change(CLOSED.toISOString(), THERAPIST.name, 'active', 'withdrawn')],
    { activatedAt: CLIENT_SIGNED, closedAt: CLOSED },
  );

export const endedRecord = () =>
  recordFor(requestIn('ended'), [...TO_ACTIVE, change(CLOSED.toISOString(), 'Hearth', 'active', 'ended')], { activatedAt: CLIENT_SIGNED, closedAt: CLOSED });

/** Declined by the client after the therapist had signed: one signature, never in force. */
export const declinedAfterOneSignatureRecord = () =>
  recordFor(
    apply(requestIn('awaiting_signatures'), [{ type: 'decline', alternatives: ['own_notes', 'therapist_summaries'] }, 'client']),
    [
      ...OPENING,
      change('2026-02-26T18:05:00.000Z', THERAPIST.name, 'discussing', 'awaiting_signatures'),
      change(CLOSED.toISOString(), CLIENT.name, 'awaiting_signatures', 'declined'),
    ],
    { closedAt: CLOSED },
  );
