import { and, asc, eq, exists, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { appointments, careRelationships, reminderSettings, users, type ReminderSettingsRow } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { chosenAlternativesOf } from '../consent/queries';
import { WEEKDAYS, type ReminderSettings, type Weekday } from './model';

// The alternatives to recording that reflection reminders carry out.
const OFFERED_AFTER = ['journaling', 'reflection_reminders'] as const;

export function toSettings(row: ReminderSettingsRow): ReminderSettings {
  return {
    timeZone: row.timeZone,
    afterSessionTime: row.afterSessionTime,
    weekly: row.weekly ? { days: WEEKDAYS.filter((day) => row.weekly!.days.includes(day)) as Weekday[], time: row.weekly.time } : null,
    email: row.email,
    version: row.version,
  };
}

/** The client's reminder settings in their practice; null until they first save some. `lock` holds the row until the transaction ends. */
export async function reminderSettingsOf(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>, options: { lock?: boolean } = {}) {
  const query = db
    .select()
    .from(reminderSettings)
    .where(and(eq(reminderSettings.clientId, client.id), eq(reminderSettings.practiceId, client.practiceId)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ? toSettings(row) : null;
}

const openCareOfClient = (clientId: string) =>
  and(eq(careRelationships.clientId, clientId), isNull(careRelationships.endedOn));

/** Whether reminders may go to this client: an active account with at least one open care relationship. */
export async function remindable(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, client.id),
        eq(users.practiceId, client.practiceId),
        eq(users.status, 'active'),
        exists(db.select({ id: careRelationships.id }).from(careRelationships).where(openCareOfClient(client.id))),
      ),
    );
  return !!row;
}

const endsAt = sql<Date>`${appointments.startsAt} + ${appointments.durationMinutes} * interval '1 minute'`;

/**
 * The end instants of the clients' scheduled sessions (open care only) that end in (from, to], by client: what the
 * evening-after rule reads.
 */
export async function sessionEndsOf(db: DbOrTx, clientIds: readonly string[], range: { from: Date; to: Date }): Promise<Map<string, Date[]>> {
  const ends = new Map<string, Date[]>(clientIds.map((id) => [id, []]));
  if (clientIds.length === 0) return ends;
  const rows = await db
    .select({ clientId: appointments.clientId, startsAt: appointments.startsAt, durationMinutes: appointments.durationMinutes })
    .from(appointments)
    .innerJoin(careRelationships, eq(careRelationships.id, appointments.careRelationshipId))
    .where(
      and(
        inArray(appointments.clientId, [...clientIds]),
        eq(appointments.status, 'scheduled'),
        isNull(careRelationships.endedOn),
        gt(endsAt, sql`${range.from.toISOString()}::timestamptz`),
        lte(endsAt, sql`${range.to.toISOString()}::timestamptz`),
      ),
    )
    .orderBy(asc(appointments.startsAt));
  for (const row of rows) ends.get(row.clientId)?.push(new Date(row.startsAt.getTime() + row.durationMinutes * 60_000));
  return ends;
}

/** Every client with reminder settings who can get them now (active, in open care): what the recurring sweep tops up. */
export async function remindableClients(db: DbOrTx) {
  const rows = await db
    .select({ settings: reminderSettings })
    .from(reminderSettings)
    .innerJoin(users, and(eq(users.id, reminderSettings.clientId), eq(users.practiceId, reminderSettings.practiceId)))
    .where(
      and(
        eq(users.status, 'active'),
        exists(
          db
            .select({ id: careRelationships.id })
            .from(careRelationships)
            .where(and(eq(careRelationships.clientId, reminderSettings.clientId), isNull(careRelationships.endedOn))),
        ),
      ),
    );
  return rows.map(({ settings }) => ({ clientId: settings.clientId, practiceId: settings.practiceId, settings: toSettings(settings) }));
}

/**
 * Whether the client is offered reminders in one click: the discussion about recording ended with journaling or
 * reminders chosen instead, and they have not set reminders up (nor turned them off) themselves.
 */
export async function offersOneClickSetUp(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>): Promise<boolean> {
  if (await reminderSettingsOf(db, client)) return false;
  const chosen = await chosenAlternativesOf(db, client);
  return chosen.some((alternative) => (OFFERED_AFTER as readonly string[]).includes(alternative));
}
