import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import type { Job } from '@/db/schema';
import { logError } from '../log';
import type { JobKind, JobPayloads } from './catalogue';
import { claimDueJobs, completeJob, enqueue, failJob, JobError } from './queue';

export interface JobContext {
  /** The database to work in. Handlers use this one, never a handle of their own. */
  db: Db;
  job: Job;
  now: Date;
}

export type JobHandler<K extends JobKind> = (payload: JobPayloads[K], context: JobContext) => Promise<void>;

/** One handler for every kind: the type makes a kind without a handler a compile error. */
export type JobHandlers = { [K in JobKind]: JobHandler<K> };

/** Work that comes round on its own: enqueued once per period, whichever worker sees it first. */
export interface RecurringJob<K extends JobKind = JobKind> {
  name: string;
  everyMs: number;
  kind: K;
  payload: JobPayloads[K];
}

export interface WorkerOptions {
  handlers: JobHandlers;
  recurring?: readonly RecurringJob[];
  /** How often to look for due jobs when idle. */
  pollMs?: number;
  /** How long a claimed job is this worker's; if it has not finished by then, another takes it. */
  leaseMs?: number;
  /** Jobs claimed and run at once. */
  batchSize?: number;
  clock?: () => Date;
  workerId?: string;
}

const DEFAULTS = { pollMs: 1000, leaseMs: 5 * 60 * 1000, batchSize: 5 };

/**
 * Enqueues each recurring job for the current period. The key names the period, so however
 * many workers do this, each period's job is queued once.
 */
export async function scheduleRecurring(db: Db, recurring: readonly RecurringJob[], now: Date) {
  for (const job of recurring) {
    const period = Math.floor(now.getTime() / job.everyMs);
    await enqueue(db, job.kind, job.payload as never, { key: `recurring:${job.name}:${period}`, runAt: new Date(period * job.everyMs) });
  }
}

/** Runs one claimed job to its end: done, queued again for later, or failed for good. */
async function runJob(db: Db, job: Job, handlers: JobHandlers, workerId: string, clock: () => Date) {
  const handler = (handlers as Record<string, JobHandler<JobKind> | undefined>)[job.kind];
  try {
    if (!handler) throw new JobError('No handler for this kind of job');
    await handler(job.payload as never, { db, job, now: clock() });
  } catch (error) {
    const outcome = await failJob(db, job, workerId, error, clock());
    const what = { retrying: 'failed, will retry', failed: 'failed for good', lost: 'failed after its lease ran out' }[outcome];
    logError(`job ${job.kind} #${job.id} ${what}`, error);
    return;
  }
  if (!(await completeJob(db, job, workerId, clock()))) {
    // Ran longer than its lease: another worker has taken it and will run it again.
    logError(`job ${job.kind} #${job.id} finished after its lease ran out`, new JobError('lease lost'));
  }
}

/**
 * One pass: schedule recurring work, then claim and run due jobs until none is left.
 * Returns how many jobs ran. Tests call it directly; the worker loop calls it on every tick.
 */
export async function runDueJobs(db: Db, options: WorkerOptions): Promise<number> {
  const clock = options.clock ?? (() => new Date());
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const { leaseMs, batchSize } = { ...DEFAULTS, ...options };
  await scheduleRecurring(db, options.recurring ?? [], clock());
  let ran = 0;
  for (;;) {
    const claimed = await claimDueJobs(db, workerId, { limit: batchSize, leaseMs, now: clock() });
    if (claimed.length === 0) return ran;
    await Promise.all(claimed.map((job) => runJob(db, job, options.handlers, workerId, clock)));
    ran += claimed.length;
  }
}

export interface RunningWorker {
  /** Finishes the pass in progress, then stops. */
  stop(): Promise<void>;
}

/**
 * Polls for due jobs until stopped. A failing pass (the database away) is logged and retried.
 * Inside the server the timer does not keep the process alive; a worker process of its own
 * passes `keepAlive`, since the timer is then all it has to do.
 */
export function startWorker(getDb: () => Promise<Db>, options: WorkerOptions & { keepAlive?: boolean }): RunningWorker {
  const { pollMs } = { ...DEFAULTS, ...options };
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const pass = async () => {
    try {
      await runDueJobs(await getDb(), { ...options, workerId });
    } catch (error) {
      logError('job worker pass failed', error);
    }
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = pass().then(() => schedule(pollMs));
    }, delay);
    if (!options.keepAlive) timer.unref();
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
