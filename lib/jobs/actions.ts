'use server';

import { revalidatePath } from 'next/cache';
import { authedAction, type ActionState } from '@/lib/actions/safe-action';
import { routes } from '@/lib/routes';
import { retryJob } from './commands';
import { jobKindLabel } from './model';
import { JOB_NOT_FOUND, retryJobSchema } from './schemas';

export const retryJobAction = authedAction('jobs:retry', retryJobSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await retryJob(db, user, input, request);
  if (result.status === 'not-found') return { message: JOB_NOT_FOUND };
  revalidatePath(routes.adminJobs);
  revalidatePath(routes.adminOutbox);
  return { ok: true, message: `${jobKindLabel(result.kind)} queued again.` };
});
