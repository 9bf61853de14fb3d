import { and, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { jobs, type Job } from '@/db/schema';
import { PAYLOAD_KEPT_AFTER_DONE, type JobKind, type JobPayloads } from './catalogue';

export interface EnqueueOptions {
  /** When the job may run; now by default. */
  runAt?: Date;
  /** A job with the same key is queued once: a second enqueue does nothing and returns null. */
  key?: string;
  practiceId?: string | null;
  maxAttempts?: number;
}

/**
 * Queues a job in the caller's transaction: if that transaction rolls back, the job never
 * existed. Returns the job's id, or null when a job with the same key already exists.
 */
export async function enqueue<K extends JobKind>(tx: DbOrTx, kind: K, payload: JobPayloads[K], options: EnqueueOptions = {}): Promise<number | null> {
  const [row] = await tx
    .insert(jobs)
    .values({
      kind,
      payload: payload as Record<string, unknown>,
      key: options.key ?? null,
      practiceId: options.practiceId ?? null,
      runAt: options.runAt ?? new Date(),
      maxAttempts: options.maxAttempts ?? 8,
    })
    .onConflictDoNothing({ target: jobs.key })
    .returning({ id: jobs.id });
  return row?.id ?? null;
}

/** Written as a job's last error when its worker stopped (crashed, killed) during its last attempt. */
export const LEASE_EXPIRED = 'Worker stopped before finishing';

/**
 * Claims up to `limit` due jobs for this worker: queued ones whose time has come, and running
 * ones whose lease ran out (their worker died). SKIP LOCKED lets several workers claim at once
 * without ever taking the same row; the claim commits on its own, and from then on the row is
 * 'running' under a lease, which no other claim matches. Each claim counts as an attempt, so a
 * job that kills its worker every time fails for good after its last attempt instead of
 * coming back for ever.
 */
export async function claimDueJobs(db: DbOrTx, workerId: string, options: { limit: number; leaseMs: number; now: Date }): Promise<Job[]> {
  const { limit, leaseMs, now } = options;
  const leaseExpired = and(eq(jobs.state, 'running'), lt(jobs.leaseUntil, now));
  await db
    .update(jobs)
    .set({ state: 'failed', finishedAt: now, leaseUntil: null, lastError: LEASE_EXPIRED })
    .where(and(leaseExpired, sql`${jobs.attempts} >= ${jobs.maxAttempts}`));
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(or(and(eq(jobs.state, 'queued'), lte(jobs.runAt, now)), and(leaseExpired, sql`${jobs.attempts} < ${jobs.maxAttempts}`)))
    .orderBy(jobs.runAt, jobs.id)
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(jobs)
    .set({ state: 'running', attempts: sql`${jobs.attempts} + 1`, leaseUntil: new Date(now.getTime() + leaseMs), lockedBy: workerId })
    .where(inArray(jobs.id, due))
    .returning();
  return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

function keptPayload(job: Job): Record<string, unknown> {
  const kept = (PAYLOAD_KEPT_AFTER_DONE as Record<string, readonly string[]>)[job.kind] ?? [];
  return Object.fromEntries(Object.entries(job.payload).filter(([field]) => kept.includes(field)));
}

// A job is this worker's while its claim stands: after a lease ran out, another worker owns it.
const heldBy = (job: Job, workerId: string) => and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId), eq(jobs.state, 'running'), eq(jobs.attempts, job.attempts));

/** Marks a job done, if this worker still holds it; its secret payload fields are cleared. */
export async function completeJob(db: DbOrTx, job: Job, workerId: string, now: Date): Promise<boolean> {
  const done = await db
    .update(jobs)
    .set({ state: 'done', finishedAt: now, leaseUntil: null, lastError: null, payload: keptPayload(job) })
    .where(heldBy(job, workerId))
    .returning({ id: jobs.id });
  return done.length > 0;
}

