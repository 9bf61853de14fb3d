import type { JobKind } from '@/lib/platform/jobs/catalogue';

/** What each kind of job does, in the admin's words. */
const JOB_KIND_LABELS: Record<JobKind, string> = {
  'mail.deliver': 'Email delivery',
  'auth.password_reset_request': 'Password reset request',
  'maintenance.purge': 'Clean-up of old records',
  'consent.delete_recordings': 'Scheduled deletion of recordings',
  'consent.sweep': 'Recording agreements check',
  'consent.ending_soon': 'Recording agreement ending reminder',
  'consent.session_check': 'Session recording question',
  'files.scan': 'Virus check of a shared file',
  'files.delete_objects': 'Removal of stored file content',
  'files.sweep': 'Recording retention and unfinished uploads clean-up',
  'companion.synthesise': 'Speaking a between-session episode into audio',
  'companion.deliver': 'Delivery of a between-session follow-up episode',
  'audit.link': 'Sealing of new audit events into the audit trail',
  'reminders.deliver': 'Reflection reminder',
  'reminders.sweep': 'Reflection reminders check',
  'reminders.one_off': 'Scheduled notification to a client',
};

/** The label of a stored kind; a kind since retired shows as stored. */
export const jobKindLabel = (kind: string): string => (Object.hasOwn(JOB_KIND_LABELS, kind) ? JOB_KIND_LABELS[kind as JobKind] : kind);

export interface FailedJob {
  id: number;
  kind: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}
