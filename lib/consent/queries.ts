import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, ne, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { cache } from 'react';
import type { DbOrTx } from '@/db/client';
import {
  appointments,
  careRelationships,
  policyVersions,
  practices,
  recordingMessageReads,
  recordingMessages,
  recordingRequestEvents,
  recordingRequests,
  recordingSignatures,
  sessionRecordingAnswers,
  users,
  type RecordingRequestRow,
} from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { open, seal } from '@/lib/platform/crypto/secretbox';
import { type Channel, type RecordingGuidance, recordingGuidance } from '../jurisdictions/rules';
import { currentClientsOf, currentTherapistsOf } from '../care/queries';
import { hasAcknowledgedCurrentRecordingPolicy, versionsInForce } from '../policies/queries';
import { RECORDING_CHANNELS, allowedMethods, type RecordingMethod, type RecordingTerms } from '../recording/model';
import { getRecordingSettings, recordingPlaces } from '../recording/queries';
import { LIVE_STATES, isClosed, partyOf, sectionsDiscussed, waitingOn } from './access';
import { type GuidanceShown, hasReceipt, type ReceiptRecord } from './receipt';
import {
  ALTERNATIVES,
  type Alternative,
  type ConsentTerms,
  DISCUSSION_SECTIONS,
  ENDING_SOON_DAYS,
  METHODS,
  type Method,
  type Party,
  type PolicyVersionShown,
  type PracticeLimits,
  REQUEST_STATES,
  type RequestState,
  type SessionAnswer,
} from './model';
import type { ConsentRequest, Outcome, SectionTicks, SignatureMark } from './state';
import { type SessionSlot, agreementEnd, canonicalTerms, coveredSessions } from './terms';

/*
 * Reads of recording requests, given a db and an explicit scope. Appointments are read here straight from their table,
 * scoped by care relationship (lib/appointments did not exist yet when this was written): scheduled sessions only.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

const clientUser = alias(users, 'consent_client');
const therapistUser = alias(users, 'consent_therapist');

// ---------------------------------------------------------------------------------------------------------------------
// Between the row and the pure request

export const sealTerms = (terms: ConsentTerms) => seal(JSON.stringify(terms));
export const openTerms = (sealed: string) => JSON.parse(open(sealed)) as ConsentTerms;
export const sealOutcome = (outcome: Outcome) => seal(JSON.stringify(outcome));
export const openOutcome = (sealed: string | null) => (sealed ? (JSON.parse(open(sealed)) as Outcome) : null);
export const openText = (sealed: string | null) => (sealed ? open(sealed) : null);

const METHOD_FOR_SETTING: Record<RecordingMethod, Method> = {
  methodClientUpload: 'client_upload',
  methodClientDevice: 'client_device',
  methodTherapistRecords: 'therapist_records',
};

/** What the practice's settings allow a new request's terms to be; copied into the request when it opens. */
export const practiceLimits = (settings: RecordingTerms): PracticeLimits => ({
  methods: allowedMethods(settings).map((key) => METHOD_FOR_SETTING[key]),
  maxRetentionDays: settings.maxRetentionDays,
});

export const limitsOf = (row: Pick<RecordingRequestRow, 'limits'>): PracticeLimits => ({
  methods: METHODS.filter((method) => row.limits.methods.includes(method)),
  maxRetentionDays: row.limits.maxRetentionDays,
});

export function ticksOf(raw: RecordingRequestRow['ticks']): SectionTicks {
  return Object.fromEntries(
    DISCUSSION_SECTIONS.map((section) => [section, { client: raw[section]?.client === true, therapist: raw[section]?.therapist === true }]),
  ) as SectionTicks;
}

export const alternativesOf = (raw: string[]): Alternative[] => ALTERNATIVES.filter((code) => raw.includes(code));

/** The request as the state machine sees it: the row and its standing (not voided) signatures. */
export function toConsentRequest(row: RecordingRequestRow, signatures: { party: Party; termsVersion: number; termsSha256: string }[]): ConsentRequest {
  const marks: Partial<Record<Party, SignatureMark>> = {};
  for (const signature of signatures) marks[signature.party] = { termsVersion: signature.termsVersion, termsSha256: signature.termsSha256 };
  return {
    state: row.state,
    openedBy: row.openedBy,
    limits: limitsOf(row),
    terms: { version: row.termsVersion, terms: openTerms(row.termsSealed), sha256: row.termsSha256 },
    ticks: ticksOf(row.ticks),
    signatures: marks,
    outcome: openOutcome(row.outcomeSealed),
  };
}

