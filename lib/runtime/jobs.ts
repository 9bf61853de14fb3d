import { refreshPlannerStatistics } from '@/db/client';
import { handlePasswordResetRequest, purgeSignInRecords } from '@/lib/auth/jobs';
import { CONSENT_SWEEP_EVERY_MS, handleConsentSweep, handleEndingSoon, handleSessionCheck } from '@/lib/consent/jobs';
import { handleEpisodeDue } from '@/lib/companion/jobs';
import { FILES_SWEEP_EVERY_MS, handleDeleteObjects, handleDeleteRecordings, handleFilesSweep, handleScan } from '@/lib/files/jobs';
import { AUDIT_LINK_EVERY_MS, linkPendingChains } from '@/lib/platform/audit/link';
import { deliverMail } from '@/lib/platform/mail/mailer';
import { purgeFinishedJobs } from '@/lib/platform/jobs/queue';
import type { JobHandlers, RecurringJob } from '@/lib/platform/jobs/worker';
import { handleDeliverReminder, handleOneOff, handleRemindersSweep, REMINDERS_SWEEP_EVERY_MS } from '@/lib/reminders/jobs';

/** What runs each kind of job. The type refuses a kind without a handler. */
export const jobHandlers: JobHandlers = {
  'mail.deliver': deliverMail,
  'auth.password_reset_request': handlePasswordResetRequest,
  'maintenance.purge': async (_payload, { db, now }) => {
    await purgeSignInRecords(db, now);
    await purgeFinishedJobs(db, now);
    await refreshPlannerStatistics(db);
  },
  'consent.delete_recordings': handleDeleteRecordings,
  'consent.sweep': handleConsentSweep,
  'consent.ending_soon': handleEndingSoon,
  'consent.session_check': handleSessionCheck,
  'files.scan': handleScan,
  'files.delete_objects': handleDeleteObjects,
  'files.sweep': handleFilesSweep,
  'companion.synthesise': handleEpisodeDue,
  'companion.deliver': handleEpisodeDue,
  // Chains another linker is busy with are left to it.
  'audit.link': async (_payload, { db }) => {
    await linkPendingChains(db);
  },
  'reminders.deliver': handleDeliverReminder,
  'reminders.sweep': handleRemindersSweep,
  'reminders.one_off': handleOneOff,
};

/** Every recurring job, in one place. */
export const recurringJobs: readonly RecurringJob[] = [
  { name: 'purge', everyMs: 60 * 60 * 1000, kind: 'maintenance.purge', payload: {} },
  { name: 'consent-sweep', everyMs: CONSENT_SWEEP_EVERY_MS, kind: 'consent.sweep', payload: {} },
  { name: 'files-sweep', everyMs: FILES_SWEEP_EVERY_MS, kind: 'files.sweep', payload: {} },
  { name: 'audit-link', everyMs: AUDIT_LINK_EVERY_MS, kind: 'audit.link', payload: {} },
  { name: 'reminders-sweep', everyMs: REMINDERS_SWEEP_EVERY_MS, kind: 'reminders.sweep', payload: {} },
];
