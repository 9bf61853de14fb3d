import { handlePasswordResetRequest, purgeSignInRecords } from '@/lib/auth/jobs';
import { CONSENT_SWEEP_EVERY_MS, handleConsentSweep, handleEndingSoon, handleSessionCheck } from '@/lib/consent/jobs';
import { FILES_SWEEP_EVERY_MS, handleDeleteObjects, handleDeleteRecordings, handleFilesSweep, handleScan } from '@/lib/files/jobs';
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
  'consent.delete_recordings': handleDeleteRecordings,
  'consent.sweep': handleConsentSweep,
  'consent.ending_soon': handleEndingSoon,
  'consent.session_check': handleSessionCheck,
  'files.scan': handleScan,
  'files.delete_objects': handleDeleteObjects,
  'files.sweep': handleFilesSweep,
};

/** Every recurring job, in one place. */
export const recurringJobs: readonly RecurringJob[] = [
  { name: 'purge', everyMs: 60 * 60 * 1000, kind: 'maintenance.purge', payload: {} },
  { name: 'consent-sweep', everyMs: CONSENT_SWEEP_EVERY_MS, kind: 'consent.sweep', payload: {} },
  { name: 'files-sweep', everyMs: FILES_SWEEP_EVERY_MS, kind: 'files.sweep', payload: {} },
];
