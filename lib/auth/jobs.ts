import { and, isNotNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authLockouts, loginAttempts, loginChallenges, sessions } from '@/db/schema';
import { open } from '@/lib/platform/crypto/secretbox';
import type { JobPayloads } from '@/lib/platform/jobs/catalogue';
import type { JobContext } from '@/lib/platform/jobs/worker';
import { issuePasswordReset } from './commands/password-reset';
import { SIGN_IN_RECORDS_KEPT_MS } from './model';

/**
 * Sign-in records outlive their use quickly: attempts only count within the throttle window
 * (and mark an address as known for a day), challenges last minutes, sessions at most 12 hours.
 * Kept a day for investigation, then removed: run hourly by the 'maintenance.purge' job.
 */
export async function purgeSignInRecords(db: DbOrTx, now: Date) {
  const dayAgo = new Date(now.getTime() - SIGN_IN_RECORDS_KEPT_MS);
  await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, dayAgo));
  await db.delete(authLockouts).where(lt(authLockouts.lockedUntil, dayAgo));
  await db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, dayAgo));
  await db.delete(sessions).where(or(lt(sessions.expiresAt, dayAgo), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, dayAgo))));
}

/** The 'auth.password_reset_request' job: the address travels sealed, and is opened only here. */
export async function handlePasswordResetRequest(payload: JobPayloads['auth.password_reset_request'], { db }: JobContext) {
  await issuePasswordReset(db, open(payload.sealedEmail), { ip: payload.ip, userAgent: payload.userAgent }, new Date(payload.requestedAt));
}
