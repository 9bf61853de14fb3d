// A practice made for each consent test: its people, its policies in force (acknowledged by its clients), sessions,
// and helpers to drive a request through the commands. Rows of other features go straight into their tables.
import { and, asc, eq } from 'drizzle-orm';
import { generate, generateSecret } from 'otplib';
import type { Db } from '@/db/client';
import {
  appointments,
  auditEvents,
  notifications,
  practiceRecordingSettings,
  recordingRequests,
  users,
  type PracticeRecordingSettings,
} from '@/db/schema';
import { openRequest, signAgreement, tickSection } from '@/lib/consent/commands';
import type { ConsentTerms, Party } from '@/lib/consent/model';
import { DISCUSSION_SECTIONS } from '@/lib/consent/model';
import type { Actor } from '@/lib/platform/actor';
import { seal } from '@/lib/platform/crypto/secretbox';
import { testContext } from '../helpers/context';
import { createPracticeWithPeople, FACTORY_PASSWORD, type FactoryPerson, publishDemoPolicies } from '../helpers/factories';

export const PASSWORD = FACTORY_PASSWORD;
const DAY = 24 * 60 * 60 * 1000;

export const TERMS: ConsentTerms = {
  purposes: ['self_reflection', 'other'],
  otherPurpose: 'To hear again what we said about my week',
  sessions: { kind: 'all_from_date', from: '2020-01-01' },
  method: 'client_upload',
  storage: 'hearth_vault',
  listeners: 'client_only',
  transcriptionAllowed: false,
  sharingNeedsNewAgreement: true,
  retentionDays: 60,
  onWithdrawal: { action: 'delete_within_days', days: 7 },
  neutralFileLabels: true,
};

export const actorOf = (person: FactoryPerson, timeZone: string): Actor => ({ id: person.id, practiceId: person.practiceId, role: person.role, timeZone });

export async function consentPractice(
  db: Db,
  options: { acknowledged?: boolean; settings?: Partial<Omit<PracticeRecordingSettings, 'practiceId'>> } = {},
) {
  const people = await createPracticeWithPeople(db);
  const { practice, admin, client, otherClient } = people;
  await publishDemoPolicies(db, [{ practice, admin, acknowledgedBy: options.acknowledged === false ? [] : [client, otherClient] }]);
  if (options.settings) await db.insert(practiceRecordingSettings).values({ practiceId: practice.id, ...options.settings });
  const as = (person: FactoryPerson) => actorOf(person, practice.timeZone);
  return {
    ...people,
    actors: {
      client: as(people.client),
      therapist: as(people.therapist),
      otherTherapist: as(people.otherTherapist),
      otherClient: as(people.otherClient),
      admin: as(people.admin),
    },
  };
}

export type ConsentPractice = Awaited<ReturnType<typeof consentPractice>>;

/** A scheduled session of the client with their therapist, `inDays` from now (negative: in the past). */
export async function addSession(db: Db, p: ConsentPractice, inDays: number, options: { minutes?: number; channel?: 'in_person' | 'telehealth' } = {}) {
  const [row] = await db
    .insert(appointments)
    .values({
      practiceId: p.practice.id,
      careRelationshipId: p.care.client.id,
      clientId: p.client.id,
      therapistId: p.therapist.id,
      startsAt: new Date(Date.now() + inDays * DAY),
      durationMinutes: options.minutes ?? 50,
      channel: options.channel ?? 'telehealth',
      createdById: p.therapist.id,
    })
    .returning();
  return row;
}

export async function requestRow(db: Db, requestId: string) {
  const [row] = await db.select().from(recordingRequests).where(eq(recordingRequests.id, requestId));
  return row;
}

/** Opens a request as the client (or the therapist), failing loudly otherwise. */
export async function open(db: Db, p: ConsentPractice, by: Party = 'client', terms: ConsentTerms = TERMS) {
  const result =
    by === 'client'
      ? await openRequest(db, p.actors.client, { therapistId: p.therapist.id, terms }, testContext())
      : await openRequest(db, p.actors.therapist, { clientId: p.client.id, terms }, testContext());
  if (result.status !== 'saved') throw new Error(`open refused: ${JSON.stringify(result)}`);
  return result.requestId;
}

/** Both tick every section, the client first; the request is then waiting for signatures. */
export async function tickAll(db: Db, p: ConsentPractice, requestId: string) {
  for (const section of DISCUSSION_SECTIONS) {
    for (const party of ['client', 'therapist'] as const) {
      const row = await requestRow(db, requestId);
      if (row.ticks[section]?.[party]) continue;
      const result = await tickSection(db, p.actors[party], { requestId, section, rowVersion: row.rowVersion }, testContext());
      if (result.status !== 'saved') throw new Error(`tick ${section} by ${party} refused: ${JSON.stringify(result)}`);
    }
  }
}

export async function sign(db: Db, p: ConsentPractice, requestId: string, party: Party, extra: { code?: string } = {}) {
  const row = await requestRow(db, requestId);
  const person = party === 'client' ? p.client : p.therapist;
  return signAgreement(db, p.actors[party], { requestId, termsSha256: row.termsSha256, fullName: person.name, password: PASSWORD, ...extra }, testContext());
}

/** Opened, discussed and signed by both: an agreement in force. */
export async function activeAgreement(db: Db, p: ConsentPractice, terms: ConsentTerms = TERMS) {
  const requestId = await open(db, p, 'client', terms);
  await tickAll(db, p, requestId);
  for (const party of ['therapist', 'client'] as const) {
    const result = await sign(db, p, requestId, party);
    if (result.status !== 'saved') throw new Error(`sign by ${party} refused: ${JSON.stringify(result)}`);
  }
  return requestId;
}

/** Turns two-step sign-in on for a person; returns a function giving the code of the next 30-second step (still accepted). */
export async function enableTotp(db: Db, person: FactoryPerson) {
  const secret = generateSecret();
  await db.update(users).set({ mfaSecret: seal(secret), mfaEnabledAt: new Date(), mfaLastTimeStep: null }).where(eq(users.id, person.id));
  return () => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}

export async function notificationsOf(db: Db, person: { id: string }) {
  return db.select().from(notifications).where(eq(notifications.userId, person.id)).orderBy(asc(notifications.createdAt));
}

export async function auditOf(db: Db, requestId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'recording_request'), eq(auditEvents.subjectId, requestId)))
    .orderBy(asc(auditEvents.id));
}