/** Seconds before attempt n+1: 10 s, 20 s, 40 s … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60 * 1000, 10_000 * 2 ** Math.max(0, attempts - 1));
}

// Error class names and codes are identifiers (TypeError, ECONNREFUSED, 23505, 451); anything
// else in those fields could be data, and is left out.
const IDENTIFIER = /^[A-Za-z0-9_.-]{1,40}$/;
const identifier = (value: unknown) => ((typeof value === 'string' || typeof value === 'number') && IDENTIFIER.test(String(value)) ? String(value) : undefined);

/** The stored description of a failure: the error's class and codes, never its message. */
export function describeFailure(error: unknown): string {
  if (error instanceof JobError) return error.message;
  const name = (error instanceof Error ? identifier(error.name) : undefined) ?? (error instanceof Error ? 'Error' : typeof error);
  const failure = error as { code?: unknown; responseCode?: unknown } | null;
  const codes = [identifier(failure?.code), identifier(failure?.responseCode)].filter(Boolean);
  return codes.length > 0 ? `${name} (${codes.join(' ')})` : name;
}

/**
 * A failure whose message was written for the admin's job list: code-chosen words only, never
 * data (no addresses, names or content).
 */
export class JobError extends Error {
  override name = 'JobError';
}

/**
 * After a failed attempt: queued again with backoff, or failed for good after its last attempt.
 * 'lost' when this worker no longer held the job (its lease ran out and another took it).
 */
export async function failJob(db: DbOrTx, job: Job, workerId: string, error: unknown, now: Date): Promise<'retrying' | 'failed' | 'lost'> {
  const final = job.attempts >= job.maxAttempts;
  const updated = await db
    .update(jobs)
    .set(
      final
        ? // The payload stays (sealed where secret), so an admin can retry the job.
          { state: 'failed', finishedAt: now, leaseUntil: null, lastError: describeFailure(error) }
        : { state: 'queued', runAt: new Date(now.getTime() + retryDelayMs(job.attempts)), leaseUntil: null, lastError: describeFailure(error) },
    )
    .where(heldBy(job, workerId))
    .returning({ id: jobs.id });
  if (updated.length === 0) return 'lost';
  return final ? 'failed' : 'retrying';
}

/** Failed jobs of a practice for its admins, most recently failed first. */
export function listFailedJobs(db: DbOrTx, practiceId: string, limit = 50) {
  return db
    .select({ id: jobs.id, kind: jobs.kind, attempts: jobs.attempts, lastError: jobs.lastError, createdAt: jobs.createdAt, finishedAt: jobs.finishedAt })
    .from(jobs)
    .where(and(eq(jobs.practiceId, practiceId), eq(jobs.state, 'failed')))
    .orderBy(desc(jobs.finishedAt), desc(jobs.id))
    .limit(limit);
}

/**
 * Puts a failed job of the practice back in the queue for one more round of attempts. Its last
 * error stays until an attempt succeeds or fails anew. Returns the job's kind, or null when the
 * practice has no such failed job.
 */
export async function retryFailedJob(db: DbOrTx, practiceId: string, jobId: number, now: Date): Promise<string | null> {
  const [retried] = await db
    .update(jobs)
    .set({ state: 'queued', runAt: now, attempts: 0, finishedAt: null, leaseUntil: null, lockedBy: null })
    .where(and(eq(jobs.id, jobId), eq(jobs.practiceId, practiceId), eq(jobs.state, 'failed')))
    .returning({ kind: jobs.kind });
  return retried?.kind ?? null;
}

/** Finished jobs are kept a week for the record, then removed; failed ones stay until retried. */
export async function purgeFinishedJobs(db: DbOrTx, now: Date, keepMs = 7 * 24 * 60 * 60 * 1000) {
  await db.delete(jobs).where(and(eq(jobs.state, 'done'), lt(jobs.finishedAt, new Date(now.getTime() - keepMs))));
}
