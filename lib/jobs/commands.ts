import type { DbOrTx } from '@/db/client';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { retryFailedJob } from '@/lib/platform/jobs/queue';

export type RetryJobResult = { status: 'retried'; kind: string } | { status: 'not-found' };

/**
 * An admin puts a failed job of their practice back in the queue, for a new round of attempts.
 * A job of another practice, or one that has not failed, is not found.
 */
export function retryJob(db: DbOrTx, actor: Actor, input: { jobId: number }, request: RequestContext, now = new Date()): Promise<RetryJobResult> {
  return db.transaction(async (tx) => {
    const kind = await retryFailedJob(tx, actor.practiceId, input.jobId, now);
    if (!kind) return { status: 'not-found' };
    await audit(tx, actor, request, 'job.retried', { subjectType: 'job', subjectId: String(input.jobId), metadata: { kind } });
    return { status: 'retried', kind };
  });
}
