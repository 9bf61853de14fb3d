/**
 * Every kind of background job and the payload it carries. Payloads hold ids and code-chosen
 * values; anything secret (a mail body with a one-time link) is sealed with the master key and
 * cleared once the job is done. Add a kind here, then its handler in lib/runtime/jobs.ts.
 */
export interface JobPayloads {
  /** Deliver one e-mail of the outbox. `sealedBody` is the text, sealed (lib/platform/crypto/secretbox). */
  'mail.deliver': { messageId: string; sealedBody: string };
  /**
   * A password reset asked for by e-mail address. The request only queues this (the same work
   * whether or not an account exists); the job finds the account and mails the link.
   */
  'auth.password_reset_request': { sealedEmail: string; ip: string; userAgent: string | null; requestedAt: string };
  /** Remove what has outlived its use: expired sessions and challenges, old sign-in attempts, finished jobs. */
  'maintenance.purge': Record<string, never>;
  /**
   * Delete the recordings kept under a withdrawn agreement, as its terms say: within N days of the withdrawal, or when
   * each one's retention ends. The file-sharing issue carries the deletion out; until then the job records that
   * nothing is stored.
   */
  'consent.delete_recordings': { requestId: string; basis: 'withdrawal' | 'retention' };
  /** Every few minutes: end agreements whose care ended or whose sessions are over, and queue the reminders below. */
  'consent.sweep': Record<string, never>;
  /** "An agreement ends in 7 days", once per agreement (the job key). */
  'consent.ending_soon': { requestId: string };
  /** "Still OK to record this session?", once per covered session (the job key). */
  'consent.session_check': { requestId: string; appointmentId: string };
  /** Check a newly stored file for malware before it can be opened. */
  'files.scan': { fileId: string };
  /** Remove the stored objects of a removed file or an abandoned upload (their keys are already destroyed). */
  'files.delete_objects': { objectKeys: string[] };
  /** Every few minutes: delete recordings whose retention ended, and abandoned uploads with what they stored. */
  'files.sweep': Record<string, never>;
}

export type JobKind = keyof JobPayloads;

/** Fields a finished job keeps: everything else in its payload is cleared when it is done. */
export const PAYLOAD_KEPT_AFTER_DONE: { [K in JobKind]: readonly (keyof JobPayloads[K])[] } = {
  'mail.deliver': ['messageId'],
  'auth.password_reset_request': [],
  'maintenance.purge': [],
  'consent.delete_recordings': ['requestId', 'basis'],
  'consent.sweep': [],
  'consent.ending_soon': ['requestId'],
  'consent.session_check': ['requestId', 'appointmentId'],
  'files.scan': ['fileId'],
  'files.delete_objects': [],
  'files.sweep': [],
};
