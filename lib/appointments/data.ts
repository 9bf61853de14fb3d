import 'server-only';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { audit } from '@/lib/platform/audit/record';
import { isIsoDate, nextDay, startOfDay, todayInTimeZone } from '@/lib/platform/clock';
import { getRequestContext } from '@/lib/platform/http';
import { requireUser } from '../auth/guards';
import { can } from '../auth/permissions';
import { localParts, type ScheduleEntry, type SessionView } from './model';
import { clientSessions, listRelationshipAppointments, openCareOf, therapistSchedule, type Session } from './queries';
import { sessionWindow } from './sessions';

export type { ScheduleEntry, SessionView };

const isOver = (session: { startsAt: Date; durationMinutes: number }, now: Date) => session.startsAt.getTime() + session.durationMinutes * 60_000 <= now.getTime();

function toView(session: Session, timeZone: string): SessionView {
  const local = localParts(session.startsAt, timeZone);
  const { id, careRelationshipId, startsAt, durationMinutes, channel, status } = session;
  return { id, careRelationshipId, startsAt, durationMinutes, channel, status, date: local.date, start: local.time };
}

/**
 * The sessions page for one client of the signed-in therapist: every session of their open care
 * relationship, those not yet over first (soonest first), then the past ones (latest first). Any
 * other client, in any practice, or after care has ended, is simply not found. The read is audited.
 */
export async function getClientSessions(clientId: string, now = new Date()) {
  const user = await requireUser('appointments:manage');
  if (!z.uuid().safeParse(clientId).success) notFound();
  const db = await getDb();
  const request = await getRequestContext();
  const found = await db.transaction(async (tx) => {
    const relationship = await openCareOf(tx, { practiceId: user.practiceId, therapistId: user.id, clientId });
    if (!relationship) return null;
    const sessions = await listRelationshipAppointments(tx, { careRelationshipId: relationship.id });
    await audit(tx, user, request, 'appointments.viewed', { subjectType: 'user', subjectId: clientId, metadata: { view: 'client-sessions' } });
    return { relationship, sessions };
  });
  if (!found) notFound();
  const today = todayInTimeZone(user.timeZone, now);
  const views = found.sessions.map((session) => toView(session, user.timeZone));
  return {
    client: { id: found.relationship.clientId, name: found.relationship.clientName },
    timeZone: user.timeZone,
    today,
    window: sessionWindow(today),
    upcoming: views.filter((session) => !isOver(session, now)).reverse(),
    past: views.filter((session) => isOver(session, now)),
  };
}

function previousDay(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

/**
 * The signed-in therapist's scheduled sessions on one day in the practice's time zone (today
 * unless `dateParam` is a YYYY-MM-DD date), for clients still in their care. Each entry carries
 * its session id: another feature's answers can be joined to the rows. The read is audited.
 */
export async function getMySchedule(dateParam: string | string[] | undefined, now = new Date()): Promise<{
  date: string;
  today: string;
  previous: string;
  next: string;
  /** The `date` asked for was not a date, so today is shown. */
  invalidDate: boolean;
  timeZone: string;
  entries: ScheduleEntry[];
}> {
  const user = await requireUser('appointments:manage');
  const today = todayInTimeZone(user.timeZone, now);
  const asked = typeof dateParam === 'string' && dateParam !== '' ? dateParam : null;
  const valid = asked !== null && isIsoDate(asked) && asked >= '1900-01-01' && asked <= '2999-12-31';
  const date = valid ? asked : today;
  const db = await getDb();
  const request = await getRequestContext();
  const entries = await db.transaction(async (tx) => {
    const rows = await therapistSchedule(tx, { practiceId: user.practiceId, therapistId: user.id }, { from: startOfDay(date, user.timeZone), to: startOfDay(nextDay(date), user.timeZone) });
    await audit(tx, user, request, 'appointments.viewed', { metadata: { view: 'schedule', sessions: rows.length } });
    return rows;
  });
  return { date, today, previous: previousDay(date), next: nextDay(date), invalidDate: asked !== null && !valid, timeZone: user.timeZone, entries };
}

/**
 * The signed-in client's own sessions with every therapist of their practice: those not yet over
 * (soonest first) and past ones (latest first), cancelled ones marked. The read is audited.
 */
export async function getMySessions(now = new Date()) {
  // Gated like every portal page: a client with a policy to acknowledge is sent to do that first.
  const user = await requireUser('portal:use');
  if (!can(user.role, 'appointments:view-own')) notFound();
  const db = await getDb();
  const request = await getRequestContext();
  const { upcoming, past } = await db.transaction(async (tx) => {
    const sessions = await clientSessions(tx, { practiceId: user.practiceId, clientId: user.id }, now);
    await audit(tx, user, request, 'appointments.viewed', { subjectType: 'user', subjectId: user.id, metadata: { view: 'own-sessions' } });
    return sessions;
  });
  const view = (session: (typeof upcoming)[number]) => ({ ...toView(session, user.timeZone), therapistName: session.therapistName });
  return { timeZone: user.timeZone, upcoming: upcoming.map(view), past: past.map(view) };
}
