import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { reminderSettings } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import { SYSTEM_CONTEXT, type RequestContext } from '@/lib/platform/http';
import { enqueue } from '@/lib/platform/jobs/queue';
import type { JobPayloads } from '@/lib/platform/jobs/catalogue';
import type { NotificationKind } from '@/lib/platform/notifications/catalogue';
import { notify } from '@/lib/platform/notifications/notify';
import { hasAnyRule, PRESET_TIME, type ReminderRules, type ReminderSettings } from './model';
import { offersOneClickSetUp, reminderSettingsOf, remindable, remindableClients, sessionEndsOf } from './queries';
import { decideDelivery, LOOK_AHEAD_MS, nextOccurrence, SESSION_LOOK_BACK_MS } from './schedule';

/*
 * Reflection reminders: the client's settings, and the jobs that deliver them. Each client has a chain of
 * 'reminders.deliver' jobs, one per reminder, keyed by client, settings version and instant, so a reminder is queued
 * once however many workers, sweeps and saves ask for it. Saving settings bumps the version: jobs of the older
 * version then do nothing, and the save queues the new schedule's first reminder.
 */

type Client = Pick<Actor, 'id' | 'practiceId'>;

export interface ReminderInput extends ReminderRules {
  email: boolean;
}

export type SaveResult = { status: 'saved'; next: Date | null } | { status: 'unchanged'; next: Date | null };

const deliveryKey = (clientId: string, version: number, at: Date) => `reminders.deliver:${clientId}:${version}:${at.toISOString()}`;

async function queueDelivery(tx: DbOrTx, client: Client, version: number, at: Date) {
  await enqueue(tx, 'reminders.deliver', { clientId: client.id, version, at: at.toISOString() }, { key: deliveryKey(client.id, version, at), runAt: at, practiceId: client.practiceId });
}

async function sessionEndsAround(tx: DbOrTx, clientId: string, from: Date, to: Date) {
  const ends = await sessionEndsOf(tx, [clientId], { from: new Date(from.getTime() - SESSION_LOOK_BACK_MS), to });
  return ends.get(clientId) ?? [];
}

/** Queues the client's next reminder after `now`, if they can get one; the instant queued, or null. */
async function queueNext(tx: DbOrTx, client: Client, settings: ReminderSettings, now: Date): Promise<Date | null> {
  if (!hasAnyRule(settings) || !(await remindable(tx, client))) return null;
  const ends = await sessionEndsAround(tx, client.id, now, new Date(now.getTime() + LOOK_AHEAD_MS));
  const next = nextOccurrence(settings, ends, now);
  if (next) await queueDelivery(tx, client, settings.version, next);
  return next;
}

const sameRules = (a: ReminderInput, b: ReminderSettings) =>
  a.timeZone === b.timeZone &&
  a.afterSessionTime === b.afterSessionTime &&
  a.email === b.email &&
  JSON.stringify(a.weekly) === JSON.stringify(b.weekly);

async function store(tx: DbOrTx, actor: Actor, input: ReminderInput, request: RequestContext, via: 'form' | 'one_click', now: Date) {
  const values = { timeZone: input.timeZone, afterSessionTime: input.afterSessionTime, weekly: input.weekly, email: input.email, updatedAt: now };
  const [row] = await tx
    .insert(reminderSettings)
    .values({ clientId: actor.id, practiceId: actor.practiceId, ...values })
    .onConflictDoUpdate({ target: reminderSettings.clientId, set: { ...values, version: sql`${reminderSettings.version} + 1` } })
    .returning({ version: reminderSettings.version });
  await audit(tx, actor, request, 'reminders.settings_changed', {
    subjectType: 'user',
    subjectId: actor.id,
    metadata: {
      via,
      afterSession: input.afterSessionTime,
      weeklyDays: input.weekly ? input.weekly.days.join(',') : null,
      weeklyTime: input.weekly?.time ?? null,
      email: input.email,
      timeZone: input.timeZone,
    },
  });
  return queueNext(tx, actor, { ...input, version: row.version }, now);
}

/** Saves the client's own reminder settings (a new version) and queues the first reminder of the new schedule. */
export function saveReminderSettings(db: Db, actor: Actor, input: ReminderInput, request: RequestContext, now = new Date()): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    const current = await reminderSettingsOf(tx, actor, { lock: true });
    if (current && sameRules(input, current)) return { status: 'unchanged', next: null };
    return { status: 'saved', next: await store(tx, actor, input, request, 'form', now) };
  });
}

export type SetUpResult = { status: 'saved'; next: Date | null } | { status: 'not-offered' };

/**
 * The one-click set-up offered after a discussion that chose journaling or reminders instead of recording: the
 * evening after each session at 19:00 in `timeZone`, no email. Only while it is offered (never over settings the
 * client made, or turned off, themselves).
 */
export function setUpFromAlternative(db: Db, actor: Actor, input: { timeZone: string }, request: RequestContext, now = new Date()): Promise<SetUpResult> {
  return db.transaction(async (tx) => {
    await reminderSettingsOf(tx, actor, { lock: true });
    if (!(await offersOneClickSetUp(tx, actor))) return { status: 'not-offered' };
    const next = await store(tx, actor, { timeZone: input.timeZone, afterSessionTime: PRESET_TIME, weekly: null, email: false }, request, 'one_click', now);
    return { status: 'saved', next };
  });
}

