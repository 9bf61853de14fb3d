import { and, asc, desc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { appointments, exercises, sessionSummaries, sessionSummaryVersions, users } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { clientKey } from '@/lib/platform/crypto/client-keys';
import { open, seal } from '@/lib/platform/crypto/secretbox';
import { getAppointmentInScope, listRelationshipAppointments, openCareOf } from '../appointments/queries';
import { clientsWithAlternative } from '../consent/queries';
import { sessionEnd } from './access';
import type { LibraryExercise, SummaryContent, SummaryStatus } from './model';

/*
 * Reads of summaries and exercises, given a db and an explicit scope. A summary's words are sealed under its client's
 * key; an exercise's under the encryption key (the therapist's own words, about no one).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export const sealContent = (content: SummaryContent, key: Buffer) => seal(JSON.stringify(content), key);

/** A version's content; anything missing from an older shape reads as empty. */
export function openContent(sealed: string, key: Buffer): SummaryContent {
  const raw = JSON.parse(open(sealed, key)) as Partial<SummaryContent>;
  return { keyPoints: raw.keyPoints ?? '', homework: raw.homework ?? '', exercises: raw.exercises ?? [] };
}

// ---------------------------------------------------------------------------------------------------------------------
// The exercise library

export const sealExercise = (exercise: { title: string; instructions: string }) => seal(JSON.stringify(exercise));

export function openExercise(row: typeof exercises.$inferSelect): LibraryExercise {
  const { title, instructions } = JSON.parse(open(row.contentSealed)) as { title: string; instructions: string };
  return { id: row.id, title, instructions, createdAt: row.createdAt, archivedAt: row.archivedAt };
}

/** The therapist's library, archived exercises included, oldest first. */
export async function exercisesOf(db: DbOrTx, therapist: Pick<Actor, 'id' | 'practiceId'>): Promise<LibraryExercise[]> {
  const rows = await db
    .select()
    .from(exercises)
    .where(and(eq(exercises.practiceId, therapist.practiceId), eq(exercises.therapistId, therapist.id)))
    .orderBy(asc(exercises.createdAt), asc(exercises.id));
  return rows.map(openExercise);
}

/** One exercise of the therapist's own library (null for anyone else's, and for an id that does not exist). */
export async function exerciseOfTherapist(db: DbOrTx, therapist: Pick<Actor, 'id' | 'practiceId'>, exerciseId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(exerciseId)) return null;
  const query = db
    .select()
    .from(exercises)
    .where(and(eq(exercises.id, exerciseId), eq(exercises.practiceId, therapist.practiceId), eq(exercises.therapistId, therapist.id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Summaries, as the therapist sees them

/**
 * A session of this client that the therapist manages (their client, care open, their practice), with the client's
 * name; null otherwise, exactly as for a session that does not exist.
 */
export async function summarySession(db: DbOrTx, therapist: Actor, clientId: string, appointmentId: string) {
  if (!isUuid(clientId) || !isUuid(appointmentId)) return null;
  const care = await openCareOf(db, { practiceId: therapist.practiceId, therapistId: therapist.id, clientId });
  if (!care) return null;
  const session = await getAppointmentInScope(db, therapist, appointmentId);
  if (!session || session.careRelationshipId !== care.id || !session.careOpen) return null;
  return { session, care };
}

/** The summary of a session, if one was started; `lock` holds it until the transaction ends. */
export async function summaryOfAppointment(db: DbOrTx, appointmentId: string, options: { lock?: boolean } = {}) {
  const query = db.select().from(sessionSummaries).where(eq(sessionSummaries.appointmentId, appointmentId));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

/** Every version of a summary, the first first. */
export function versionsOf(db: DbOrTx, summaryId: string) {
  return db.select().from(sessionSummaryVersions).where(eq(sessionSummaryVersions.summaryId, summaryId)).orderBy(asc(sessionSummaryVersions.version));
}

/** The current version's content of a summary, opened. */
export async function currentContent(db: DbOrTx, summary: { id: string; clientId: string; currentVersion: number }): Promise<SummaryContent> {
  const [row] = await db
    .select({ contentSealed: sessionSummaryVersions.contentSealed })
    .from(sessionSummaryVersions)
    .where(and(eq(sessionSummaryVersions.summaryId, summary.id), eq(sessionSummaryVersions.version, summary.currentVersion)));
  return openContent(row.contentSealed, await clientKey(db, summary.clientId));
}

export const statusOf = (summary: { sharedAt: Date | null } | null): SummaryStatus => (!summary ? 'none' : summary.sharedAt ? 'shared' : 'draft');

/** The past (started, not cancelled) sessions of one client of the therapist, latest first, each with its summary's state. */
export async function pastSessionsWithSummaries(db: DbOrTx, therapist: Actor, clientId: string, now: Date) {
  if (!isUuid(clientId)) return null;
  const care = await openCareOf(db, { practiceId: therapist.practiceId, therapistId: therapist.id, clientId });
  if (!care) return null;
  const sessions = (await listRelationshipAppointments(db, { careRelationshipId: care.id })).filter(
    (session) => session.status === 'scheduled' && session.startsAt.getTime() <= now.getTime(),
  );
  const summaries = sessions.length
    ? await db
        .select({ appointmentId: sessionSummaries.appointmentId, sharedAt: sessionSummaries.sharedAt, currentVersion: sessionSummaries.currentVersion })
        .from(sessionSummaries)
        .where(inArray(sessionSummaries.appointmentId, sessions.map((session) => session.id)))
    : [];
  const byAppointment = new Map(summaries.map((summary) => [summary.appointmentId, summary]));
  return {
    client: { id: care.clientId, name: care.clientName },
    sessions: sessions.map((session) => ({
      id: session.id,
      startsAt: session.startsAt,
      durationMinutes: session.durationMinutes,
      status: statusOf(byAppointment.get(session.id) ?? null),
      edited: (byAppointment.get(session.id)?.currentVersion ?? 1) > 1,
    })),
  };
}

/** How far back the dashboard looks for sessions whose summary is due. */
export const SUMMARY_DUE_LOOKBACK_DAYS = 30;

/**
 * Sessions that ended without a shared summary, for clients who chose summaries instead of recording: those that
 * ended after that choice, within the last SUMMARY_DUE_LOOKBACK_DAYS days, the latest first.
 */
export async function summariesDue(db: DbOrTx, therapist: Pick<Actor, 'id' | 'practiceId'>, now: Date) {
  const chosen = await clientsWithAlternative(db, therapist.id, 'therapist_summaries');
  if (chosen.length === 0) return [];
  const since = new Map(chosen.map((choice) => [choice.careRelationshipId, choice.since]));
  const lookback = new Date(now.getTime() - SUMMARY_DUE_LOOKBACK_DAYS * 24 * 60 * 60 * 1000);
  const endsAt = sql`${appointments.startsAt} + ${appointments.durationMinutes} * interval '1 minute'`;
  const rows = await db
    .select({
      id: appointments.id,
      careRelationshipId: appointments.careRelationshipId,
      clientId: appointments.clientId,
      clientName: users.name,
      startsAt: appointments.startsAt,
      durationMinutes: appointments.durationMinutes,
    })
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.clientId))
    .where(
      and(
        eq(appointments.practiceId, therapist.practiceId),
        eq(appointments.therapistId, therapist.id),
        eq(appointments.status, 'scheduled'),
        inArray(appointments.careRelationshipId, [...since.keys()]),
        gt(appointments.startsAt, lookback),
        lte(endsAt, sql`${now.toISOString()}::timestamptz`),
        sql`not exists (select 1 from ${sessionSummaries} where ${sessionSummaries.appointmentId} = ${appointments.id} and ${sessionSummaries.sharedAt} is not null)`,
      ),
    )
    .orderBy(desc(appointments.startsAt));
  return rows.filter((row) => sessionEnd(row) > since.get(row.careRelationshipId)!);
}

// ---------------------------------------------------------------------------------------------------------------------
// Summaries, as the client sees them: shared ones of their own only

const sharedColumns = {
  id: sessionSummaries.id,
  practiceId: sessionSummaries.practiceId,
  appointmentId: sessionSummaries.appointmentId,
  careRelationshipId: sessionSummaries.careRelationshipId,
  clientId: sessionSummaries.clientId,
  therapistId: sessionSummaries.therapistId,
  therapistName: users.name,
  currentVersion: sessionSummaries.currentVersion,
  sharedAt: sessionSummaries.sharedAt,
  updatedAt: sessionSummaries.updatedAt,
  clientFirstReadAt: sessionSummaries.clientFirstReadAt,
  sessionStartsAt: appointments.startsAt,
};

/** The client's shared summaries, the latest session first (metadata only: nothing is opened here). */
export function sharedSummariesOfClient(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>) {
  return db
    .select(sharedColumns)
    .from(sessionSummaries)
    .innerJoin(users, eq(users.id, sessionSummaries.therapistId))
    .innerJoin(appointments, eq(appointments.id, sessionSummaries.appointmentId))
    .where(and(eq(sessionSummaries.clientId, client.id), eq(sessionSummaries.practiceId, client.practiceId), isNotNull(sessionSummaries.sharedAt)))
    .orderBy(desc(appointments.startsAt));
}

/** One shared summary of this client's (null for anyone else's, a draft, or an id that does not exist). */
export async function sharedSummaryOfClient(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>, summaryId: string) {
  if (!isUuid(summaryId)) return null;
  const [row] = await db
    .select(sharedColumns)
    .from(sessionSummaries)
    .innerJoin(users, eq(users.id, sessionSummaries.therapistId))
    .innerJoin(appointments, eq(appointments.id, sessionSummaries.appointmentId))
    .where(
      and(
        eq(sessionSummaries.id, summaryId),
        eq(sessionSummaries.clientId, client.id),
        eq(sessionSummaries.practiceId, client.practiceId),
        isNotNull(sessionSummaries.sharedAt),
      ),
    );
  return row ?? null;
}

/**
 * For the journal: a summary shared with this client, with its key points to quote (the current version); null for a
 * draft, another client's summary, or an id that does not exist. The caller audits its read.
 */
export async function summaryForClient(db: DbOrTx, clientId: string, summaryId: string): Promise<{ id: string; appointmentId: string; keyPoints: string } | null> {
  if (!isUuid(clientId) || !isUuid(summaryId)) return null;
  const [row] = await db
    .select()
    .from(sessionSummaries)
    .where(and(eq(sessionSummaries.id, summaryId), eq(sessionSummaries.clientId, clientId), isNotNull(sessionSummaries.sharedAt)));
  if (!row) return null;
  const content = await currentContent(db, row);
  return { id: row.id, appointmentId: row.appointmentId, keyPoints: content.keyPoints };
}
