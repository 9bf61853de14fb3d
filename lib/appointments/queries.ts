import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { appointments, careRelationships, users } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { maySeeSession } from './access';

/** A session as every reader gets it. Times are instants; show them in the practice's time zone. */
export const sessionColumns = {
  id: appointments.id,
  practiceId: appointments.practiceId,
  careRelationshipId: appointments.careRelationshipId,
  clientId: appointments.clientId,
  therapistId: appointments.therapistId,
  startsAt: appointments.startsAt,
  durationMinutes: appointments.durationMinutes,
  channel: appointments.channel,
  status: appointments.status,
  cancelledAt: appointments.cancelledAt,
};

export type Session = {
  id: string;
  practiceId: string;
  careRelationshipId: string;
  clientId: string;
  therapistId: string;
  startsAt: Date;
  durationMinutes: number;
  channel: 'in_person' | 'telehealth';
  status: 'scheduled' | 'cancelled';
  cancelledAt: Date | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The moment a session ends, in SQL.
const endsAt = sql`${appointments.startsAt} + ${appointments.durationMinutes} * interval '1 minute'`;

/**
 * The open care relationship between this therapist and client in this practice, with the
 * client's name; null if there is none (another therapist's client, another practice's, ended
 * care, or not a client at all). `lock` holds the relationship's row until the transaction ends,
 * so changes to one relationship's sessions (and ending it) happen one at a time.
 */
export async function openCareOf(db: DbOrTx, scope: { practiceId: string; therapistId: string; clientId: string }, options: { lock?: boolean } = {}) {
  const query = db
    .select({
      id: careRelationships.id,
      practiceId: careRelationships.practiceId,
      clientId: careRelationships.clientId,
      therapistId: careRelationships.therapistId,
      endedOn: careRelationships.endedOn,
    })
    .from(careRelationships)
    .where(
      and(
        eq(careRelationships.practiceId, scope.practiceId),
        eq(careRelationships.therapistId, scope.therapistId),
        eq(careRelationships.clientId, scope.clientId),
        isNull(careRelationships.endedOn),
      ),
    )
    .limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) return null;
  const [client] = await db.select({ name: users.name }).from(users).where(eq(users.id, row.clientId));
  return { ...row, clientName: client?.name ?? '' };
}

