import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { audit } from '@/lib/platform/audit/record';
import { todayInTimeZone } from '@/lib/platform/clock';
import { getRequestContext } from '@/lib/platform/http';
import { routes } from '@/lib/routes';
import { requireUser } from '../auth/guards';
import type { SessionUser } from '../auth/model';
import { getRecordingSettings } from '../recording/queries';
import { isClosed } from './access';
import { markThreadRead } from './commands';
import { assertReceiptable, receiptFhir } from './receipt';
import { receiptJson } from './receipt-json';
import { receiptPdf } from './receipt-pdf';
import { ALTERNATIVES, type ConsentTerms, type Method } from './model';
import {
  careBetween,
  clientRecordingStatus,
  isUuid,
  liveRequestOf,
  personName,
  practiceLimits,
  practiceRegister,
  receiptRecord,
  recordingAnswersForSessions,
  requestDetail,
  requestForParty,
  requestsOfCare,
  scheduledSessions,
  therapistRecordingStatuses,
  therapistsOfClient,
} from './queries';

/*
 * Page data for the recording-consent discussion. Every page starts with its guard; a request that is not the
 * viewer's (another therapist's or client's, another practice's, an admin's view) is a 404 exactly like one that does
 * not exist; every read of a request is audited in the transaction that reads it.
 */

/** One of the two people: a client (through the portal's gate, so policies in force are acknowledged first) or a therapist. */
async function requireParty(role: 'client' | 'therapist'): Promise<SessionUser> {
  const user = await requireUser('recording:discuss');
  if (user.role !== role) notFound();
  if (role === 'client') await requireUser('portal:use');
  else await requireUser('clients:view-assigned');
  return user;
}

/** Terms a new request's form starts from, inside the practice's limits: nothing is chosen for the person that matters. */
function startingTerms(limits: { methods: Method[]; maxRetentionDays: number }, today: string): ConsentTerms | null {
  const method = limits.methods[0];
  if (!method) return null;
  const retentionDays = Math.min(90, limits.maxRetentionDays);
  return {
    purposes: [],
    otherPurpose: null,
    sessions: { kind: 'all_from_date', from: today },
    method,
    storage: method === 'client_device' ? 'client_device' : 'hearth_vault',
    listeners: 'client_only',
    transcriptionAllowed: false,
    sharingNeedsNewAgreement: true,
    retentionDays,
    onWithdrawal: { action: 'delete_within_days', days: Math.min(7, retentionDays) },
    neutralFileLabels: true,
  };
}

/** The client's portal home: their recording status with each therapist, and "Still OK to record?" for the next covered sessions. */
export async function getClientRecordingHome() {
  const client = await requireParty('client');
  return { ...(await clientRecordingStatus(await getDb(), client)), alternatives: ALTERNATIVES };
}

/** The therapist's dashboard: each client's recording status, those waiting on the therapist first. */
export async function getTherapistRecordingDashboard() {
  const therapist = await requireParty('therapist');
  const db = await getDb();
  const request = await getRequestContext();
  return db.transaction(async (tx) => {
    const statuses = await therapistRecordingStatuses(tx, therapist);
    await audit(tx, therapist, request, 'consent.statuses_viewed', { metadata: { clients: statuses.clients.length } });
    return statuses;
  });
}

/** A request as the history on both people's pages lists it. */
const historyEntry = ({ careRelationshipId, ...entry }: Awaited<ReturnType<typeof requestsOfCare>>[number]) => entry;

/**
 * What the client's "I'd like to record my sessions" page needs: whether the practice records at all (if not, the
 * alternatives instead), who opens requests, the limits, the therapists a request can be opened with (and any request
 * already open with each), their upcoming sessions, and terms to start from.
 */
export async function getClientNewRequestPage() {
  const client = await requireParty('client');
  const db = await getDb();
  const [settings, therapists] = await Promise.all([getRecordingSettings(db, client.practiceId), therapistsOfClient(db, client)]);
  const limits = practiceLimits(settings);
  // The same three queries for one therapist or several.
  const careIds = therapists.map((therapist) => therapist.careRelationshipId);
  const [sessions, requests] = await Promise.all([scheduledSessions(db, careIds), requestsOfCare(db, careIds)]);
  const now = new Date();
  const withCare = therapists.map((therapist) => {
    const own = requests.filter((request) => request.careRelationshipId === therapist.careRelationshipId);
    return {
      id: therapist.therapistId,
      name: therapist.therapistName,
      openRequestId: own.find((request) => !isClosed(request.state))?.id ?? null,
      upcomingSessions: sessions.filter((session) => session.careRelationshipId === therapist.careRelationshipId && session.startsAt > now),
      requests: own.map(historyEntry),
    };
  });
  return {
    timeZone: client.timeZone,
    allowed: settings.allowed,
    requestOpeners: settings.requestOpeners,
    mayOpen: settings.allowed !== 'never' && settings.requestOpeners !== 'therapist',
    limits,
    therapists: withCare,
    startingTerms: startingTerms(limits, todayInTimeZone(client.timeZone)),
    alternatives: ALTERNATIVES,
  };
}