export function standingSignatures(db: DbOrTx, requestIds: string[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(recordingSignatures)
    .where(and(inArray(recordingSignatures.requestId, requestIds), isNull(recordingSignatures.voidedAt)))
    .orderBy(asc(recordingSignatures.signedAt));
}

export async function loadConsentRequest(db: DbOrTx, row: RecordingRequestRow): Promise<ConsentRequest> {
  return toConsentRequest(row, await standingSignatures(db, [row.id]));
}

// ---------------------------------------------------------------------------------------------------------------------
// Scope

export interface ScopedRequest {
  row: RecordingRequestRow;
  party: Party;
  /** False once the care relationship has ended (only the client is still in scope then). */
  careOpen: boolean;
}

/**
 * A request, only if the actor is one of its two people: its client, or its therapist while their care is open. Null
 * for anyone else and for an id that does not exist alike. `lock` takes the row FOR UPDATE, for a command.
 */
export async function requestForParty(
  db: DbOrTx,
  actor: Pick<Actor, 'id' | 'role' | 'practiceId'>,
  requestId: string,
  options: { lock?: boolean } = {},
): Promise<ScopedRequest | null> {
  if (!isUuid(requestId)) return null;
  const query = db
    .select({ row: recordingRequests, careEndedOn: careRelationships.endedOn })
    .from(recordingRequests)
    .innerJoin(careRelationships, eq(careRelationships.id, recordingRequests.careRelationshipId))
    .where(
      and(
        eq(recordingRequests.id, requestId),
        eq(recordingRequests.practiceId, actor.practiceId),
        or(eq(recordingRequests.clientId, actor.id), and(eq(recordingRequests.therapistId, actor.id), isNull(careRelationships.endedOn))),
      ),
    );
  const [found] = options.lock ? await query.for('update', { of: recordingRequests }) : await query;
  if (!found) return null;
  const careOpen = found.careEndedOn === null;
  const party = partyOf(actor, { ...found.row, careOpen });
  return party ? { row: found.row, party, careOpen } : null;
}

/** The open care relationship between the actor and the other person named, in the actor's practice; null otherwise. */
export async function careBetween(
  db: DbOrTx,
  actor: Pick<Actor, 'id' | 'role' | 'practiceId'>,
  other: { clientId?: string; therapistId?: string },
  options: { lock?: boolean } = {},
) {
  const pair =
    actor.role === 'client' ? { clientId: actor.id, therapistId: other.therapistId } : actor.role === 'therapist' ? { clientId: other.clientId, therapistId: actor.id } : null;
  if (!pair?.clientId || !pair.therapistId || !isUuid(pair.clientId) || !isUuid(pair.therapistId)) return null;
  const query = db
    .select({ id: careRelationships.id, clientId: careRelationships.clientId, therapistId: careRelationships.therapistId })
    .from(careRelationships)
    .where(
      and(
        eq(careRelationships.practiceId, actor.practiceId),
        eq(careRelationships.clientId, pair.clientId),
        eq(careRelationships.therapistId, pair.therapistId),
        isNull(careRelationships.endedOn),
      ),
    );
  const [care] = options.lock ? await query.for('update') : await query;
  return care ?? null;
}

/** The request still open or in force on a care relationship, if any. */
export async function liveRequestOf(db: DbOrTx, careRelationshipId: string) {
  const [row] = await db
    .select({ id: recordingRequests.id, state: recordingRequests.state })
    .from(recordingRequests)
    .where(and(eq(recordingRequests.careRelationshipId, careRelationshipId), inArray(recordingRequests.state, LIVE_STATES)));
  return row ?? null;
}

/**
 * Every request of these care relationships, newest first: the history both people see (metadata only, no terms or
 * thread). The caller has scoped the relationships to the actor (careBetween, therapistsOfClient).
 */
export function requestsOfCare(db: DbOrTx, careRelationshipIds: string[]) {
  if (careRelationshipIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: recordingRequests.id,
      careRelationshipId: recordingRequests.careRelationshipId,
      state: recordingRequests.state,
      openedBy: recordingRequests.openedBy,
      createdAt: recordingRequests.createdAt,
      activatedAt: recordingRequests.activatedAt,
      closedAt: recordingRequests.closedAt,
    })
    .from(recordingRequests)
    .where(inArray(recordingRequests.careRelationshipId, careRelationshipIds))
    .orderBy(desc(recordingRequests.createdAt), desc(recordingRequests.id));
}

/** A person's name, for a page heading; the caller has already scoped the person. */
export async function personName(db: DbOrTx, userId: string) {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? '';
}

// ---------------------------------------------------------------------------------------------------------------------
// Sessions (appointments)

export interface Session extends SessionSlot {
  careRelationshipId: string;
  channel: Channel;
}

/** The scheduled (not cancelled) sessions of these care relationships, in time order. */
export function scheduledSessions(db: DbOrTx, careRelationshipIds: string[]): Promise<Session[]> {
  if (careRelationshipIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: appointments.id,
      careRelationshipId: appointments.careRelationshipId,
      startsAt: appointments.startsAt,
      durationMinutes: appointments.durationMinutes,
      channel: appointments.channel,
    })
    .from(appointments)
    .where(and(inArray(appointments.careRelationshipId, careRelationshipIds), eq(appointments.status, 'scheduled')))
    .orderBy(asc(appointments.startsAt));
}

/** The sessions an agreement covers, given its relationship's scheduled sessions. */
export function coverage(
  row: Pick<RecordingRequestRow, 'careRelationshipId' | 'activatedAt'>,
  terms: ConsentTerms,
  sessions: readonly Session[],
  timeZone: string,
  now: Date,
) {
  const own = sessions.filter((session) => session.careRelationshipId === row.careRelationshipId);
  const covered = coveredSessions(terms.sessions, own, { since: row.activatedAt ?? now, timeZone });
  return { covered, end: agreementEnd(terms.sessions, covered) };
}

export function answersFor(db: DbOrTx, requestIds: string[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      requestId: sessionRecordingAnswers.requestId,
      appointmentId: sessionRecordingAnswers.appointmentId,
      answer: sessionRecordingAnswers.answer,
      answeredAt: sessionRecordingAnswers.answeredAt,
    })
    .from(sessionRecordingAnswers)
    .where(inArray(sessionRecordingAnswers.requestId, requestIds));
}

// ---------------------------------------------------------------------------------------------------------------------
// Messages

