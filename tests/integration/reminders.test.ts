import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { appointments, auditEvents, careRelationships, jobs, notificationPreferences, notifications, outboxMessages, reminderSettings } from '@/db/schema';
import { declineRecording } from '@/lib/consent/commands';
import { chosenAlternativesOf } from '@/lib/consent/queries';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import type { Actor } from '@/lib/platform/actor';
import { deliverReminder, type ReminderInput, saveReminderSettings, scheduleOneOff, setUpFromAlternative, sweepReminders } from '@/lib/reminders/commands';
import { offersOneClickSetUp, reminderSettingsOf } from '@/lib/reminders/queries';
import { jobHandlers } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { createAppointment, createPracticeWithPeople, type PracticeWithPeople } from '../helpers/factories';
import { consentPractice, open } from './consent-fixtures';

const MINUTE = 60 * 1000;
// Monday 10 June 2030, noon UTC (13:00 in London, BST).
const MONDAY_NOON = new Date('2030-06-10T12:00:00Z');
const at = (iso: string) => new Date(iso);

// The jobs as the worker runs them, with mail delivery left out (the outbox row is what these tests read).
const handlers = { ...jobHandlers, 'mail.deliver': async () => {} };

const EVENINGS: Omit<ReminderInput, 'timeZone'> = { afterSessionTime: '19:00', weekly: null, email: false };

