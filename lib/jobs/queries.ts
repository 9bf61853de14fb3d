import type { DbOrTx } from '@/db/client';
import { listFailedJobs } from '@/lib/platform/jobs/queue';
import type { FailedJob } from './model';

/** The practice's failed jobs, most recently failed first. */
export function failedJobsOf(db: DbOrTx, practiceId: string): Promise<FailedJob[]> {
  return listFailedJobs(db, practiceId);
}
