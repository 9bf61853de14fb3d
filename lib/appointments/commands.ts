import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { appointments } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import type { AuditAction } from '@/lib/platform/audit/catalogue';
import { todayInTimeZone } from '@/lib/platform/clock';
import type { RequestContext } from '@/lib/platform/http';
import { mayManageSessions } from './access';
import { PROBLEM_FIELD, SESSION_PROBLEM_MESSAGES, type Channel, type ImportFileProblem, type ImportPreview, type SessionProblem } from './model';
import { careRelationshipById, openCareOf, scheduledStartsAmong } from './queries';
import { acceptedStarts, checkSession, finishPreview, readImport, type CheckedSession, type SessionContext } from './sessions';

export type FieldErrors = Partial<Record<'date' | 'start' | 'duration' | 'channel', string[]>>;

export interface SessionFieldsInput {
  date: string;
  start: string;
  duration: number | string;
  channel: Channel | string;
}

function fieldErrors(problems: SessionProblem[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) (errors[PROBLEM_FIELD[problem]] ??= []).push(SESSION_PROBLEM_MESSAGES[problem]);
  return errors;
}

const contextFor = (actor: Actor, now: Date): SessionContext => ({ timeZone: actor.timeZone, today: todayInTimeZone(actor.timeZone, now) });

const asInput = (input: SessionFieldsInput) => ({ date: input.date, start: input.start, duration: String(input.duration), channel: input.channel });

/**
 * The open relationship in which the actor manages this client's sessions, its row locked until
 * the transaction ends; when there is none, the refusal is recorded (as denied, about the client
 * asked for) and null returned.
 */
async function relationshipForClient(tx: Tx, actor: Actor, clientId: string, request: RequestContext, action: AuditAction) {
  const relationship = await openCareOf(tx, { practiceId: actor.practiceId, therapistId: actor.id, clientId }, { lock: true });
  if (relationship && mayManageSessions(actor, relationship)) return relationship;
  await audit(tx, actor, request, action, { subjectType: 'user', subjectId: clientId, outcome: 'denied', metadata: { reason: 'not-in-care' } });
  return null;
}

/**
 * A session of the actor's practice that the actor manages, locked (its relationship first, then
 * the session); when there is none, the refusal is recorded as denied and null returned.
 */
async function sessionToChange(tx: Tx, actor: Actor, appointmentId: string, request: RequestContext, action: AuditAction) {
  const ofPractice = and(eq(appointments.id, appointmentId), eq(appointments.practiceId, actor.practiceId));
  const [found] = await tx.select({ careRelationshipId: appointments.careRelationshipId }).from(appointments).where(ofPractice);
  const relationship = found ? await careRelationshipById(tx, found.careRelationshipId, { lock: true }) : null;
  if (relationship && mayManageSessions(actor, relationship)) {
    const [session] = await tx.select().from(appointments).where(ofPractice).for('update');
    return session;
  }
  await audit(tx, actor, request, action, { subjectType: 'appointment', subjectId: appointmentId, outcome: 'denied', metadata: { reason: 'not-in-care' } });
  return null;
}

export type AddResult =
  | { status: 'added'; id: string; session: CheckedSession }
  | { status: 'invalid'; errors: FieldErrors }
  | { status: 'not-found' };

/**
 * The therapist records one session with a client in their care: the date and start time are the
 * practice's wall clock. A time skipped by the clocks going forward is refused; one that happens
 * twice takes the first. One session per relationship and start time.
 */
export function addAppointment(
  db: DbOrTx,
  actor: Actor,
  input: SessionFieldsInput & { clientId: string },
  request: RequestContext,
  now = new Date(),
): Promise<AddResult> {
  return db.transaction(async (tx): Promise<AddResult> => {
    const relationship = await relationshipForClient(tx, actor, input.clientId, request, 'appointment.created');
    if (!relationship) return { status: 'not-found' };
    const checked = checkSession(asInput(input), contextFor(actor, now));
    if (!checked.ok) return { status: 'invalid', errors: fieldErrors(checked.problems) };
    const { session } = checked;
    const taken = await scheduledStartsAmong(tx, { careRelationshipId: relationship.id }, [session.startsAt]);
    if (taken.size > 0) return { status: 'invalid', errors: fieldErrors(['duplicate-existing']) };
    const [created] = await tx
      .insert(appointments)
      .values({
        practiceId: actor.practiceId,
        careRelationshipId: relationship.id,
        clientId: relationship.clientId,
        therapistId: relationship.therapistId,
        startsAt: session.startsAt,
        durationMinutes: session.durationMinutes,
        channel: session.channel,
        createdById: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: appointments.id });
    await audit(tx, actor, request, 'appointment.created', { subjectType: 'appointment', subjectId: created.id });
    return { status: 'added', id: created.id, session };
  });
}

export type PreviewResult =
  | { status: 'preview'; preview: ImportPreview }
  | { status: 'file-problem'; problem: ImportFileProblem; line?: number }
  | { status: 'not-found' };

async function buildPreview(tx: Tx, actor: Actor, careRelationshipId: string, csv: string, now: Date): Promise<Exclude<PreviewResult, { status: 'not-found' }>> {
  const read = readImport(csv, contextFor(actor, now));
  if (!read.ok) return { status: 'file-problem', problem: read.problem, line: read.line };
  const taken = await scheduledStartsAmong(tx, { careRelationshipId }, acceptedStarts(read.rows));
  return { status: 'preview', preview: finishPreview(csv, read.rows, taken) };
}

