import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authLockouts, loginAttempts } from '@/db/schema';
import { audit, type AuditBy } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { ACCOUNT_FAILURE_LIMIT, GLOBAL_FAILURE_LIMIT, IP_FAILURE_LIMIT, LOCK_MS } from '../model';
import { GLOBAL_KEY, accountKey, countedFailures, countsByAddress, isKnownAddress, lockedUntil, type LockScope } from '../queries';

/** An attempt to prove who one is (a password, a code), counted before it is checked. */
export type Attempt = { status: 'counted'; id: number; key: string; ip: string } | { status: 'locked'; until: Date };
export type CountedAttempt = Extract<Attempt, { status: 'counted' }>;

/** Which limits this failure crossed, locking the account, the address or sign-in for unknown addresses. */
export interface FailureOutcome {
  accountLocked: boolean;
  ipLocked: boolean;
  globalLocked: boolean;
}

/**
 * Concurrent attempts for one account or address are counted one after another (account, then
 * address, then everything, always in that order); otherwise each sees only its own attempt and
 * a burst never reaches the limit. The locks are held until the caller's transaction ends.
 */
async function serialise(tx: DbOrTx, key: string, ip: string, global: boolean) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'throttle:account:' + key}, 0))`);
  if (countsByAddress(ip)) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'throttle:ip:' + ip}, 0))`);
  if (global) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('throttle:global', 0))`);
}

/**
 * Counts an attempt before the slow check (argon2, a code) is made, as a failure until it is
 * settled. Requests arriving together therefore see each other: once the attempts in flight
 * reach a limit, the next is refused unchecked, so the fifth failure is the last guess however
 * the requests arrive. Refused when the account or the address is locked, or when sign-in is
 * closed to addresses not known (the global failure budget is spent).
 */
export async function countAttempt(db: DbOrTx, email: string, ip: string, now = new Date()): Promise<Attempt> {
  const key = accountKey(email);
  return db.transaction(async (tx) => {
    await serialise(tx, key, ip, false);
    const until = await lockedUntil(tx, email, ip, now);
    if (until) return { status: 'locked', until };
    const inFlight = await countedFailures(tx, key, ip, now);
    const full =
      inFlight.account >= ACCOUNT_FAILURE_LIMIT ||
      inFlight.address >= IP_FAILURE_LIMIT ||
      (inFlight.global >= GLOBAL_FAILURE_LIMIT && !(await isKnownAddress(tx, ip, now)));
    if (full) return { status: 'locked', until: new Date(now.getTime() + LOCK_MS) };
    const [row] = await tx.insert(loginAttempts).values({ accountKey: key, ip, succeeded: false, createdAt: now }).returning({ id: loginAttempts.id });
    return { status: 'counted', id: row.id, key, ip };
  });
}

/** The attempt proved who they are: it stops counting, and so do the account's failures before it. */
export async function attemptSucceeded(tx: DbOrTx, attempt: CountedAttempt) {
  await tx.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attempt.id));
}

/** The attempt turned out to be neither a failure nor a sign-in (a right password with a code still due, a refused request). */
export async function uncountAttempt(tx: DbOrTx, attempt: CountedAttempt) {
  await tx.delete(loginAttempts).where(eq(loginAttempts.id, attempt.id));
}

/**
 * The attempt failed (it already counts): locks the account at 5 failures in 15 minutes, the
 * address at 20, and sign-in for unknown addresses at 100 across everyone, each for 15
 * minutes, and records each lock in the audit trail.
 */
export async function attemptFailed(
  db: DbOrTx,
  attempt: CountedAttempt,
  by: AuditBy,
  context: RequestContext,
  now = new Date(),
): Promise<FailureOutcome> {
  return db.transaction(async (tx) => {
    await serialise(tx, attempt.key, attempt.ip, true);
    const counted = await countedFailures(tx, attempt.key, attempt.ip, now);
    const outcome: FailureOutcome = {
      accountLocked: counted.account >= ACCOUNT_FAILURE_LIMIT,
      ipLocked: counted.address >= IP_FAILURE_LIMIT,
      globalLocked: counted.global >= GLOBAL_FAILURE_LIMIT,
    };
    const locks: [LockScope, string, boolean][] = [
      ['account', attempt.key, outcome.accountLocked],
      ['ip', attempt.ip, outcome.ipLocked],
      ['global', GLOBAL_KEY, outcome.globalLocked],
    ];
    for (const [scope, key, locked] of locks) {
      if (!locked) continue;
      await tx.insert(authLockouts).values({ scope, key, lockedUntil: new Date(now.getTime() + LOCK_MS) });
      // Sign-in closing for everyone is no one person's event: it goes to the system's chain.
      const lockedBy = scope === 'global' ? { id: null, practiceId: null } : by;
      const subject = scope === 'global' || !by.id ? {} : { subjectType: 'user' as const, subjectId: by.id };
      await audit(tx, lockedBy, context, 'auth.lockout', { ...subject, outcome: 'denied', metadata: { scope } });
    }
    return outcome;
  });
}
