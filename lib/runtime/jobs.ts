import { handlePasswordResetRequest, purgeSignInRecords } from '@/lib/auth/jobs';
import { deliverMail } from '@/lib/platform/mail/mailer';
import { purgeFinishedJobs } from '@/lib/platform/jobs/queue';
import type { JobHandlers, RecurringJob } from '@/lib/platform/jobs/worker';

/** What runs each kind of job. The type refuses a kind without a handler. */
export const jobHandlers: JobHandlers = {
  'mail.deliver': deliverMail,
  'auth.password_reset_request': handlePasswordResetRequest,
  'maintenance.purge': async (_payload, { db, now }) => {
    await purgeSignInRecords(db, now);
    await purgeFinishedJobs(db, now);
  },
};

/** Every recurring job, in one place. */
export const recurringJobs: readonly RecurringJob[] = [{ name: 'purge', everyMs: 60 * 60 * 1000, kind: 'maintenance.purge', payload: {} }];
