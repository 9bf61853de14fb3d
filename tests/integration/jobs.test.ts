import { and, eq, like } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { auditEvents, jobs, practices, users } from '@/db/schema';
import { retryJob } from '@/lib/jobs/commands';
import { failedJobsOf } from '@/lib/jobs/queries';
import type { Actor } from '@/lib/platform/actor';
import { claimDueJobs, completeJob, enqueue, JobError, LEASE_EXPIRED } from '@/lib/platform/jobs/queue';
import { runDueJobs, type JobHandler, type JobHandlers, type RecurringJob } from '@/lib/platform/jobs/worker';
import { jobHandlers } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { databasesWithPool, useFreshDatabase } from '../helpers/database';
import { seedDemoWithIds } from '../helpers/demo';

const SECOND = 1000;
const LEASE_MS = 60 * SECOND;

// Several connections, so concurrent workers on PostgreSQL really claim side by side.
describe.each(databasesWithPool(8))('durable jobs on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  let admin: Actor;
  let otherAdmin: Actor;

  /** Runs per job id, and which worker ran each. The test kind is the purge job with this handler instead. */
  let runs: Map<number, string[]>;
  let behaviour: JobHandler<'maintenance.purge'>;
  const handlers: JobHandlers = {
    ...jobHandlers,
    'maintenance.purge': (payload, context) => {
      runs.set(context.job.id, [...(runs.get(context.job.id) ?? []), context.job.lockedBy ?? '?']);
      return behaviour(payload, context);
    },
  };
  const runsOf = (id: number | null) => runs.get(id!)?.length ?? 0;
  const jobById = async (id: number | null) => (await db.select().from(jobs).where(eq(jobs.id, id!)))[0];
  const at = (base: Date, ms: number) => () => new Date(base.getTime() + ms);
  const work = (clock: () => Date, workerId = 'worker-a', extra: { recurring?: readonly RecurringJob[]; batchSize?: number } = {}) =>
    runDueJobs(db, { handlers, clock, workerId, leaseMs: LEASE_MS, ...extra });

  async function adminOf(email: string): Promise<Actor> {
    const [row] = await db
      .select({ id: users.id, practiceId: users.practiceId, role: users.role, timeZone: practices.timeZone })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId))
      .where(eq(users.email, email));
    return row;
  }

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
    await seedDemoWithIds(db);
    admin = await adminOf('admin@demo.test');
    otherAdmin = await adminOf('admin@harbor.test');
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    // Each test starts from an empty queue, so no job of an earlier test is claimed here.
    await db.delete(jobs);
    runs = new Map();
    behaviour = async () => {};
  });
  afterEach(() => vi.restoreAllMocks());

  it('never runs a job enqueued in a transaction that rolled back', async () => {
    const t0 = new Date();
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, 'maintenance.purge', {}, { key: 'rolled-back', runAt: t0 });
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    expect(await work(at(t0, 0))).toBe(0);
    expect(runs.size).toBe(0);
    expect(await db.select().from(jobs).where(eq(jobs.key, 'rolled-back'))).toHaveLength(0);
  });

  it('runs a committed job once, then keeps it as done', async () => {
    const t0 = new Date();
    const id = await db.transaction((tx) => enqueue(tx, 'maintenance.purge', {}, { runAt: t0 }));
    expect(await work(at(t0, -SECOND))).toBe(0);
    expect(await work(at(t0, 0))).toBe(1);
    expect(await work(at(t0, SECOND))).toBe(0);
    expect(runsOf(id)).toBe(1);
    expect(await jobById(id)).toMatchObject({ state: 'done', attempts: 1, leaseUntil: null, lastError: null });
  });

  it('runs a job again when its worker died mid-run, once the lease has run out and not before', async () => {
    const t0 = new Date();
    const id = await enqueue(db, 'maintenance.purge', {}, { runAt: t0 });
    // A worker claims the job and dies: it never completes nor fails it.
    const [claimed] = await claimDueJobs(db, 'worker-that-died', { limit: 10, leaseMs: LEASE_MS, now: t0 });
    expect(claimed).toMatchObject({ id, state: 'running', attempts: 1, lockedBy: 'worker-that-died' });

    expect(await work(at(t0, LEASE_MS - SECOND), 'worker-b')).toBe(0);
    expect(runsOf(id)).toBe(0);
    expect(await work(at(t0, LEASE_MS + SECOND), 'worker-b')).toBe(1);
    expect(runs.get(id!)).toEqual(['worker-b']);
    expect(await jobById(id)).toMatchObject({ state: 'done', attempts: 2, lockedBy: 'worker-b' });

    // Should the first worker come back after all, its claim no longer stands.
    expect(await completeJob(db, claimed, 'worker-that-died', at(t0, 2 * LEASE_MS)())).toBe(false);
  });

  it('fails a job for good when its worker dies on every attempt, instead of claiming it for ever', async () => {
    const t0 = new Date();
    const id = await enqueue(db, 'maintenance.purge', {}, { runAt: t0, maxAttempts: 3 });
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await claimDueJobs(db, `doomed-${attempt}`, { limit: 10, leaseMs: LEASE_MS, now: at(t0, attempt * 2 * LEASE_MS)() });
      expect(claimed.map((job) => job.id)).toEqual([id]);
    }
    expect(await work(at(t0, 7 * LEASE_MS))).toBe(0);
    expect(runsOf(id)).toBe(0);
    expect(await jobById(id)).toMatchObject({ state: 'failed', attempts: 3, lastError: LEASE_EXPIRED });
  });

  it('never runs one job twice with several workers claiming at once', async () => {
    const t0 = new Date();
    const count = 120;
    const ids = await db.transaction(async (tx) => {
      const created: number[] = [];
      for (let i = 0; i < count; i++) created.push((await enqueue(tx, 'maintenance.purge', {}, { runAt: t0 }))!);
      return created;
    });
    // Each run does a round trip, so the workers' claims and runs interleave.
    behaviour = async (_payload, { db: jobDb }) => {
      await jobDb.select({ id: jobs.id }).from(jobs).limit(1);
    };
    const workers = ['w1', 'w2', 'w3', 'w4'];
    const ran = await Promise.all(workers.map((workerId) => work(at(t0, 0), workerId, { batchSize: 3 })));

    expect(ran.reduce((sum, n) => sum + n, 0)).toBe(count);
    expect(ids.map(runsOf)).toEqual(ids.map(() => 1));
    const rows = await db.select().from(jobs);
    expect(rows.every((row) => row.state === 'done' && row.attempts === 1)).toBe(true);
    // The test means something only if the work was shared.
    expect(new Set([...runs.values()].flat()).size).toBeGreaterThan(1);
  });

  it('queues a job with a key once, however often and however concurrently it is enqueued', async () => {
    const t0 = new Date();
    const first = await enqueue(db, 'maintenance.purge', {}, { key: 'only-once', runAt: t0 });
    expect(first).not.toBeNull();
    const again = await Promise.all(
      Array.from({ length: 4 }, () => db.transaction((tx) => enqueue(tx, 'maintenance.purge', {}, { key: 'only-once', runAt: t0 }))),
    );
    expect(again).toEqual([null, null, null, null]);
    expect(await work(at(t0, 0))).toBe(1);
    // Done, the key still stands: the same job is not queued a second time.
    expect(await enqueue(db, 'maintenance.purge', {}, { key: 'only-once', runAt: t0 })).toBeNull();
    expect(await work(at(t0, SECOND))).toBe(0);
    expect(await db.select().from(jobs).where(eq(jobs.key, 'only-once'))).toHaveLength(1);
  });

  it('retries with backoff, then fails for good after its last attempt, recording no message text', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const t0 = new Date();
    behaviour = async () => {
      throw Object.assign(new Error('could not reach jane.doe@example.test about her diagnosis'), { code: 'ECONNREFUSED' });
    };
    const id = await enqueue(db, 'maintenance.purge', {}, { runAt: t0, maxAttempts: 3, practiceId: admin.practiceId });

    expect(await work(at(t0, 0))).toBe(1);
    expect(await jobById(id)).toMatchObject({ state: 'queued', attempts: 1, runAt: new Date(t0.getTime() + 10 * SECOND), lastError: 'Error (ECONNREFUSED)' });
    expect(await work(at(t0, 10 * SECOND - 1))).toBe(0);
    expect(await work(at(t0, 10 * SECOND))).toBe(1);
    expect(await jobById(id)).toMatchObject({ state: 'queued', attempts: 2, runAt: new Date(t0.getTime() + 30 * SECOND) });
    expect(await work(at(t0, 30 * SECOND))).toBe(1);
    const failed = await jobById(id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, finishedAt: new Date(t0.getTime() + 30 * SECOND), leaseUntil: null, lastError: 'Error (ECONNREFUSED)' });
    expect(await work(at(t0, 24 * 60 * 60 * SECOND))).toBe(0);
    expect(runsOf(id)).toBe(3);

    const logged = errors.mock.calls.flat().join(' ');
    expect(errors).toHaveBeenCalledTimes(3);
    expect(logged).not.toMatch(/jane|example\.test|diagnosis/);
    expect(JSON.stringify(failed)).not.toMatch(/jane|example\.test|diagnosis/);
  });

  it('records only code-chosen words for a failure: a JobError’s message, never a code that is not an identifier', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const t0 = new Date();
    const errors = [new JobError('Mail server refused the message'), Object.assign(new TypeError('x'), { code: 'see jane@example.test' }), 'a thrown string'];
    let next = 0;
    behaviour = async () => {
      throw errors[next++];
    };
    const ids: (number | null)[] = [];
    for (let i = 0; i < errors.length; i++) ids.push(await enqueue(db, 'maintenance.purge', {}, { runAt: new Date(t0.getTime() + i), maxAttempts: 1 }));
    await work(at(t0, SECOND), 'worker-a', { batchSize: 1 });
    expect(await Promise.all(ids.map(async (id) => (await jobById(id)).lastError))).toEqual(['Mail server refused the message', 'TypeError', 'string']);
  });

  it('queues a recurring job once per period, however many workers schedule it', async () => {
    const sweep: RecurringJob = { name: 'test-sweep', everyMs: 60 * SECOND, kind: 'maintenance.purge', payload: {} };
    const periodStart = new Date(Math.floor(Date.now() / sweep.everyMs) * sweep.everyMs);
    const workers = ['w1', 'w2', 'w3', 'w4'];
    const pass = (offset: number) => Promise.all(workers.map((workerId) => work(at(periodStart, offset), workerId, { recurring: [sweep] })));

    await pass(SECOND);
    await pass(30 * SECOND);
    const firstPeriod = await db.select().from(jobs).where(like(jobs.key, 'recurring:test-sweep:%'));
    expect(firstPeriod).toHaveLength(1);
    expect(firstPeriod[0]).toMatchObject({ state: 'done', attempts: 1, runAt: periodStart });

    await pass(61 * SECOND);
    const twoPeriods = await db.select().from(jobs).where(like(jobs.key, 'recurring:test-sweep:%'));
    expect(twoPeriods).toHaveLength(2);
    expect([...runs.values()].flat()).toHaveLength(2);
  });

  describe('failed jobs for admins', () => {
    async function failedJob(practiceId: string) {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const t0 = new Date();
      behaviour = async () => {
        throw new JobError('Test failure');
      };
      const id = await enqueue(db, 'maintenance.purge', {}, { runAt: t0, maxAttempts: 1, practiceId });
      await work(at(t0, 0));
      return id!;
    }

    it('lists the practice’s failed jobs only', async () => {
      const mine = await failedJob(admin.practiceId);
      const theirs = await failedJob(otherAdmin.practiceId);
      const listed = await failedJobsOf(db, admin.practiceId);
      expect(listed.map((job) => job.id)).toEqual([mine]);
      expect(listed[0]).toMatchObject({ kind: 'maintenance.purge', attempts: 1, lastError: 'Test failure' });
      expect((await failedJobsOf(db, otherAdmin.practiceId)).map((job) => job.id)).toEqual([theirs]);
    });

    it('retries a failed job of the admin’s practice, audited; another practice’s is not found and stays failed', async () => {
      const id = await failedJob(admin.practiceId);
      expect(await retryJob(db, otherAdmin, { jobId: id }, testContext())).toEqual({ status: 'not-found' });
      expect(await jobById(id)).toMatchObject({ state: 'failed' });

      const t1 = new Date();
      expect(await retryJob(db, admin, { jobId: id }, testContext(), t1)).toEqual({ status: 'retried', kind: 'maintenance.purge' });
      expect(await jobById(id)).toMatchObject({ state: 'queued', attempts: 0, runAt: t1, finishedAt: null });
      const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'job.retried'), eq(auditEvents.subjectId, String(id))));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ practiceId: admin.practiceId, actorId: admin.id, subjectType: 'job', metadata: { kind: 'maintenance.purge' } });

      behaviour = async () => {};
      expect(await work(at(t1, 0))).toBe(1);
      expect(await jobById(id)).toMatchObject({ state: 'done', attempts: 1, lastError: null });
      // Done, it is no longer a failed job to retry.
      expect(await retryJob(db, admin, { jobId: id }, testContext())).toEqual({ status: 'not-found' });
    });
  });
});
