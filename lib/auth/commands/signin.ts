import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { loginChallenges, users, type User } from '@/db/schema';
import { audit, type AuditBy } from '@/lib/platform/audit/record';
import { randomToken, sha256Hex } from '@/lib/platform/crypto/tokens';
import type { RequestContext } from '@/lib/platform/http';
import { LOCK_MS } from '../model';
import { consumeSecondFactor } from './mfa';
import { burnPasswordCheck, verifyPassword } from './password';
import { createSession } from './sessions';
import { attemptFailed, attemptSucceeded, countAttempt, uncountAttempt, type CountedAttempt } from './throttle';

const CHALLENGE_MS = 5 * 60 * 1000;
const CHALLENGE_ATTEMPTS = 5;

export type SignInResult =
  | { status: 'signed-in'; ticket: string; user: Pick<User, 'id' | 'role'> }
  | { status: 'mfa-required'; challenge: string }
  | { status: 'invalid' }
  | { status: 'locked'; until: Date }
  | { status: 'challenge-expired' };

type Account = Pick<User, 'id' | 'practiceId' | 'role'>;

const byAccount = (user: Account | undefined): AuditBy => (user ? { id: user.id, practiceId: user.practiceId } : { id: null, practiceId: null });

/** A failed attempt: counted already, it may now lock the account or the address. */
async function refuse(db: Db, attempt: CountedAttempt, user: Account | undefined, context: RequestContext, reason: string, now: Date): Promise<SignInResult> {
  const locked = await db.transaction(async (tx) => {
    const by = byAccount(user);
    const outcome = await attemptFailed(tx, attempt, by, context, now);
    await audit(tx, by, context, 'auth.signin', { ...(user ? { subjectType: 'user', subjectId: user.id } : {}), outcome: 'failure', metadata: { reason } });
    return outcome.accountLocked || outcome.ipLocked;
  });
  return locked ? { status: 'locked', until: new Date(now.getTime() + LOCK_MS) } : { status: 'invalid' };
}

/**
 * First step of sign-in. Unknown emails, wrong passwords and deactivated accounts all answer
 * 'invalid' after the same work, so the answer never tells which accounts exist. The attempt is
 * counted before the password is checked (see countAttempt).
 */
export async function signInWithPassword(db: Db, input: { email: string; password: string }, context: RequestContext, now = new Date()): Promise<SignInResult> {
  const attempt = await countAttempt(db, input.email, context.ip, now);
  if (attempt.status === 'locked') return attempt;

  const [user] = await db
    .select({
      id: users.id,
      practiceId: users.practiceId,
      role: users.role,
      status: users.status,
      passwordHash: users.passwordHash,
      mfaEnabledAt: users.mfaEnabledAt,
      mfaSecret: users.mfaSecret,
    })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1);
  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password);
    return refuse(db, attempt, user, context, 'unknown-account', now);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) return refuse(db, attempt, user, context, 'wrong-password', now);
  if (user.status !== 'active') return refuse(db, attempt, user, context, 'deactivated', now);

  if (user.mfaEnabledAt && user.mfaSecret) {
    const challenge = randomToken();
    await db.transaction(async (tx) => {
      // The password was right, yet nobody is signed in until the code: neither a failure nor a success.
      await uncountAttempt(tx, attempt);
      await tx.insert(loginChallenges).values({ id: sha256Hex(challenge), userId: user.id, expiresAt: new Date(now.getTime() + CHALLENGE_MS) });
    });
    return { status: 'mfa-required', challenge };
  }
  const ticket = await db.transaction(async (tx) => {
    await attemptSucceeded(tx, attempt);
    return startSession(tx, user, context, 'password', now);
  });
  return { status: 'signed-in', ticket, user: { id: user.id, role: user.role } };
}

async function startSession(tx: Tx, user: Account, context: RequestContext, method: string, now: Date) {
  const { ticket } = await createSession(tx, user.id, context, now);
  await audit(tx, byAccount(user), context, 'auth.signin', { subjectType: 'user', subjectId: user.id, metadata: { method } });
  return ticket;
}

/** Second step for accounts with MFA: a current authenticator code or an unused recovery code. */
export async function completeMfaSignIn(db: Db, input: { challenge: string; code: string }, context: RequestContext, now = new Date()): Promise<SignInResult> {
  const [row] = await db
    .select({
      challengeId: loginChallenges.id,
      user: {
        id: users.id,
        practiceId: users.practiceId,
        email: users.email,
        role: users.role,
        status: users.status,
        mfaSecret: users.mfaSecret,
        mfaLastTimeStep: users.mfaLastTimeStep,
      },
    })
    .from(loginChallenges)
    .innerJoin(users, eq(users.id, loginChallenges.userId))
    .where(and(eq(loginChallenges.id, sha256Hex(input.challenge)), isNull(loginChallenges.consumedAt), gt(loginChallenges.expiresAt, now)))
    .limit(1);
  if (!row || row.user.status !== 'active' || !row.user.mfaSecret) return { status: 'challenge-expired' };
  const { user, challengeId } = row;

  const attempt = await countAttempt(db, user.email, context.ip, now);
  if (attempt.status === 'locked') return attempt;

  const ticket = await db.transaction(async (tx) => {
    const factor = await consumeSecondFactor(tx, user, input.code, now);
    if (!factor) return null;
    if (factor === 'recovery-code') {
      await audit(tx, byAccount(user), context, 'mfa.recovery_code_used', { subjectType: 'user', subjectId: user.id });
    }
    await tx.update(loginChallenges).set({ consumedAt: now }).where(eq(loginChallenges.id, challengeId));
    await attemptSucceeded(tx, attempt);
    return startSession(tx, user, context, factor, now);
  });
  if (ticket) return { status: 'signed-in', ticket, user: { id: user.id, role: user.role } };

  const [updated] = await db
    .update(loginChallenges)
    .set({ failedAttempts: sql`${loginChallenges.failedAttempts} + 1` })
    .where(eq(loginChallenges.id, challengeId))
    .returning({ failedAttempts: loginChallenges.failedAttempts });
  // Too many wrong codes use the challenge up: the password has to be given again.
  if (updated.failedAttempts >= CHALLENGE_ATTEMPTS) {
    await db.update(loginChallenges).set({ consumedAt: now }).where(eq(loginChallenges.id, challengeId));
  }
  return refuse(db, attempt, user, context, 'wrong-mfa-code', now);
}
