import type { NotificationKind } from '../notifications/catalogue';

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
  /** Speak a released between-session episode into audio and store it in the vault; delivers it if it is due. */
  'companion.synthesise': { episodeId: string };
  /** A released follow-up episode's time has come: delivered to the client (audio made first) if care is still open. */
  'companion.deliver': { episodeId: string };
  /** Every few seconds: give audit rows appended since their place in their practice's hash chain. */
  'audit.link': Record<string, never>;
  /**
   * One reflection reminder of a client's schedule, due at `at` (ISO instant). Sent only if the settings are still at
   * `version` and care is still open; it queues the next one. Keyed per client, version and instant.
   */
  'reminders.deliver': { clientId: string; version: number; at: string };
  /** Every few minutes: make sure every client with reminders has their next one queued (new sessions get theirs). */
  'reminders.sweep': Record<string, never>;
  /** A one-off notification to a client at a set time (a companion follow-up), if care is still open then. */
  'reminders.one_off': { clientId: string; practiceId: string; notification: NotificationKind; subjectId: string | null };
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
  'companion.synthesise': ['episodeId'],
  'companion.deliver': ['episodeId'],
  'audit.link': [],
  'reminders.deliver': ['clientId', 'version', 'at'],
  'reminders.sweep': [],
  'reminders.one_off': ['clientId', 'notification', 'subjectId'],
};