/**
 * What importing this list would do, row by row, without saving anything: which rows become
 * sessions and which are refused, and why (including repeats of sessions already scheduled).
 */
export function previewImport(db: DbOrTx, actor: Actor, input: { clientId: string; csv: string }, request: RequestContext, now = new Date()): Promise<PreviewResult> {
  return db.transaction(async (tx): Promise<PreviewResult> => {
    const relationship = await relationshipForClient(tx, actor, input.clientId, request, 'appointment.imported');
    if (!relationship) return { status: 'not-found' };
    return buildPreview(tx, actor, relationship.id, input.csv, now);
  });
}

export type ImportResult =
  | { status: 'imported'; added: number }
  | { status: 'changed'; preview: ImportPreview }
  | { status: 'file-problem'; problem: ImportFileProblem; line?: number }
  | { status: 'not-found' };

/**
 * Adds exactly the sessions the preview showed. The list is checked again under the
 * relationship's lock; if what it would add is no longer what the preview showed (`expected`, the
 * preview's digest: a session was added meanwhile, or a day passed), nothing is saved and the new
 * preview is returned. Importing the same list again adds nothing: its rows are now duplicates.
 */
export function importAppointments(
  db: DbOrTx,
  actor: Actor,
  input: { clientId: string; csv: string; expected?: string },
  request: RequestContext,
  now = new Date(),
): Promise<ImportResult> {
  return db.transaction(async (tx): Promise<ImportResult> => {
    const relationship = await relationshipForClient(tx, actor, input.clientId, request, 'appointment.imported');
    if (!relationship) return { status: 'not-found' };
    const built = await buildPreview(tx, actor, relationship.id, input.csv, now);
    if (built.status !== 'preview') return built;
    const { preview } = built;
    if (preview.digest !== input.expected) return { status: 'changed', preview };
    const rows = preview.rows.flatMap((row) => (row.accepted ? [row.accepted] : []));
    if (rows.length === 0) return { status: 'imported', added: 0 };
    const created = await tx
      .insert(appointments)
      .values(
        rows.map((row) => ({
          practiceId: actor.practiceId,
          careRelationshipId: relationship.id,
          clientId: relationship.clientId,
          therapistId: relationship.therapistId,
          startsAt: new Date(row.startsAt),
          durationMinutes: row.durationMinutes,
          channel: row.channel,
          createdById: actor.id,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: appointments.id });
    for (const { id } of created) {
      await audit(tx, actor, request, 'appointment.imported', { subjectType: 'appointment', subjectId: id, metadata: { batchSize: created.length } });
    }
    return { status: 'imported', added: created.length };
  });
}

export type CancelResult = { status: 'cancelled' } | { status: 'already-cancelled' | 'not-found' };

/** The therapist cancels one of their sessions (past or future); it stays listed as cancelled. */
export function cancelAppointment(db: DbOrTx, actor: Actor, input: { appointmentId: string }, request: RequestContext, now = new Date()): Promise<CancelResult> {
  return db.transaction(async (tx): Promise<CancelResult> => {
    const session = await sessionToChange(tx, actor, input.appointmentId, request, 'appointment.cancelled');
    if (!session) return { status: 'not-found' };
    if (session.status === 'cancelled') return { status: 'already-cancelled' };
    await tx.update(appointments).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(eq(appointments.id, session.id));
    await audit(tx, actor, request, 'appointment.cancelled', { subjectType: 'appointment', subjectId: session.id });
    return { status: 'cancelled' };
  });
}

export type RescheduleResult =
  | { status: 'rescheduled'; session: CheckedSession }
  | { status: 'unchanged' }
  | { status: 'invalid'; errors: FieldErrors }
  | { status: 'cancelled' | 'not-found' };

/**
 * The therapist moves a scheduled session to another date, time, length or channel, checked as a
 * new session is (another scheduled session at the new start is refused). The audit row says
 * which of these changed, not to what.
 */
export function rescheduleAppointment(
  db: DbOrTx,
  actor: Actor,
  input: SessionFieldsInput & { appointmentId: string },
  request: RequestContext,
  now = new Date(),
): Promise<RescheduleResult> {
  return db.transaction(async (tx): Promise<RescheduleResult> => {
    const current = await sessionToChange(tx, actor, input.appointmentId, request, 'appointment.rescheduled');
    if (!current) return { status: 'not-found' };
    if (current.status === 'cancelled') return { status: 'cancelled' };
    const checked = checkSession(asInput(input), contextFor(actor, now));
    if (!checked.ok) return { status: 'invalid', errors: fieldErrors(checked.problems) };
    const { session } = checked;
    const changed = {
      timeChanged: session.startsAt.getTime() !== current.startsAt.getTime(),
      durationChanged: session.durationMinutes !== current.durationMinutes,
      channelChanged: session.channel !== current.channel,
    };
    if (!changed.timeChanged && !changed.durationChanged && !changed.channelChanged) return { status: 'unchanged' };
    const taken = await scheduledStartsAmong(tx, { careRelationshipId: current.careRelationshipId }, [session.startsAt], current.id);
    if (taken.size > 0) return { status: 'invalid', errors: fieldErrors(['duplicate-existing']) };
    await tx
      .update(appointments)
      .set({ startsAt: session.startsAt, durationMinutes: session.durationMinutes, channel: session.channel, updatedAt: now })
      .where(eq(appointments.id, current.id));
    await audit(tx, actor, request, 'appointment.rescheduled', { subjectType: 'appointment', subjectId: current.id, metadata: changed });
    return { status: 'rescheduled', session };
  });
}
