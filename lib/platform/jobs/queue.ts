import { and, desc, eq, inArray, sql } from 'drizzle-orm';
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

/**
 * Claims up to `limit` due jobs for this worker: queued ones whose time has come, and running
 * ones whose lease ran out (their worker died). SKIP LOCKED lets several workers claim at once
 * without ever taking the same row; each claim counts as an attempt.
 */
export async function claimDueJobs(db: DbOrTx, workerId: string, options: { limit: number; leaseMs: number; now: Date }): Promise<Job[]> {
  const { limit, leaseMs, now } = options;
  const rows: unknown = await db.execute(sql`
    update ${jobs} set
      state = 'running',
      attempts = ${jobs.attempts} + 1,
      lease_until = ${new Date(now.getTime() + leaseMs)},
      locked_by = ${workerId}
    where ${jobs.id} in (
      select ${jobs.id} from ${jobs}
      where (${jobs.state} = 'queued' and ${jobs.runAt} <= ${now})
         or (${jobs.state} = 'running' and ${jobs.leaseUntil} < ${now})
      order by ${jobs.runAt}, ${jobs.id}
      limit ${limit}
      for update skip locked
    )
    returning ${jobs.id}`);
  const ids = rowsOf<{ id: number | string }>(rows).map((row) => Number(row.id));
  if (ids.length === 0) return [];
  // Read back through drizzle so columns are mapped (raw `returning *` differs between drivers).
  const claimed = await db.select().from(jobs).where(and(inArray(jobs.id, ids), eq(jobs.lockedBy, workerId)));
  return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

// postgres.js returns the rows as an array; PGlite as `{ rows }`.
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

function keptPayload(job: Job): Record<string, unknown> {
  const kept = (PAYLOAD_KEPT_AFTER_DONE as Record<string, readonly string[]>)[job.kind] ?? [];
  return Object.fromEntries(Object.entries(job.payload).filter(([field]) => kept.includes(field)));
}

/** Marks a job done, if this worker still holds it; its secret payload fields are cleared. */
export async function completeJob(db: DbOrTx, job: Job, workerId: string, now: Date): Promise<boolean> {
  const done = await db
    .update(jobs)
    .set({ state: 'done', finishedAt: now, leaseUntil: null, lastError: null, payload: keptPayload(job) })
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId), eq(jobs.state, 'running')))
    .returning({ id: jobs.id });
  return done.length > 0;
}

/** Seconds before attempt n+1: 10 s, 20 s, 40 s … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60 * 1000, 10_000 * 2 ** Math.max(0, attempts - 1));
}

/** The stored description of a failure: the error's class and code, never its message. */
export function describeFailure(error: unknown): string {
  if (error instanceof JobError) return error.message;
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code ?? (error as { responseCode?: unknown } | null)?.responseCode;
  return code !== undefined ? `${name} (${String(code)})` : name;
}

/**
 * A failure whose message was written for the admin's job list: code-chosen words only, never
 * data (no addresses, names or content).
 */
export class JobError extends Error {
  override name = 'JobError';
}

/** After a failed attempt: retried later with backoff, or failed for good after its last attempt. */
export async function failJob(db: DbOrTx, job: Job, workerId: string, error: unknown, now: Date): Promise<'retrying' | 'failed'> {
  const final = job.attempts >= job.maxAttempts;
  await db
    .update(jobs)
    .set(
      final
        ? // The payload stays (sealed where secret), so an admin can retry the job.
          { state: 'failed', finishedAt: now, leaseUntil: null, lastError: describeFailure(error) }
        : { state: 'queued', runAt: new Date(now.getTime() + retryDelayMs(job.attempts)), leaseUntil: null, lastError: describeFailure(error) },
    )
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId), eq(jobs.state, 'running')));
  return final ? 'failed' : 'retrying';
}

/** Failed jobs of a practice for its admins, newest first. */
export function listFailedJobs(db: DbOrTx, practiceId: string, limit = 50) {
  return db
    .select({ id: jobs.id, kind: jobs.kind, attempts: jobs.attempts, lastError: jobs.lastError, createdAt: jobs.createdAt, finishedAt: jobs.finishedAt })
    .from(jobs)
    .where(and(eq(jobs.practiceId, practiceId), eq(jobs.state, 'failed')))
    .orderBy(desc(jobs.finishedAt))
    .limit(limit);
}

/** Puts a failed job of the practice back in the queue for one more round of attempts. */
export async function retryFailedJob(db: DbOrTx, practiceId: string, jobId: number, now: Date): Promise<boolean> {
  const retried = await db
    .update(jobs)
    .set({ state: 'queued', runAt: now, attempts: 0, finishedAt: null })
    .where(and(eq(jobs.id, jobId), eq(jobs.practiceId, practiceId), eq(jobs.state, 'failed')))
    .returning({ id: jobs.id });
  return retried.length > 0;
}

/** Finished jobs are kept a week for the record, then removed; failed ones stay until retried. */
export async function purgeFinishedJobs(db: DbOrTx, now: Date, keepMs = 7 * 24 * 60 * 60 * 1000) {
  await db.delete(jobs).where(and(eq(jobs.state, 'done'), sql`${jobs.finishedAt} < ${new Date(now.getTime() - keepMs)}`));
}