export type DeliveryOutcome = 'sent' | 'caught-up' | 'skipped' | 'stale' | 'stopped';

/**
 * Runs one queued reminder. Nothing is sent when the settings have changed since it was queued (stale) or the client
 * can no longer get reminders (care ended, account closed: the chain stops). Otherwise the schedule decides: send it,
 * or, after downtime, leave it to the latest reminder due (queued here if it was not), so one catch-up goes out and
 * never a burst. The settings row is locked, so deliveries and saves of one client happen one at a time.
 */
export function deliverReminder(db: Db, payload: JobPayloads['reminders.deliver'], now = new Date()): Promise<DeliveryOutcome> {
  return db.transaction(async (tx) => {
    const client = await clientOfSettings(tx, payload.clientId);
    if (!client) return 'stale';
    const settings = await reminderSettingsOf(tx, client, { lock: true });
    if (!settings || settings.version !== payload.version) return 'stale';
    if (!(await remindable(tx, client))) return 'stopped';
    const at = new Date(payload.at);
    const ends = await sessionEndsAround(tx, client.id, at, new Date(Math.max(now.getTime(), at.getTime()) + LOOK_AHEAD_MS));
    const decision = decideDelivery(settings, ends, at, now);
    if (decision.action === 'catch-up') {
      await queueDelivery(tx, client, settings.version, decision.latest);
      return 'caught-up';
    }
    if (decision.action === 'send') {
      await notify(tx, client.practiceId, [client.id], 'reminders.reflect', null, { email: settings.email ? 'preference' : 'never' });
      await audit(tx, { id: null, practiceId: client.practiceId }, SYSTEM_CONTEXT, 'reminders.delivered', {
        subjectType: 'user',
        subjectId: client.id,
        metadata: { kind: 'reflect', minutesLate: Math.max(0, Math.round((now.getTime() - at.getTime()) / 60_000)) },
      });
    }
    const next = nextOccurrence(settings, ends, new Date(Math.max(now.getTime(), at.getTime())));
    if (next) await queueDelivery(tx, client, settings.version, next);
    return decision.action === 'send' ? 'sent' : 'skipped';
  });
}

async function clientOfSettings(tx: DbOrTx, clientId: string): Promise<Client | null> {
  const [row] = await tx.select({ id: reminderSettings.clientId, practiceId: reminderSettings.practiceId }).from(reminderSettings).where(eq(reminderSettings.clientId, clientId));
  return row ?? null;
}

/**
 * The recurring check: every client who can get reminders has their next one queued. New sessions get their evening
 * reminder this way, and a chain that stopped (care ended, then resumed) starts again. The job keys make it
 * idempotent. Returns how many reminders it queued.
 */
export async function sweepReminders(db: Db, now = new Date()) {
  const clients = (await remindableClients(db)).filter(({ settings }) => hasAnyRule(settings));
  const ends = await sessionEndsOf(
    db,
    clients.map(({ clientId }) => clientId),
    { from: new Date(now.getTime() - SESSION_LOOK_BACK_MS), to: new Date(now.getTime() + LOOK_AHEAD_MS) },
  );
  let queued = 0;
  for (const { clientId, practiceId, settings } of clients) {
    const next = nextOccurrence(settings, ends.get(clientId) ?? [], now);
    if (!next) continue;
    const id = await enqueue(db, 'reminders.deliver', { clientId, version: settings.version, at: next.toISOString() }, { key: deliveryKey(clientId, settings.version, next), runAt: next, practiceId });
    if (id !== null) queued += 1;
  }
  return { queued };
}

// ---------------------------------------------------------------------------------------------------------------------
// One-off deliveries for other features (the companion's follow-up episodes)

export interface OneOffDelivery {
  clientId: string;
  practiceId: string;
  /** When it is due; one due while the server was down goes out once when it is back. */
  at: Date;
  /** Unique to what is delivered (say `companion.episode:<episodeId>`): scheduling it again does nothing. */
  key: string;
  /** The notification sent, with its neutral words and link from the catalogue. */
  notification: NotificationKind;
  subjectId: string | null;
}

/**
 * Schedules one notification to a client at a set time, in the caller's transaction, through the reminders' durable
 * jobs: sent once when due if the client is still in open care (else dropped), e-mailed as their notification
 * preference says. Returns the job's id, or null when one with this key was already scheduled.
 */
export function scheduleOneOff(tx: DbOrTx, delivery: OneOffDelivery): Promise<number | null> {
  const { clientId, practiceId, notification, subjectId } = delivery;
  return enqueue(tx, 'reminders.one_off', { clientId, practiceId, notification, subjectId }, { key: `reminders.one_off:${delivery.key}`, runAt: delivery.at, practiceId });
}

/** Runs a one-off delivery: the notification, if the client can still get it. */
export function deliverOneOff(db: Db, payload: JobPayloads['reminders.one_off']): Promise<'sent' | 'stopped'> {
  return db.transaction(async (tx) => {
    const client = { id: payload.clientId, practiceId: payload.practiceId };
    if (!(await remindable(tx, client))) return 'stopped';
    await notify(tx, client.practiceId, [client.id], payload.notification, payload.subjectId);
    await audit(tx, { id: null, practiceId: client.practiceId }, SYSTEM_CONTEXT, 'reminders.delivered', {
      subjectType: 'user',
      subjectId: client.id,
      metadata: { kind: payload.notification },
    });
    return 'sent';
  });
}
