import { and, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authLockouts, loginAttempts } from '@/db/schema';

export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const IP_FAILURE_LIMIT = 20;

type Scope = 'account' | 'ip';

async function latestLock(db: DbOrTx, scope: Scope, key: string) {
  const [lock] = await db
    .select({ lockedUntil: authLockouts.lockedUntil })
    .from(authLockouts)
    .where(and(eq(authLockouts.scope, scope), eq(authLockouts.key, key)))
    .orderBy(desc(authLockouts.lockedUntil))
    .limit(1);
  return lock?.lockedUntil ?? null;
}

/** The time sign-in opens again for this email or address, or null when it is open. */
export async function lockedUntil(db: DbOrTx, email: string, ip: string, now = new Date()): Promise<Date | null> {
  const [account, address] = await Promise.all([latestLock(db, 'account', email), latestLock(db, 'ip', ip)]);
  const active = [account, address].filter((until): until is Date => !!until && until > now);
  return active.length ? new Date(Math.max(...active.map((d) => d.getTime()))) : null;
}

async function failuresSince(db: DbOrTx, scope: Scope, key: string, since: Date) {
  const column = scope === 'account' ? loginAttempts.email : loginAttempts.ip;
  const [row] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(column, key), eq(loginAttempts.succeeded, false), gte(loginAttempts.createdAt, since)));
  return row.n;
}

async function lastSuccess(db: DbOrTx, email: string) {
  const [row] = await db
    .select({ at: loginAttempts.createdAt })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, true)))
    .orderBy(desc(loginAttempts.createdAt))
    .limit(1);
  return row?.at ?? null;
}

const latest = (...dates: (Date | null)[]) => new Date(Math.max(...dates.map((d) => d?.getTime() ?? 0)));

/**
 * Records a failed attempt and locks the account (5 in 15 minutes) or the address (20 in 15
 * minutes) when it crosses the limit. Failures before an earlier lock ended, or before the
 * account's last successful sign-in, no longer count.
 */
export async function recordFailure(db: DbOrTx, email: string, ip: string, now = new Date()) {
  return db.transaction(async (tx) => {
    // Concurrent failures for one account or address are counted one after another (account
    // first, then address, always in that order); otherwise each sees only its own attempt and
    // a burst never reaches the limit. The locks are held until the caller's transaction ends.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'throttle:account:' + email}, 0))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'throttle:ip:' + ip}, 0))`);
    await tx.insert(loginAttempts).values({ email, ip, succeeded: false, createdAt: now });
    const windowStart = new Date(now.getTime() - WINDOW_MS);
    const until = new Date(now.getTime() + LOCK_MS);
    const accountSince = latest(windowStart, await latestLock(tx, 'account', email), await lastSuccess(tx, email));
    const ipSince = latest(windowStart, await latestLock(tx, 'ip', ip));
    const accountLocked = (await failuresSince(tx, 'account', email, accountSince)) >= ACCOUNT_FAILURE_LIMIT;
    const ipLocked = (await failuresSince(tx, 'ip', ip, ipSince)) >= IP_FAILURE_LIMIT;
    if (accountLocked) await tx.insert(authLockouts).values({ scope: 'account', key: email, lockedUntil: until });
    if (ipLocked) await tx.insert(authLockouts).values({ scope: 'ip', key: ip, lockedUntil: until });
    return { accountLocked, ipLocked };
  });
}

export async function recordSuccess(tx: DbOrTx, email: string, ip: string, now = new Date()) {
  await tx.insert(loginAttempts).values({ email, ip, succeeded: true, createdAt: now });
}