/** A care relationship by id, for checking who may act on one of its sessions; `lock` as in `openCareOf`. */
export async function careRelationshipById(db: DbOrTx, careRelationshipId: string, options: { lock?: boolean } = {}) {
  const query = db
    .select({
      id: careRelationships.id,
      practiceId: careRelationships.practiceId,
      clientId: careRelationships.clientId,
      therapistId: careRelationships.therapistId,
      endedOn: careRelationships.endedOn,
    })
    .from(careRelationships)
    .where(eq(careRelationships.id, careRelationshipId));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

/**
 * The scheduled (not cancelled) sessions of one care relationship starting in [from, to), the
 * earliest first. Either bound may be left out. No access check: the caller has scoped the
 * relationship (the consent feature asks which sessions an agreement covers).
 */
export function listScheduledAppointments(db: DbOrTx, scope: { careRelationshipId: string }, range: { from?: Date; to?: Date } = {}): Promise<Session[]> {
  return db
    .select(sessionColumns)
    .from(appointments)
    .where(
      and(
        eq(appointments.careRelationshipId, scope.careRelationshipId),
        eq(appointments.status, 'scheduled'),
        range.from ? gte(appointments.startsAt, range.from) : undefined,
        range.to ? lt(appointments.startsAt, range.to) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt));
}

/**
 * One session, if this actor may see it (`maySeeSession`: its therapist while care is open, or its
 * client); null otherwise, exactly as for a session that does not exist. `careOpen` says whether
 * its relationship is still open (a client keeps seeing sessions after care has ended).
 */
export async function getAppointmentInScope(db: DbOrTx, actor: Actor, appointmentId: string): Promise<(Session & { careOpen: boolean }) | null> {
  if (!UUID.test(appointmentId)) return null;
  const [row] = await db
    .select({ ...sessionColumns, endedOn: careRelationships.endedOn, relationshipTherapistId: careRelationships.therapistId })
    .from(appointments)
    .innerJoin(careRelationships, eq(careRelationships.id, appointments.careRelationshipId))
    .where(and(eq(appointments.id, appointmentId), eq(appointments.practiceId, actor.practiceId)))
    .limit(1);
  if (!row) return null;
  const { endedOn, relationshipTherapistId, ...session } = row;
  const relationship = { practiceId: session.practiceId, clientId: session.clientId, therapistId: relationshipTherapistId, endedOn };
  return maySeeSession(actor, session, relationship) ? { ...session, careOpen: endedOn === null } : null;
}

/** Every session of one care relationship (cancelled ones too), the latest first. */
export function listRelationshipAppointments(db: DbOrTx, scope: { careRelationshipId: string }): Promise<Session[]> {
  return db.select(sessionColumns).from(appointments).where(eq(appointments.careRelationshipId, scope.careRelationshipId)).orderBy(desc(appointments.startsAt));
}

/** Of these instants, those at which the relationship already has a scheduled session (as epoch milliseconds). */
export async function scheduledStartsAmong(db: DbOrTx, scope: { careRelationshipId: string }, instants: Date[], except?: string): Promise<Set<number>> {
  if (instants.length === 0) return new Set();
  const rows = await db
    .select({ id: appointments.id, startsAt: appointments.startsAt })
    .from(appointments)
    .where(and(eq(appointments.careRelationshipId, scope.careRelationshipId), eq(appointments.status, 'scheduled'), inArray(appointments.startsAt, instants)));
  return new Set(rows.filter((row) => row.id !== except).map((row) => row.startsAt.getTime()));
}

/**
 * A therapist's scheduled sessions starting in [from, to), with each client's name, for clients
 * still in their care. The rows carry the session's and the relationship's ids, so other features
 * (the recording answer for each session) can join their own data to them.
 */
export function therapistSchedule(db: DbOrTx, scope: { practiceId: string; therapistId: string }, range: { from: Date; to: Date }) {
  return db
    .select({
      id: appointments.id,
      careRelationshipId: appointments.careRelationshipId,
      clientId: appointments.clientId,
      clientName: users.name,
      startsAt: appointments.startsAt,
      durationMinutes: appointments.durationMinutes,
      channel: appointments.channel,
    })
    .from(appointments)
    .innerJoin(careRelationships, eq(careRelationships.id, appointments.careRelationshipId))
    .innerJoin(users, eq(users.id, appointments.clientId))
    .where(
      and(
        eq(appointments.practiceId, scope.practiceId),
        eq(appointments.therapistId, scope.therapistId),
        eq(careRelationships.therapistId, scope.therapistId),
        isNull(careRelationships.endedOn),
        eq(appointments.status, 'scheduled'),
        gte(appointments.startsAt, range.from),
        lt(appointments.startsAt, range.to),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(users.name));
}

/**
 * A client's own sessions in their practice, cancelled ones included: those not yet over (the
 * soonest first) and those that are (the latest first), at most `limit` of each.
 */
export async function clientSessions(db: DbOrTx, scope: { practiceId: string; clientId: string }, now: Date, limit = 100) {
  const columns = { ...sessionColumns, therapistName: users.name };
  const own = and(eq(appointments.practiceId, scope.practiceId), eq(appointments.clientId, scope.clientId));
  const moment = sql`${now.toISOString()}::timestamptz`;
  const [upcoming, past] = await Promise.all([
    db
      .select(columns)
      .from(appointments)
      .innerJoin(users, eq(users.id, appointments.therapistId))
      .where(and(own, sql`${endsAt} > ${moment}`))
      .orderBy(asc(appointments.startsAt))
      .limit(limit),
    db
      .select(columns)
      .from(appointments)
      .innerJoin(users, eq(users.id, appointments.therapistId))
      .where(and(own, sql`${endsAt} <= ${moment}`))
      .orderBy(desc(appointments.startsAt))
      .limit(limit),
  ]);
  return { upcoming, past };
}
