import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { appointments, jobs } from '@/db/schema';
import { answerSession, sweepConsent, withdrawAgreement } from '@/lib/consent/commands';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { jobHandlers, recurringJobs } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { activeAgreement, addSession, auditOf, consentPractice, notificationsOf, requestRow, TERMS } from './consent-fixtures';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe.each(testDatabases)('recording consent: what Hearth does by itself on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
  });
  afterAll(() => handle?.close());
  // Each test's sweep and jobs see only its own agreements' reminders.
  beforeEach(async () => {
    await db.delete(jobs);
  });

  const kinds = async (person: { id: string }) => (await notificationsOf(db, person)).map((n) => [n.kind, n.subjectId]);
  const consentJobs = () => db.select().from(jobs).where(like(jobs.kind, 'consent.%'));

  it('asks "still OK to record?" before each covered session and says when an agreement ends in 7 days, each once; then ends it', async () => {
    const p = await consentPractice(db);
    const soon = await addSession(db, p, 0.5);
    const later = await addSession(db, p, 3);
    const requestId = await activeAgreement(db, p, { ...TERMS, sessions: { kind: 'next_n', count: 2 } });

    const now = new Date();
    await sweepConsent(db, now);
    const queued = (await consentJobs()).map((job) => [job.kind, job.key]);
    expect(queued.sort()).toEqual(
      [
        ['consent.ending_soon', `consent.ending_soon:${requestId}`],
        ['consent.session_check', `consent.session_check:${requestId}:${soon.id}`],
      ].sort(),
    );
    // A second sweep queues nothing new.
    await sweepConsent(db, new Date(now.getTime() + 5 * 60 * 1000));
    expect(await consentJobs()).toHaveLength(2);

    await runDueJobs(db, { handlers: jobHandlers });
    expect(await kinds(p.client)).toEqual(expect.arrayContaining([['consent.session_check', soon.id], ['consent.ending_soon', requestId]]));
    expect(await kinds(p.therapist)).toEqual(expect.arrayContaining([['consent.ending_soon', requestId]]));

    // After the second covered session, the agreement ends by itself.
    await sweepConsent(db, new Date(later.startsAt.getTime() + 2 * HOUR));
    const row = await requestRow(db, requestId);
    expect(row.state).toBe('ended');
    const audit = (await auditOf(db, requestId)).find((event) => event.action === 'consent.ended');
    expect(audit).toMatchObject({ actorId: null, outcome: 'success', metadata: { reason: 'session_count', fromState: 'active' } });
    expect((await kinds(p.client)).map(([kind]) => kind)).toContain('consent.ended');
  });

  it('does not ask about a session already answered, nor send a reminder once the agreement is gone', async () => {
    const p = await consentPractice(db);
    const soon = await addSession(db, p, 0.5);
    const requestId = await activeAgreement(db, p);
    await answerSession(db, p.actors.client, { requestId, appointmentId: soon.id, answer: 'yes' }, testContext());
    await sweepConsent(db);
    expect(await consentJobs()).toEqual([]);

    // Queued, then withdrawn before it ran: nobody is asked.
    await db.delete(jobs);
    const other = await addSession(db, p, 0.6);
    await sweepConsent(db);
    expect((await consentJobs()).map((job) => job.key)).toEqual([`consent.session_check:${requestId}:${other.id}`]);
    await withdrawAgreement(db, p.actors.client, { requestId }, testContext());
    await runDueJobs(db, { handlers: jobHandlers });
    expect((await kinds(p.client)).map(([kind]) => kind)).not.toContain('consent.session_check');
  });

  it('ends an agreement whose chosen sessions were all cancelled, and never ends "every session from a date" by itself', async () => {
    const p = await consentPractice(db);
    const chosen = await addSession(db, p, 2);
    const requestId = await activeAgreement(db, p, { ...TERMS, sessions: { kind: 'chosen', appointmentIds: [chosen.id] } });
    await db.update(appointments).set({ status: 'cancelled', cancelledAt: new Date() }).where(eq(appointments.id, chosen.id));
    await sweepConsent(db);
    expect((await requestRow(db, requestId)).state).toBe('ended');

    const q = await consentPractice(db);
    await addSession(db, q, -2);
    const open = await activeAgreement(db, q);
    await sweepConsent(db, new Date(Date.now() + 400 * DAY));
    expect((await requestRow(db, open)).state).toBe('active');
  });

  it('runs the sweep as a recurring job', async () => {
    const p = await consentPractice(db);
    const chosen = await addSession(db, p, 1);
    const requestId = await activeAgreement(db, p, { ...TERMS, sessions: { kind: 'chosen', appointmentIds: [chosen.id] } });
    await db.update(appointments).set({ status: 'cancelled', cancelledAt: new Date() }).where(eq(appointments.id, chosen.id));
    await runDueJobs(db, { handlers: jobHandlers, recurring: recurringJobs });
    const [sweep] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'consent.sweep'), eq(jobs.state, 'done')));
    expect(sweep.key).toMatch(/^recurring:consent-sweep:/);
    expect((await requestRow(db, requestId)).state).toBe('ended');
  });
});
