import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { loginChallenges, users, type User } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { randomToken, sha256Hex } from '@/lib/platform/crypto/tokens';
import type { RequestContext } from '@/lib/platform/http';
import { consumeSecondFactor } from './mfa';
import { burnPasswordCheck, verifyPassword } from './password';
import { createSession } from './sessions';
import { lockedUntil, recordFailure, recordSuccess } from './throttle';

const CHALLENGE_MS = 5 * 60 * 1000;
const CHALLENGE_ATTEMPTS = 5;

export type SignInResult =
  | { status: 'signed-in'; ticket: string; user: Pick<User, 'id' | 'role'> }
  | { status: 'mfa-required'; challenge: string }
  | { status: 'invalid' }
  | { status: 'locked'; until: Date }
  | { status: 'challenge-expired' };

async function failAttempt(
  db: Db,
  email: string,
  user: Pick<User, 'id' | 'practiceId'> | undefined,
  context: RequestContext,
  reason: string,
): Promise<SignInResult> {
  const locked = await db.transaction(async (tx) => {
    const result = await recordFailure(tx, email, context.ip);
    const base = { practiceId: user?.practiceId ?? null, actorId: user?.id ?? null, subjectType: 'user' as const, subjectId: user?.id, context };
    await recordAudit(tx, { ...base, action: 'auth.signin', outcome: 'failure', metadata: { reason } });
    if (result.accountLocked || result.ipLocked) {
      await recordAudit(tx, { ...base, action: 'auth.lockout', outcome: 'denied', metadata: { scope: result.accountLocked ? 'account' : 'ip' } });
    }
    return result.accountLocked || result.ipLocked;
  });
  return locked ? { status: 'locked', until: new Date(Date.now() + 15 * 60 * 1000) } : { status: 'invalid' };
}

async function startSession(db: Db, user: User, context: RequestContext, method: string): Promise<SignInResult> {
  const { ticket } = await db.transaction(async (tx) => {
    await recordSuccess(tx, user.email, context.ip);
    const session = await createSession(tx, user.id, context);
    await recordAudit(tx, {
      practiceId: user.practiceId,
      actorId: user.id,
      action: 'auth.signin',
      subjectType: 'user',
      subjectId: user.id,
      metadata: { method },
      context,
    });
    return session;
  });
  return { status: 'signed-in', ticket, user };
}

/**
 * First step of sign-in. Unknown emails, wrong passwords and deactivated accounts all answer
 * 'invalid' after the same work, so the answer never tells which accounts exist.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string },
  context: RequestContext,
): Promise<SignInResult> {
  const until = await lockedUntil(db, input.email, context.ip);
  if (until) return { status: 'locked', until };

  const [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password);
    return failAttempt(db, input.email, user, context, 'unknown-account');
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    return failAttempt(db, input.email, user, context, 'wrong-password');
  }
  if (user.status !== 'active') return failAttempt(db, input.email, user, context, 'deactivated');

  if (user.mfaEnabledAt && user.mfaSecret) {
    const challenge = randomToken();
    await db.insert(loginChallenges).values({
      id: sha256Hex(challenge),
      userId: user.id,
      expiresAt: new Date(Date.now() + CHALLENGE_MS),
    });
    return { status: 'mfa-required', challenge };
  }
  return startSession(db, user, context, 'password');
}

/** Second step for accounts with MFA: a current authenticator code or an unused recovery code. */
export async function completeMfaSignIn(
  db: Db,
  input: { challenge: string; code: string },
  context: RequestContext,
): Promise<SignInResult> {
  const [row] = await db
    .select({ challenge: loginChallenges, user: users })
    .from(loginChallenges)
    .innerJoin(users, eq(users.id, loginChallenges.userId))
    .where(
      and(
        eq(loginChallenges.id, sha256Hex(input.challenge)),
        isNull(loginChallenges.consumedAt),
        gt(loginChallenges.expiresAt, new Date()),
      ),
    )
    .limit(1);
  if (!row || row.user.status !== 'active' || !row.user.mfaSecret) return { status: 'challenge-expired' };
  const { user, challenge } = row;

  const until = await lockedUntil(db, user.email, context.ip);
  if (until) return { status: 'locked', until };

  const factor = await db.transaction(async (tx) => {
    const used = await consumeSecondFactor(tx, user, input.code);
    if (used === 'recovery-code') {
      await recordAudit(tx, { practiceId: user.practiceId, actorId: user.id, action: 'mfa.recovery_code_used', subjectType: 'user', subjectId: user.id, context });
    }
    return used;
  });
  if (factor) {
    await consumeChallenge(db, challenge.id);
    return startSession(db, user, context, factor);
  }

  const [updated] = await db
    .update(loginChallenges)
    .set({ failedAttempts: sql`${loginChallenges.failedAttempts} + 1` })
    .where(eq(loginChallenges.id, challenge.id))
    .returning({ failedAttempts: loginChallenges.failedAttempts });
  if (updated.failedAttempts >= CHALLENGE_ATTEMPTS) await consumeChallenge(db, challenge.id);
  return failAttempt(db, user.email, user, context, 'wrong-mfa-code');
}

async function consumeChallenge(db: Db, id: string) {
  await db.update(loginChallenges).set({ consumedAt: new Date() }).where(eq(loginChallenges.id, id));
}
