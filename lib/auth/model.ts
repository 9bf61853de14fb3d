import type { Actor } from '@/lib/platform/actor';

/** The signed-in person: an Actor (who acts, in which practice and time zone) and what the shell shows. */
export interface SessionUser extends Actor {
  sessionId: string;
  practiceName: string;
  email: string;
  name: string;
  mfaEnabled: boolean;
  requireStaffMfa: boolean;
}

/** What a request learns from its session check (one query): who is signed in, and what the gate and the shell need. */
export interface SessionCheck {
  user: SessionUser;
  /** The shell's bell. */
  unreadNotifications: number;
  /** The portal gate: a client with a policy version in force not yet acknowledged (never staff). */
  policyToAcknowledge: boolean;
}

/**
 * Someone changing their own account: the actor, and the session they do it from, which stays
 * signed in when their other sessions are ended. A SessionUser is one.
 */
export type AccountActor = Actor & { sessionId?: string };

/** A session lasts at most this long, however active: on the server, in the JWT, not in the cookie. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

// Sign-in throttling (lib/auth/commands/throttle.ts).
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const IP_FAILURE_LIMIT = 20;
/**
 * Failures across every account and address within the window before sign-in closes, for the
 * lock's length, to addresses that have not signed anyone in within the last day. Spraying
 * from ever new addresses thus gets this many guesses per window in all, not unlimited ones.
 */
export const GLOBAL_FAILURE_LIMIT = 100;
/** How long sign-in records are kept, and so how far back an address counts as known. */
export const SIGN_IN_RECORDS_KEPT_MS = 24 * 60 * 60 * 1000;

export const RESET_LINK_VALID_MS = 60 * 60 * 1000;
export const RESET_MAILS_PER_HOUR = 3;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const RECOVERY_CODE_COUNT = 10;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

// NIST 800-63B asks for Unicode normalisation (NFKC), so a password typed as composed
// characters on one system and decomposed on another is the same password.
export const normalizePassword = (password: string) => password.normalize('NFKC');

export const isEmailAsPassword = (password: string, email: string) =>
  normalizePassword(password).toLowerCase() === email.toLowerCase();

export const normalizeTotp = (code: string) => code.replace(/\s+/g, '');

export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

export const looksLikeRecoveryCode = (code: string) => normalizeRecoveryCode(code).length === 10;

export const INVALID_RESET_LINK_MESSAGE = 'This reset link is no longer valid. You can ask for a new one.';
