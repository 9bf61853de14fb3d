import 'server-only';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/guards';
import { failedJobsOf } from './queries';

/** The admin's practice's failed jobs; what they hold (kind, attempts, error class) is no one's data. */
export async function getFailedJobs() {
  const admin = await requireUser('jobs:view');
  return { jobs: await failedJobsOf(await getDb(), admin.practiceId), timeZone: admin.timeZone };
}