/** Per request, the messages from the other person that the reader has not read yet. */
export async function unreadCounts(db: DbOrTx, readerId: string, requestIds: string[]): Promise<Map<string, number>> {
  if (requestIds.length === 0) return new Map();
  const rows = await db
    .select({ requestId: recordingMessages.requestId, unread: count() })
    .from(recordingMessages)
    .leftJoin(recordingMessageReads, and(eq(recordingMessageReads.requestId, recordingMessages.requestId), eq(recordingMessageReads.userId, readerId)))
    .where(
      and(
        inArray(recordingMessages.requestId, requestIds),
        ne(recordingMessages.authorId, readerId),
        or(isNull(recordingMessageReads.lastReadAt), gt(recordingMessages.createdAt, recordingMessageReads.lastReadAt)),
      ),
    )
    .groupBy(recordingMessages.requestId);
  return new Map(rows.map((row) => [row.requestId, row.unread]));
}

// ---------------------------------------------------------------------------------------------------------------------
// Summaries: the therapist's dashboard and the client's portal home

export interface UpcomingSession {
  appointmentId: string;
  startsAt: Date;
  durationMinutes: number;
  channel: Channel;
  answer: SessionAnswer | null;
}

export interface RequestSummary {
  requestId: string;
  state: RequestState;
  openedBy: Party;
  /** Whose turn it is (discussing: who has sections to tick; awaiting signatures: who has not signed). */
  waitingOn: Party[];
  sectionsDiscussed: number;
  createdAt: Date;
  updatedAt: Date;
  activatedAt: Date | null;
  closedAt: Date | null;
  /** For an agreement in force: how, and who listens. */
  method: Method | null;
  listeners: ConsentTerms['listeners'] | null;
  /** For an agreement in force: when it ends by itself, if that is known yet. */
  activeUntil: Date | null;
  /** "Every session from a date": in force until withdrawn or until care ends. */
  untilWithdrawn: boolean;
  /** "The next N sessions", for an agreement in force: N. */
  sessionCount: number | null;
  /** Proposed during the discussion; on a declined request, the ones the client chose. */
  alternatives: Alternative[];
  unread: number;
  /** For an agreement in force: the next covered sessions with the client's answer so far. */
  upcoming: UpcomingSession[];
}

const UPCOMING_SHOWN = 3;

// What a summary reads of a request: no signatures' hashes, limits, preferences or outcome.
const summaryColumns = {
  id: recordingRequests.id,
  careRelationshipId: recordingRequests.careRelationshipId,
  state: recordingRequests.state,
  openedBy: recordingRequests.openedBy,
  ticks: recordingRequests.ticks,
  alternatives: recordingRequests.alternatives,
  termsSealed: recordingRequests.termsSealed,
  createdAt: recordingRequests.createdAt,
  updatedAt: recordingRequests.updatedAt,
  activatedAt: recordingRequests.activatedAt,
  closedAt: recordingRequests.closedAt,
};
type SummaryRow = Pick<RecordingRequestRow, keyof typeof summaryColumns>;

/** Summaries of these requests for one reader, in a fixed number of queries whatever their count. */
async function summarise(db: DbOrTx, readerId: string, rows: SummaryRow[], timeZone: string, now: Date): Promise<Map<string, RequestSummary>> {
  const ids = rows.map((row) => row.id);
  const active = rows.filter((row) => row.state === 'active');
  const [signatures, unread, sessions, answers] = await Promise.all([
    standingSignatures(
      db,
      rows.filter((row) => row.state === 'awaiting_signatures').map((row) => row.id),
    ),
    unreadCounts(db, readerId, ids),
    scheduledSessions(
      db,
      active.map((row) => row.careRelationshipId),
    ),
    answersFor(
      db,
      active.map((row) => row.id),
    ),
  ]);
  const summaries = new Map<string, RequestSummary>();
  for (const row of rows) {
    const ticks = ticksOf(row.ticks);
    const signedBy: ConsentRequest['signatures'] = {};
    for (const signature of signatures.filter((s) => s.requestId === row.id)) signedBy[signature.party] = signature;
    const summary: RequestSummary = {
      requestId: row.id,
      state: row.state,
      openedBy: row.openedBy,
      waitingOn: waitingOn({ state: row.state, ticks, signatures: signedBy }),
      sectionsDiscussed: sectionsDiscussed(ticks).length,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      activatedAt: row.activatedAt,
      closedAt: row.closedAt,
      method: null,
      listeners: null,
      activeUntil: null,
      untilWithdrawn: false,
      sessionCount: null,
      alternatives: alternativesOf(row.alternatives),
      unread: unread.get(row.id) ?? 0,
      upcoming: [],
    };
    if (row.state === 'active') {
      const terms = openTerms(row.termsSealed);
      const { covered, end } = coverage(row, terms, sessions, timeZone, now);
      summary.method = terms.method;
      summary.listeners = terms.listeners;
      summary.activeUntil = end?.at ?? null;
      summary.untilWithdrawn = terms.sessions.kind === 'all_from_date';
      summary.sessionCount = terms.sessions.kind === 'next_n' ? terms.sessions.count : null;
      summary.upcoming = covered
        .filter((session) => session.startsAt > now)
        .slice(0, UPCOMING_SHOWN)
        .map((session) => ({
          appointmentId: session.id,
          startsAt: session.startsAt,
          durationMinutes: session.durationMinutes,
          channel: session.channel,
          answer: answers.find((a) => a.requestId === row.id && a.appointmentId === session.id)?.answer ?? null,
        }));
    }
    summaries.set(row.id, summary);
  }
  return summaries;
}