/** The therapist's "Discuss recording" page for one of their clients (404 for anyone not in their care). */
export async function getTherapistNewRequestPage(clientId: string) {
  const therapist = await requireParty('therapist');
  if (!isUuid(clientId)) notFound();
  const db = await getDb();
  const care = await careBetween(db, therapist, { clientId });
  if (!care) notFound();
  const [settings, live, sessions, requests, clientName] = await Promise.all([
    getRecordingSettings(db, therapist.practiceId),
    liveRequestOf(db, care.id),
    scheduledSessions(db, [care.id]),
    requestsOfCare(db, [care.id]),
    personName(db, care.clientId),
  ]);
  const limits = practiceLimits(settings);
  return {
    timeZone: therapist.timeZone,
    clientId,
    clientName,
    /** Every request with this client, newest first (metadata only). */
    requests: requests.map(historyEntry),
    allowed: settings.allowed,
    requestOpeners: settings.requestOpeners,
    mayOpen: settings.allowed !== 'never' && settings.requestOpeners !== 'client',
    openRequestId: live?.id ?? null,
    limits,
    upcomingSessions: sessions.filter((session) => session.startsAt > new Date()),
    startingTerms: startingTerms(limits, todayInTimeZone(therapist.timeZone)),
    alternatives: ALTERNATIVES,
  };
}

/** Reads one request for its person, marks its thread read, and audits the read, all in one transaction. */
async function readRequest(viewer: SessionUser, requestId: string, expect?: { clientId: string }) {
  if (!isUuid(requestId)) notFound();
  const db = await getDb();
  const request = await getRequestContext();
  const now = new Date();
  const detail = await db.transaction(async (tx) => {
    const scoped = await requestForParty(tx, viewer, requestId);
    if (!scoped || (expect && scoped.row.clientId !== expect.clientId)) {
      await audit(tx, viewer, request, 'consent.viewed', { subjectType: 'recording_request', subjectId: requestId, outcome: 'denied', metadata: { reason: 'not_found' } });
      return null;
    }
    const read = await requestDetail(tx, viewer, scoped, now);
    await markThreadRead(tx, viewer, scoped, now);
    await audit(tx, viewer, request, 'consent.viewed', { subjectType: 'recording_request', subjectId: requestId, metadata: { party: scoped.party, state: scoped.row.state } });
    return read;
  });
  return detail ?? notFound();
}

/** What the page needs to know about the person looking: their account name and whether signing asks a code, and the practice's time zone. */
const viewerOf = (user: SessionUser) => ({ name: user.name, hasTwoStep: user.mfaEnabled, timeZone: user.timeZone });

/** The client's page for one of their requests. */
export async function getClientRequestPage(requestId: string) {
  const client = await requireParty('client');
  return { ...(await readRequest(client, requestId)), viewer: viewerOf(client) };
}

/** The therapist's page for a request of a client in their care (the client in the path must be the request's). */
export async function getTherapistRequestPage(clientId: string, requestId: string) {
  const therapist = await requireParty('therapist');
  if (!isUuid(clientId)) notFound();
  return { ...(await readRequest(therapist, requestId, { clientId })), viewer: viewerOf(therapist) };
}

/** Where a notification's link about a request leads this person: their own page for it, or a 404. */
export async function requestLinkFor(requestId: string): Promise<string> {
  const viewer = await requireUser('recording:discuss');
  if (!isUuid(requestId)) notFound();
  const scoped = await requestForParty(await getDb(), viewer, requestId);
  if (!scoped) notFound();
  return scoped.party === 'client' ? routes.portalRecordingRequest(requestId) : routes.practiceRecordingRequest(scoped.row.clientId, requestId);
}

export type ReceiptFormat = 'pdf' | 'json' | 'fhir';

const RECEIPT_TYPES: Record<ReceiptFormat, { contentType: string; extension: string }> = {
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  fhir: { contentType: 'application/fhir+json; charset=utf-8', extension: 'fhir.json' },
};

/**
 * A receipt download, ready to send: the PDF, the JSON export or the FHIR Consent, for either person, for a request
 * signed, declined or withdrawn (404 otherwise, and for anyone else). The download is audited with its format. The file
 * name is neutral: the request's id only.
 */
export async function getReceipt(requestId: string, format: ReceiptFormat) {
  const viewer = await requireUser('recording:discuss');
  if (!isUuid(requestId)) notFound();
  const db = await getDb();
  const request = await getRequestContext();
  const record = await db.transaction(async (tx) => {
    const scoped = await requestForParty(tx, viewer, requestId);
    const found = scoped ? await receiptRecord(tx, scoped) : null;
    if (found) assertReceiptable(found);
    await audit(tx, viewer, request, 'consent.receipt_downloaded', {
      subjectType: 'recording_request',
      subjectId: requestId,
      ...(found ? { metadata: { format, state: found.request.state } } : { outcome: 'denied', metadata: { format, reason: 'not_found' } }),
    });
    return found;
  });
  if (!record) notFound();
  const body = format === 'pdf' ? await receiptPdf(record) : format === 'json' ? receiptJson(record) : `${JSON.stringify(receiptFhir(record), null, 2)}\n`;
  const { contentType, extension } = RECEIPT_TYPES[format];
  return { record, body, contentType, filename: `hearth-recording-agreement-${record.id}.${extension}` };
}

/** The admin's register: who, state and dates, counts by state, agreements ending soon. Metadata only. */
export async function getRecordingRegister() {
  const admin = await requireUser('recording:register');
  const db = await getDb();
  const request = await getRequestContext();
  return db.transaction(async (tx) => {
    const register = await practiceRegister(tx, admin);
    await audit(tx, admin, request, 'consent.register_viewed', { metadata: { requests: register.requests.length } });
    return register;
  });
}

/** For the therapist's day schedule: per session, whether an agreement covers it and the client's answer. */
export async function getRecordingAnswersForSchedule(appointmentIds: string[]) {
  const therapist = await requireParty('therapist');
  return recordingAnswersForSessions(await getDb(), therapist, appointmentIds);
}