describe.each(testDatabases)('reflection reminders on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
  });
  afterAll(() => handle?.close());
  // Each test's worker runs see only its own reminders.
  beforeEach(async () => {
    await db.delete(jobs);
  });

  /** One pass of a worker whose clock reads `clock`. */
  const runAt = (clock: Date, workerId?: string) => runDueJobs(db, { handlers, clock: () => clock, workerId });
  const actorOf = (p: PracticeWithPeople, timeZone = p.practice.timeZone): Actor => ({ id: p.client.id, practiceId: p.practice.id, role: 'client', timeZone });
  const reminderJobs = (clientId: string) =>
    db.select().from(jobs).where(like(jobs.key, `reminders.deliver:${clientId}:%`)).orderBy(asc(jobs.runAt), asc(jobs.id));
  const reflections = (clientId: string) =>
    db.select().from(notifications).where(and(eq(notifications.userId, clientId), eq(notifications.kind, 'reminders.reflect')));
  const auditOf = (clientId: string, action: string) =>
    db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, clientId), eq(auditEvents.action, action))).orderBy(asc(auditEvents.id));
  /** A session of the client with their therapist: `startsAt`, 50 minutes. */
  const session = (p: PracticeWithPeople, startsAt: string) => createAppointment(db, { care: p.care.client, client: p.client, therapist: p.therapist, startsAt: at(startsAt) });
  const save = (p: PracticeWithPeople, input: Partial<ReminderInput> = {}, now = MONDAY_NOON) =>
    saveReminderSettings(db, actorOf(p), { timeZone: 'Europe/London', ...EVENINGS, ...input }, testContext(), now);

  it('saves the settings as a new version, audited, and queues the first reminder under its key', async () => {
    const p = await createPracticeWithPeople(db);
    await session(p, '2030-06-10T09:00:00Z'); // ends 10:50 BST: the evening after is 19:00 BST, 18:00 UTC

    expect(await save(p)).toEqual({ status: 'saved', next: at('2030-06-10T18:00:00Z') });
    expect(await reminderSettingsOf(db, actorOf(p))).toEqual({ timeZone: 'Europe/London', ...EVENINGS, version: 1 });
    expect((await reminderJobs(p.client.id)).map((job) => [job.key, job.runAt.toISOString(), job.payload])).toEqual([
      [`reminders.deliver:${p.client.id}:1:2030-06-10T18:00:00.000Z`, '2030-06-10T18:00:00.000Z', { clientId: p.client.id, version: 1, at: '2030-06-10T18:00:00.000Z' }],
    ]);
    const [changed] = await auditOf(p.client.id, 'reminders.settings_changed');
    expect(changed).toMatchObject({ actorId: p.client.id, practiceId: p.practice.id, subjectType: 'user', outcome: 'success' });
    expect(changed.metadata).toMatchObject({ via: 'form', afterSession: '19:00', weeklyDays: null, email: false, timeZone: 'Europe/London' });

    // The same again changes nothing; anything else is the next version.
    expect((await save(p)).status).toBe('unchanged');
    expect((await save(p, { weekly: { days: [2, 4], time: '08:30' } })).next).toEqual(at('2030-06-10T18:00:00Z'));
    expect((await reminderSettingsOf(db, actorOf(p)))?.version).toBe(2);
    expect(await auditOf(p.client.id, 'reminders.settings_changed')).toHaveLength(2);
  });

  it('delivers a reminder once with two workers running at once, and queues the next', async () => {
    const p = await createPracticeWithPeople(db);
    await session(p, '2030-06-10T09:00:00Z');
    await session(p, '2030-06-12T09:00:00Z');
    await save(p);

    const due = at('2030-06-10T18:00:30Z');
    await Promise.all([runAt(due, 'worker-a'), runAt(due, 'worker-b')]);
    expect(await reflections(p.client.id)).toHaveLength(1);
    const delivered = await auditOf(p.client.id, 'reminders.delivered');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ actorId: null, practiceId: p.practice.id, outcome: 'success', metadata: { kind: 'reflect', minutesLate: 1 } });
    expect((await reminderJobs(p.client.id)).map((job) => [job.runAt.toISOString(), job.state])).toEqual([
      ['2030-06-10T18:00:00.000Z', 'done'],
      ['2030-06-12T18:00:00.000Z', 'queued'],
    ]);
    // Running again, even twice more, sends nothing new before the next one is due.
    await Promise.all([runAt(due, 'worker-a'), runAt(due, 'worker-b')]);
    expect(await reflections(p.client.id)).toHaveLength(1);
  });

  it('sends one catch-up, not a burst, for reminders missed while the server was down', async () => {
    const p = await createPracticeWithPeople(db);
    // Every day at 08:00 in London (07:00 UTC).
    expect((await save(p, { afterSessionTime: null, weekly: { days: [1, 2, 3, 4, 5, 6, 7], time: '08:00' } })).next).toEqual(at('2030-06-11T07:00:00Z'));

    // Back on Friday at 11:00 UTC: Tuesday's, Wednesday's, Thursday's and Friday's were all missed.
    const back = at('2030-06-14T11:00:00Z');
    await runAt(back);
    expect(await reflections(p.client.id)).toHaveLength(1);
    expect(await auditOf(p.client.id, 'reminders.delivered')).toHaveLength(1);
    const queued = (await reminderJobs(p.client.id)).filter((job) => job.state === 'queued');
    expect(queued.map((job) => job.runAt.toISOString())).toEqual(['2030-06-15T07:00:00.000Z']);
    // The worker coming round again sends nothing more.
    await runAt(new Date(back.getTime() + MINUTE));
    expect(await reflections(p.client.id)).toHaveLength(1);
  });

  it('stops when care ends: nothing is sent, nothing more queued, and the sweep queues none', async () => {
    const p = await createPracticeWithPeople(db);
    await session(p, '2030-06-10T09:00:00Z');
    await save(p);
    await db.update(careRelationships).set({ endedOn: '2030-06-10' }).where(eq(careRelationships.id, p.care.client.id));

    await runAt(at('2030-06-10T18:01:00Z'));
    expect(await reflections(p.client.id)).toEqual([]);
    expect((await reminderJobs(p.client.id)).map((job) => job.state)).toEqual(['done']);
    await sweepReminders(db, at('2030-06-10T18:05:00Z'));
    expect((await reminderJobs(p.client.id)).map((job) => job.state)).toEqual(['done']);
  });

  it('leaves a reminder of older settings undelivered: only the current version’s are sent', async () => {
    const p = await createPracticeWithPeople(db);
    await session(p, '2030-06-10T09:00:00Z');
    await save(p);
    // An hour later in the evening, before the first one is due.
    await save(p, { afterSessionTime: '20:00' }, at('2030-06-10T13:00:00Z'));
    expect((await reminderJobs(p.client.id)).map((job) => job.key)).toEqual([
      `reminders.deliver:${p.client.id}:1:2030-06-10T18:00:00.000Z`,
      `reminders.deliver:${p.client.id}:2:2030-06-10T19:00:00.000Z`,
    ]);

    await runAt(at('2030-06-10T18:00:30Z'));
    expect(await reflections(p.client.id)).toEqual([]);
    expect(await deliverReminder(db, { clientId: p.client.id, version: 1, at: '2030-06-10T18:00:00.000Z' }, at('2030-06-10T18:00:30Z'))).toBe('stale');
    await runAt(at('2030-06-10T19:00:30Z'));
    expect(await reflections(p.client.id)).toHaveLength(1);
  });

  it('skips the evening of a session cancelled after its reminder was queued', async () => {
    const p = await createPracticeWithPeople(db);
    const cancelled = await session(p, '2030-06-10T09:00:00Z');
    await save(p);
    await db.update(appointments).set({ status: 'cancelled', cancelledAt: MONDAY_NOON }).where(eq(appointments.id, cancelled.id));
    await runAt(at('2030-06-10T18:00:30Z'));
    expect(await reflections(p.client.id)).toEqual([]);
  });

  it('gives a session added later its evening reminder through the sweep, queued once', async () => {
    const p = await createPracticeWithPeople(db);
    expect((await save(p)).next).toBeNull();
    expect(await reminderJobs(p.client.id)).toEqual([]);

    await session(p, '2030-06-11T15:00:00Z');
    await sweepReminders(db, MONDAY_NOON);
    await sweepReminders(db, new Date(MONDAY_NOON.getTime() + 15 * MINUTE));
    expect((await reminderJobs(p.client.id)).map((job) => job.key)).toEqual([`reminders.deliver:${p.client.id}:1:2030-06-11T18:00:00.000Z`]);
  });

  it('emails only when the reminder asks for it and the client takes notification emails', async () => {
    const p = await createPracticeWithPeople(db);
    await session(p, '2030-06-10T09:00:00Z');
    await db.insert(notificationPreferences).values({ userId: p.client.id, email: true });
    const mailsToClient = () => db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, p.client.email));

    await save(p);
    await runAt(at('2030-06-10T18:00:30Z'));
    expect(await reflections(p.client.id)).toHaveLength(1);
    expect(await mailsToClient()).toEqual([]);

    await session(p, '2030-06-11T09:00:00Z');
    await save(p, { email: true }, at('2030-06-10T20:00:00Z'));
    await runAt(at('2030-06-11T18:00:30Z'));
    expect(await reflections(p.client.id)).toHaveLength(2);
    const mails = await mailsToClient();
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('You have a new notification in Hearth');
  });

  it('offers the one-click set-up after a declined discussion that chose journaling, and sets it up once', async () => {
    const p = await consentPractice(db);
    const client: Actor = p.actors.client;
    expect(await offersOneClickSetUp(db, client)).toBe(false);
    const requestId = await open(db, p);
    expect((await declineRecording(db, client, { requestId, alternatives: ['journaling', 'own_notes'] }, testContext())).status).toBe('saved');
    expect(await chosenAlternativesOf(db, client)).toEqual(['journaling', 'own_notes']);
    expect(await offersOneClickSetUp(db, client)).toBe(true);

    const result = await setUpFromAlternative(db, client, { timeZone: client.timeZone }, testContext(), MONDAY_NOON);
    expect(result.status).toBe('saved');
    expect(await reminderSettingsOf(db, client)).toEqual({ timeZone: p.practice.timeZone, afterSessionTime: '19:00', weekly: null, email: false, version: 1 });
    const [changed] = await auditOf(client.id, 'reminders.settings_changed');
    expect(changed.metadata).toMatchObject({ via: 'one_click', afterSession: '19:00', email: false });

    // Offered no more, and a second click changes nothing.
    expect(await offersOneClickSetUp(db, client)).toBe(false);
    expect(await setUpFromAlternative(db, client, { timeZone: 'UTC' }, testContext(), MONDAY_NOON)).toEqual({ status: 'not-offered' });
    expect((await reminderSettingsOf(db, client))?.version).toBe(1);
  });

  it('does not offer it when only other alternatives were chosen, nor to anyone else', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p);
    await declineRecording(db, p.actors.client, { requestId, alternatives: ['therapist_summaries'] }, testContext());
    expect(await offersOneClickSetUp(db, p.actors.client)).toBe(false);
    expect(await setUpFromAlternative(db, p.actors.client, { timeZone: 'UTC' }, testContext())).toEqual({ status: 'not-offered' });
    expect(await offersOneClickSetUp(db, p.actors.otherClient)).toBe(false);
    expect(await db.select().from(reminderSettings).where(eq(reminderSettings.clientId, p.client.id))).toEqual([]);
  });

  it('delivers a one-off scheduled by another feature once, while care is open', async () => {
    const p = await createPracticeWithPeople(db);
    const delivery = { clientId: p.client.id, practiceId: p.practice.id, at: at('2030-06-13T09:00:00Z'), key: 'test:episode-1', notification: 'reminders.reflect' as const, subjectId: null };
    expect(await db.transaction((tx) => scheduleOneOff(tx, delivery))).not.toBeNull();
    expect(await db.transaction((tx) => scheduleOneOff(tx, delivery))).toBeNull();

    await runAt(at('2030-06-13T08:59:00Z'));
    expect(await reflections(p.client.id)).toEqual([]);
    await Promise.all([runAt(at('2030-06-13T09:00:00Z'), 'a'), runAt(at('2030-06-13T09:00:00Z'), 'b')]);
    expect(await reflections(p.client.id)).toHaveLength(1);
    expect((await auditOf(p.client.id, 'reminders.delivered'))[0].metadata).toEqual({ kind: 'reminders.reflect' });

    // After care ends, a one-off due later is dropped.
    await db.transaction((tx) => scheduleOneOff(tx, { ...delivery, key: 'test:episode-2', at: at('2030-06-14T09:00:00Z') }));
    await db.update(careRelationships).set({ endedOn: '2030-06-13' }).where(eq(careRelationships.id, p.care.client.id));
    await runAt(at('2030-06-14T09:00:00Z'));
    expect(await reflections(p.client.id)).toHaveLength(1);
  });
});