/** The latest request of each care relationship matching `where`. */
function latestRequests(db: DbOrTx, where: ReturnType<typeof and>) {
  return db
    .selectDistinctOn([recordingRequests.careRelationshipId], { row: summaryColumns })
    .from(recordingRequests)
    .innerJoin(careRelationships, eq(careRelationships.id, recordingRequests.careRelationshipId))
    .where(where)
    .orderBy(recordingRequests.careRelationshipId, desc(recordingRequests.createdAt), desc(recordingRequests.id));
}

export interface ClientRecordingStatus {
  careRelationshipId: string;
  clientId: string;
  clientName: string;
  /** The day the care relationship began. */
  since: string;
  request: RequestSummary | null;
  waitingOnYou: boolean;
}

/**
 * Every current client of the therapist with their recording status, those waiting on the therapist first. The same
 * handful of queries for one client or two hundred.
 */
export async function therapistRecordingStatuses(db: DbOrTx, therapist: Pick<Actor, 'id' | 'practiceId' | 'timeZone'>, now = new Date()) {
  const ofTherapist = and(
    eq(careRelationships.practiceId, therapist.practiceId),
    eq(careRelationships.therapistId, therapist.id),
    isNull(careRelationships.endedOn),
  );
  const [current, latest] = await Promise.all([
    currentClientsOf(db, therapist.practiceId, therapist.id),
    latestRequests(db, and(ofTherapist, eq(recordingRequests.therapistId, therapist.id))),
  ]);
  const clients = current.map((client) => ({ careRelationshipId: client.careRelationshipId, clientId: client.id, clientName: client.name, since: client.since }));
  const rows = latest.map(({ row }) => row);
  const summaries = await summarise(db, therapist.id, rows, therapist.timeZone, now);
  const byRelationship = new Map(rows.map((row) => [row.careRelationshipId, summaries.get(row.id)!]));
  const statuses: ClientRecordingStatus[] = clients.map((client) => {
    const request = byRelationship.get(client.careRelationshipId) ?? null;
    return { ...client, request, waitingOnYou: !!request?.waitingOn.includes('therapist') };
  });
  // Stable: among those waiting on the therapist, and among the rest, the order stays by name.
  statuses.sort((a, b) => Number(b.waitingOnYou) - Number(a.waitingOnYou));
  return { clients: statuses, waitingOnYou: statuses.filter((status) => status.waitingOnYou) };
}

export interface TherapistRecordingStatus {
  careRelationshipId: string;
  therapistId: string;
  therapistName: string;
  request: RequestSummary | null;
  /** Whether the client may open a new request with this therapist now. */
  mayOpen: boolean;
}

const openCareOfClient = (client: Pick<Actor, 'id' | 'practiceId'>) =>
  and(eq(careRelationships.practiceId, client.practiceId), eq(careRelationships.clientId, client.id), isNull(careRelationships.endedOn));

/** The client's current (active) therapists, by name, each with their open care relationship. */
export async function therapistsOfClient(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>) {
  const therapists = await currentTherapistsOf(db, client.practiceId, client.id);
  return therapists.map((therapist) => ({ careRelationshipId: therapist.careRelationshipId, therapistId: therapist.id, therapistName: therapist.name }));
}

/** The latest request of each of the client's open care relationships (per request, like the care team it goes with). */
const latestRequestsOfClient = cache(async (db: DbOrTx, practiceId: string, clientId: string) =>
  latestRequests(db, and(openCareOfClient({ id: clientId, practiceId }), eq(recordingRequests.clientId, clientId))),
);

