import { and, isNotNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authLockouts, loginAttempts, loginChallenges, sessions } from '@/db/schema';
import { WINDOW_MS } from './throttle';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Sign-in records outlive their use quickly: attempts only count within the throttle window,
 * challenges last minutes, sessions at most 12 hours. Kept a day for investigation, then removed.
 */
export async function purgeSignInRecords(db: DbOrTx, now: Date) {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, new Date(Math.min(dayAgo.getTime(), now.getTime() - WINDOW_MS))));
  await db.delete(authLockouts).where(lt(authLockouts.lockedUntil, dayAgo));
  await db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, dayAgo));
  await db.delete(sessions).where(or(lt(sessions.expiresAt, dayAgo), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, dayAgo))));
}