/** The client's recording status with each of their current therapists, and what the practice allows. */
export async function clientRecordingStatus(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId' | 'timeZone'>, now = new Date()) {
  const [therapists, latest, settings] = await Promise.all([
    therapistsOfClient(db, client),
    latestRequestsOfClient(db, client.practiceId, client.id),
    getRecordingSettings(db, client.practiceId),
  ]);
  const rows = latest.map(({ row }) => row);
  const summaries = await summarise(db, client.id, rows, client.timeZone, now);
  const byRelationship = new Map(rows.map((row) => [row.careRelationshipId, summaries.get(row.id)!]));
  const clientMayOpen = settings.allowed !== 'never' && settings.requestOpeners !== 'therapist';
  const statuses: TherapistRecordingStatus[] = therapists.map((therapist) => {
    const request = byRelationship.get(therapist.careRelationshipId) ?? null;
    return { ...therapist, request, mayOpen: clientMayOpen && (!request || isClosed(request.state)) };
  });
  return {
    recordingAllowed: settings.allowed,
    requestOpeners: settings.requestOpeners,
    therapists: statuses,
    /** "Still OK to record this session?": the next covered sessions of every agreement in force. */
    questions: statuses.flatMap((status) =>
      (status.request?.upcoming ?? []).map((session) => ({ ...session, requestId: status.request!.requestId, therapistName: status.therapistName })),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// One request in full, for its two people

async function namesOf(db: DbOrTx, ids: string[]) {
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}

const partyOfAuthor = (row: Pick<RecordingRequestRow, 'clientId' | 'therapistId'>, authorId: string | null): Party | 'system' =>
  authorId === row.clientId ? 'client' : authorId === row.therapistId ? 'therapist' : 'system';

/** The status history: every change, who made it (as a party) and when. */
export async function requestHistory(db: DbOrTx, row: RecordingRequestRow) {
  const events = await db
    .select()
    .from(recordingRequestEvents)
    .where(eq(recordingRequestEvents.requestId, row.id))
    .orderBy(asc(recordingRequestEvents.at), asc(recordingRequestEvents.id));
  return events.map((event) => ({
    type: event.type,
    by: partyOfAuthor(row, event.actorId),
    fromState: event.fromState,
    toState: event.toState,
    termsVersion: event.termsVersion,
    at: event.at,
  }));
}

/** The recording and confidentiality policy versions in force in the practice: the ones the discussion shows. */
export async function policiesShown(db: DbOrTx, practice: Pick<Actor, 'practiceId' | 'timeZone'>, now: Date) {
  const inForce = await versionsInForce(db, practice, now);
  return inForce
    .filter((version) => version.kind === 'recording' || version.kind === 'confidentiality')
    .map((version) => ({
      id: version.id,
      kind: version.kind,
      version: version.version,
      title: version.title,
      effectiveOn: version.effectiveOn,
      sha256: version.contentSha256,
    }));
}

/** Whether the client has acknowledged the recording policy in force: section 2 cannot be ticked before. */
export async function clientHasAcknowledgedRecordingPolicy(db: DbOrTx, row: Pick<RecordingRequestRow, 'clientId' | 'practiceId'>, timeZone: string, now: Date) {
  const status = await hasAcknowledgedCurrentRecordingPolicy(db, { id: row.clientId, practiceId: row.practiceId, role: 'client', timeZone }, now);
  return status.acknowledged;
}

/** The recording guidance for this relationship, for each kind of session. */
export async function guidanceFor(db: DbOrTx, row: Pick<RecordingRequestRow, 'practiceId' | 'clientId'>) {
  const places = await recordingPlaces(db, row.practiceId, row.clientId);
  return {
    places,
    channels: RECORDING_CHANNELS.map(({ channel, label }) => ({ channel, label, guidance: recordingGuidance({ ...places, channel }) })),
  };
}

/**
 * Everything one of the two people sees of a request: the terms and their hash, the ticks, signatures, the therapist's
 * preferences, the alternatives, the thread (decrypted; plain text, to be shown as text), the policies and the law
 * guidance, the sessions, and the history. Takes a request already scoped by `requestForParty`.
 */
export async function requestDetail(db: DbOrTx, viewer: Pick<Actor, 'id' | 'timeZone'>, scoped: ScopedRequest, now = new Date()) {
  const { row, party } = scoped;
  const [names, signatures, messages, readMark, history, policies, acknowledged, guidance, sessions, answers] = await Promise.all([
    namesOf(db, [row.clientId, row.therapistId]),
    standingSignatures(db, [row.id]),
    db.select().from(recordingMessages).where(eq(recordingMessages.requestId, row.id)).orderBy(asc(recordingMessages.createdAt), asc(recordingMessages.id)),
    db
      .select({ lastReadAt: recordingMessageReads.lastReadAt })
      .from(recordingMessageReads)
      .where(and(eq(recordingMessageReads.requestId, row.id), eq(recordingMessageReads.userId, viewer.id))),
    requestHistory(db, row),
    policiesShown(db, { practiceId: row.practiceId, timeZone: viewer.timeZone }, now),
    clientHasAcknowledgedRecordingPolicy(db, row, viewer.timeZone, now),
    guidanceFor(db, row),
    scheduledSessions(db, [row.careRelationshipId]),
    answersFor(db, [row.id]),
  ]);
  const request = toConsentRequest(row, signatures);
  const lastReadAt = readMark[0]?.lastReadAt ?? null;
  const { covered, end } = coverage(row, request.terms.terms, sessions, viewer.timeZone, now);
  const thread = messages.map((message) => {
    const from = partyOfAuthor(row, message.authorId);
    return {
      id: message.id,
      from,
      mine: message.authorId === viewer.id,
      body: open(message.bodySealed),
      createdAt: message.createdAt,
      unread: message.authorId !== viewer.id && (lastReadAt === null || message.createdAt > lastReadAt),
    };
  });
  const sessionView = (session: Session) => ({
    appointmentId: session.id,
    startsAt: session.startsAt,
    durationMinutes: session.durationMinutes,
    channel: session.channel,
    answer: answers.find((answer) => answer.appointmentId === session.id)?.answer ?? null,
  });
  return {
    id: row.id,
    party,
    state: row.state,
    rowVersion: row.rowVersion,
    openedBy: row.openedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    activatedAt: row.activatedAt,
    closedAt: row.closedAt,
    client: { id: row.clientId, name: names.get(row.clientId) ?? '' },
    therapist: { id: row.therapistId, name: names.get(row.therapistId) ?? '' },
    limits: request.limits,
    terms: request.terms,
    canonicalTerms: canonicalTerms(request.terms.terms),
    ticks: request.ticks,
    sectionsDiscussed: sectionsDiscussed(request.ticks),
    waitingOn: waitingOn(request),
    signatures: signatures.map((signature) => ({
      party: signature.party,
      fullName: open(signature.fullNameSealed),
      signedAt: signature.signedAt,
      termsVersion: signature.termsVersion,
      termsSha256: signature.termsSha256,
      factors: signature.factors,
      policies: signature.policies,
    })),
    preferences: openText(row.therapistPreferencesSealed),
    alternatives: alternativesOf(row.alternatives),
    outcome: request.outcome,
    thread,
    unread: thread.filter((message) => message.unread).length,
    policies,
    clientAcknowledgedRecordingPolicy: acknowledged,
    guidance,
    /** The relationship's upcoming scheduled sessions: the ones "chosen sessions" can name. */
    upcomingSessions: sessions.filter((session) => session.startsAt > now).map(sessionView),
    /** The sessions the terms cover (upcoming ones first asked "Still OK to record?" once the agreement is in force). */
    coveredSessions: covered.map(sessionView),
    endsAt: row.state === 'active' ? (end?.at ?? null) : null,
    history,
    hasReceipt: hasReceipt(row.state),
  };
}

export type RequestDetail = Awaited<ReturnType<typeof requestDetail>>;

// ---------------------------------------------------------------------------------------------------------------------
// Receipts

const guidanceShown = (guidance: RecordingGuidance): GuidanceShown => ({
  requirement: guidance.requirement,
  contested: guidance.contested,
  whoMustConsent: guidance.whoMustConsent,
  whatTheLawAsks: guidance.whatTheLawAsks,
  notes: guidance.notes,
  sources: guidance.sources,
  lastReviewed: guidance.lastReviewed,
  disclaimer: guidance.disclaimer,
  hearthPractice: guidance.hearthPractice,
});

/**
 * Everything the receipt (PDF), the JSON export and the FHIR Consent need (lib/consent/receipt.ts), for a request
 * signed, declined or withdrawn, or ended after it was in force: null for one still in discussion. The people, the
 * terms in full, the law guidance for where the practice and the client are, the policy versions shown with their
 * hashes, the signatures that stand, and every change of state.
 */
export async function receiptRecord(db: DbOrTx, scoped: ScopedRequest, now = new Date()): Promise<ReceiptRecord | null> {
  const { row } = scoped;
  if (!hasReceipt(row.state)) return null;
  const [people, [practice], signatures, events, guidance] = await Promise.all([
    db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [row.clientId, row.therapistId])),
    db.select({ id: practices.id, name: practices.name, timeZone: practices.timeZone }).from(practices).where(eq(practices.id, row.practiceId)),
    standingSignatures(db, [row.id]),
    requestHistory(db, row),
    guidanceFor(db, row),
  ]);
  const nameOf = (id: string) => people.find((person) => person.id === id)?.name ?? '';
  // The policies each signer was shown; a request nobody signed names those in force when it closed.
  const shown = new Map<string, PolicyVersionShown>();
  for (const signature of signatures) {
    for (const policy of signature.policies) shown.set(`${policy.kind}:${policy.version}`, policy as PolicyVersionShown);
  }
  const versions = await db
    .select({ kind: policyVersions.kind, version: policyVersions.version, title: policyVersions.title, sha256: policyVersions.contentSha256 })
    .from(policyVersions)
    .where(and(eq(policyVersions.practiceId, row.practiceId), inArray(policyVersions.kind, ['recording', 'confidentiality'])));
  if (shown.size === 0) {
    for (const policy of await policiesShown(db, { practiceId: row.practiceId, timeZone: practice.timeZone }, row.closedAt ?? now)) {
      shown.set(`${policy.kind}:${policy.version}`, { kind: policy.kind, version: policy.version, sha256: policy.sha256 });
    }
  }
  const byChannel = (channel: Channel) => guidanceShown(guidance.channels.find((entry) => entry.channel === channel)!.guidance);
  return {
    id: row.id,
    request: toConsentRequest(row, signatures),
    practice,
    client: { id: row.clientId, name: nameOf(row.clientId) },
    therapist: { id: row.therapistId, name: nameOf(row.therapistId) },
    openedAt: row.createdAt,
    activatedAt: row.activatedAt,
    closedAt: row.closedAt,
    guidance: { inPerson: byChannel('in_person'), telehealth: byChannel('telehealth') },
    policies: [...shown.values()].map((policy) => ({
      ...policy,
      title: versions.find((version) => version.kind === policy.kind && version.version === policy.version)?.title ?? '',
    })),
    signatures: signatures.map((signature) => ({
      party: signature.party,
      fullName: open(signature.fullNameSealed),
      signedAt: signature.signedAt,
      ipAddress: signature.ip,
      userAgent: signature.userAgent ?? '',
      termsVersion: signature.termsVersion,
      termsSha256: signature.termsSha256,
      policies: signature.policies as PolicyVersionShown[],
      factors: signature.factors,
    })),
    // Changes of state only: ticks, edits and messages are in the audit trail.
    history: events
      .filter((event) => event.fromState !== event.toState)
      .map((event) => ({
        at: event.at,
        by: event.by === 'system' ? 'Hearth' : nameOf(event.by === 'client' ? row.clientId : row.therapistId),
        from: event.fromState,
        to: event.toState,
      })),
    generatedAt: now,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The admin's register: metadata only

export const REGISTER_ENDING_SOON_DAYS = 30;

/**
 * Every request of the practice: who, state and dates, counts by state, and agreements ending soon. Never the terms,
 * the preferences, the alternatives or the thread: the terms are opened here only to work out an end date.
 */
export async function practiceRegister(db: DbOrTx, practice: Pick<Actor, 'practiceId' | 'timeZone'>, now = new Date()) {
  const [rows, counts, active] = await Promise.all([
    db
      .select({
        id: recordingRequests.id,
        state: recordingRequests.state,
        openedBy: recordingRequests.openedBy,
        clientId: recordingRequests.clientId,
        clientName: clientUser.name,
        therapistId: recordingRequests.therapistId,
        therapistName: therapistUser.name,
        openedAt: recordingRequests.createdAt,
        activatedAt: recordingRequests.activatedAt,
        closedAt: recordingRequests.closedAt,
        updatedAt: recordingRequests.updatedAt,
      })
      .from(recordingRequests)
      .innerJoin(clientUser, eq(clientUser.id, recordingRequests.clientId))
      .innerJoin(therapistUser, eq(therapistUser.id, recordingRequests.therapistId))
      .where(eq(recordingRequests.practiceId, practice.practiceId))
      .orderBy(desc(recordingRequests.updatedAt), desc(recordingRequests.id)),
    db
      .select({ state: recordingRequests.state, n: count() })
      .from(recordingRequests)
      .where(eq(recordingRequests.practiceId, practice.practiceId))
      .groupBy(recordingRequests.state),
    db
      .select({
        id: recordingRequests.id,
        careRelationshipId: recordingRequests.careRelationshipId,
        activatedAt: recordingRequests.activatedAt,
        termsSealed: recordingRequests.termsSealed,
      })
      .from(recordingRequests)
      .where(and(eq(recordingRequests.practiceId, practice.practiceId), eq(recordingRequests.state, 'active'))),
  ]);
  const sessions = await scheduledSessions(
    db,
    active.map((row) => row.careRelationshipId),
  );
  const horizon = now.getTime() + REGISTER_ENDING_SOON_DAYS * DAY_MS;
  const endsAt = new Map<string, Date>();
  for (const row of active) {
    const end = coverage(row, openTerms(row.termsSealed), sessions, practice.timeZone, now).end;
    if (end?.at) endsAt.set(row.id, end.at);
  }
  const entries = rows.map((row) => ({ ...row, endsAt: endsAt.get(row.id) ?? null }));
  return {
    requests: entries,
    countsByState: Object.fromEntries(REQUEST_STATES.map((state) => [state, counts.find((c) => c.state === state)?.n ?? 0])) as Record<RequestState, number>,
    endingSoon: entries
      .filter((entry) => entry.state === 'active' && entry.endsAt && entry.endsAt.getTime() <= horizon)
      .sort((a, b) => a.endsAt!.getTime() - b.endsAt!.getTime()),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Sessions on the therapist's schedule, and whether a recording may be stored

/**
 * For the therapist's schedule: for each of their sessions asked about, whether an agreement in force covers it and
 * the client's answer. Sessions not the therapist's (or of an ended care relationship) are left out.
 */
export async function recordingAnswersForSessions(db: DbOrTx, therapist: Pick<Actor, 'id' | 'practiceId' | 'timeZone'>, appointmentIds: string[], now = new Date()) {
  const ids = appointmentIds.filter(isUuid);
  if (ids.length === 0) return [];
  const own = await db
    .select({ id: appointments.id, careRelationshipId: appointments.careRelationshipId })
    .from(appointments)
    .innerJoin(careRelationships, eq(careRelationships.id, appointments.careRelationshipId))
    .where(
      and(
        inArray(appointments.id, ids),
        eq(appointments.practiceId, therapist.practiceId),
        eq(appointments.therapistId, therapist.id),
        isNull(careRelationships.endedOn),
      ),
    );
  const relationships = [...new Set(own.map((row) => row.careRelationshipId))];
  if (relationships.length === 0) return [];
  const active = await db
    .select({ id: recordingRequests.id, careRelationshipId: recordingRequests.careRelationshipId, activatedAt: recordingRequests.activatedAt, termsSealed: recordingRequests.termsSealed })
    .from(recordingRequests)
    .where(and(inArray(recordingRequests.careRelationshipId, relationships), eq(recordingRequests.state, 'active')));
  const [sessions, answers] = await Promise.all([
    scheduledSessions(
      db,
      active.map((row) => row.careRelationshipId),
    ),
    answersFor(
      db,
      active.map((row) => row.id),
    ),
  ]);
  const coveredBy = new Map<string, string>();
  for (const row of active) {
    for (const session of coverage(row, openTerms(row.termsSealed), sessions, therapist.timeZone, now).covered) coveredBy.set(session.id, row.id);
  }
  return own.map((appointment) => {
    const requestId = coveredBy.get(appointment.id) ?? null;
    const answer = requestId ? (answers.find((a) => a.requestId === requestId && a.appointmentId === appointment.id)?.answer ?? null) : null;
    return { appointmentId: appointment.id, requestId, covered: requestId !== null, answer };
  });
}

/**
 * Whether a recording of this session may be stored under this agreement: it is in force, covers the session, and
 * the client said yes to it. For the file-sharing issue; a session without a yes cannot have a recording stored.
 */
export async function recordingPermitted(db: DbOrTx, input: { requestId: string; appointmentId: string }, now = new Date()): Promise<boolean> {
  if (!isUuid(input.requestId) || !isUuid(input.appointmentId)) return false;
  const [found] = await db
    .select({ row: recordingRequests, timeZone: practices.timeZone })
    .from(recordingRequests)
    .innerJoin(practices, eq(practices.id, recordingRequests.practiceId))
    .where(and(eq(recordingRequests.id, input.requestId), eq(recordingRequests.state, 'active')));
  if (!found) return false;
  const [sessions, answers] = await Promise.all([scheduledSessions(db, [found.row.careRelationshipId]), answersFor(db, [found.row.id])]);
  const { covered } = coverage(found.row, openTerms(found.row.termsSealed), sessions, found.timeZone, now);
  return (
    covered.some((session) => session.id === input.appointmentId) &&
    answers.some((answer) => answer.appointmentId === input.appointmentId && answer.answer === 'yes')
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// For the jobs

/** Requests still open or in force whose care relationship has ended: the sweep ends them. */
export async function requestsWithEndedCare(db: DbOrTx) {
  const rows = await db
    .select({ id: recordingRequests.id })
    .from(recordingRequests)
    .innerJoin(careRelationships, eq(careRelationships.id, recordingRequests.careRelationshipId))
    .where(and(inArray(recordingRequests.state, LIVE_STATES), isNotNull(careRelationships.endedOn)));
  return rows.map((row) => row.id);
}

/**
 * Every agreement in force, with where it stands: its covered sessions and when it ends by itself. Terms are opened
 * in the job only.
 */
export async function agreementsInForce(db: DbOrTx, now: Date) {
  const rows = await db
    .select({ row: recordingRequests, timeZone: practices.timeZone })
    .from(recordingRequests)
    .innerJoin(practices, eq(practices.id, recordingRequests.practiceId))
    .where(eq(recordingRequests.state, 'active'));
  const [sessions, answers] = await Promise.all([
    scheduledSessions(
      db,
      rows.map(({ row }) => row.careRelationshipId),
    ),
    answersFor(
      db,
      rows.map(({ row }) => row.id),
    ),
  ]);
  return rows.map(({ row, timeZone }) => {
    const { covered, end } = coverage(row, openTerms(row.termsSealed), sessions, timeZone, now);
    return {
      id: row.id,
      practiceId: row.practiceId,
      clientId: row.clientId,
      therapistId: row.therapistId,
      covered,
      end,
      answered: new Set(answers.filter((answer) => answer.requestId === row.id).map((answer) => answer.appointmentId)),
    };
  });
}

export const ENDING_SOON_MS = ENDING_SOON_DAYS * DAY_MS;

// ---------------------------------------------------------------------------------------------------------------------
// For the recording vault (lib/files)

export type RecordingAllowance =
  | { ok: true; requestId: string; method: Method; listeners: ConsentTerms['listeners']; retentionDays: number }
  | { ok: false; reason: 'no_agreement' | 'no_session_yes' };

/**
 * Whether a recording of this session may go into Hearth's vault now: an agreement in force on this care relationship
 * whose terms keep recordings in Hearth, covering the session, with the client's yes to it. The terms that govern the
 * recording come with a yes.
 */
export async function recordingAllowance(db: DbOrTx, careRelationshipId: string, appointmentId: string, now = new Date()): Promise<RecordingAllowance> {
  if (!isUuid(careRelationshipId) || !isUuid(appointmentId)) return { ok: false, reason: 'no_agreement' };
  const [found] = await db
    .select({ row: recordingRequests, timeZone: practices.timeZone })
    .from(recordingRequests)
    .innerJoin(practices, eq(practices.id, recordingRequests.practiceId))
    .where(and(eq(recordingRequests.careRelationshipId, careRelationshipId), eq(recordingRequests.state, 'active')));
  if (!found) return { ok: false, reason: 'no_agreement' };
  const terms = openTerms(found.row.termsSealed);
  if (terms.storage !== 'hearth_vault') return { ok: false, reason: 'no_agreement' };
  const [sessions, answers] = await Promise.all([scheduledSessions(db, [careRelationshipId]), answersFor(db, [found.row.id])]);
  const { covered } = coverage(found.row, terms, sessions, found.timeZone, now);
  const yes = answers.some((answer) => answer.appointmentId === appointmentId && answer.answer === 'yes');
  if (!covered.some((session) => session.id === appointmentId) || !yes) return { ok: false, reason: 'no_session_yes' };
  return { ok: true, requestId: found.row.id, method: terms.method, listeners: terms.listeners, retentionDays: terms.retentionDays };
}

/** Who may listen to the recordings kept under each agreement, by request id. */
export async function listenersOf(db: DbOrTx, requestIds: string[]): Promise<Map<string, ConsentTerms['listeners']>> {
  const ids = [...new Set(requestIds.filter(isUuid))];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: recordingRequests.id, termsSealed: recordingRequests.termsSealed }).from(recordingRequests).where(inArray(recordingRequests.id, ids));
  return new Map(rows.map((row) => [row.id, openTerms(row.termsSealed).listeners]));
}

/**
 * The therapist's clients in open care whose latest recording request was declined with this alternative chosen, and
 * since when: the features that carry an alternative out (summaries, journaling, reminders) remind of it or offer it.
 */
export async function clientsWithAlternative(db: DbOrTx, therapistId: string, alternative: Alternative) {
  const rows = await db
    .select({
      clientId: recordingRequests.clientId,
      careRelationshipId: recordingRequests.careRelationshipId,
      state: recordingRequests.state,
      alternatives: recordingRequests.alternatives,
      decidedAt: recordingRequests.updatedAt,
      closedAt: recordingRequests.closedAt,
    })
    .from(recordingRequests)
    .innerJoin(careRelationships, eq(careRelationships.id, recordingRequests.careRelationshipId))
    .where(and(eq(recordingRequests.therapistId, therapistId), eq(careRelationships.therapistId, therapistId), isNull(careRelationships.endedOn)))
    .orderBy(desc(recordingRequests.createdAt));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.careRelationshipId)) latest.set(row.careRelationshipId, row);
  return [...latest.values()]
    .filter((row) => row.state === 'declined' && row.alternatives.includes(alternative))
    .map((row) => ({ clientId: row.clientId, careRelationshipId: row.careRelationshipId, since: row.closedAt ?? row.decidedAt }));
}

/**
 * The alternatives a client chose instead of recording, with any current therapist: those of each open care
 * relationship whose latest request was declined. The client's portal offers to set them up (reminders, journaling).
 */
export async function chosenAlternativesOf(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>): Promise<Alternative[]> {
  const latest = await latestRequestsOfClient(db, client.practiceId, client.id);
  const chosen = latest.filter(({ row }) => row.state === 'declined').flatMap(({ row }) => row.alternatives);
  return alternativesOf(chosen);
}
