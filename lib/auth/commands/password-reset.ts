import { and, count, eq, gt, gte, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { authLockouts, loginChallenges, passwordResets, users } from '@/db/schema';
import { audit } from '@/lib/platform/audit/record';
import { env } from '@/lib/platform/config';
import { seal } from '@/lib/platform/crypto/secretbox';
import { randomToken, sha256Hex } from '@/lib/platform/crypto/tokens';
import type { RequestContext } from '@/lib/platform/http';
import { enqueue } from '@/lib/platform/jobs/queue';
import { sendMail } from '@/lib/platform/mail/mailer';
import { passwordResetMail } from '@/lib/platform/mail/templates';
import { routes } from '@/lib/routes';
import { RESET_LINK_VALID_MS, RESET_MAILS_PER_HOUR, isEmailAsPassword } from '../model';
import { accountKey, findUsableReset, usableReset } from '../queries';
import { cancelResetLinks, hashPassword } from './password';
import { revokeUserSessions } from './sessions';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Asks for a password reset. The answer must not tell whether an account exists, not even by
 * how long it takes: so this does the same small thing for every address, queueing a job (the
 * address sealed) that does the real work after the answer has gone.
 */
export async function requestPasswordReset(db: DbOrTx, email: string, context: RequestContext, now = new Date()): Promise<void> {
  await enqueue(db, 'auth.password_reset_request', {
    sealedEmail: seal(email),
    ip: context.ip,
    userAgent: context.userAgent,
    requestedAt: now.toISOString(),
  });
}

/**
 * The real work of a reset request, run by its job. Only an active account gets a mail, and at
 * most three an hour; the link is built from the configured public address, never from the request.
 */
export async function issuePasswordReset(db: Db, email: string, context: RequestContext, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    // Locking the account row counts concurrent requests one at a time against the hourly limit.
    const [user] = await tx
      .select({ id: users.id, practiceId: users.practiceId, email: users.email })
      .from(users)
      .where(and(eq(users.email, email), eq(users.status, 'active')))
      .for('update');
    if (!user) return;

    const by = { id: null, practiceId: user.practiceId };
    const subject = { subjectType: 'user', subjectId: user.id } as const;
    const [recent] = await tx
      .select({ n: count() })
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, user.id), gte(passwordResets.createdAt, new Date(now.getTime() - HOUR_MS))));
    if (recent.n >= RESET_MAILS_PER_HOUR) {
      await audit(tx, by, context, 'auth.password_reset_requested', { ...subject, outcome: 'denied', metadata: { reason: 'rate-limited' } });
      return;
    }

    const token = randomToken();
    await tx.insert(passwordResets).values({
      userId: user.id,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(now.getTime() + RESET_LINK_VALID_MS),
      createdAt: now,
    });
    await audit(tx, by, context, 'auth.password_reset_requested', subject);
    await sendMail(tx, { practiceId: user.practiceId, to: user.email, ...passwordResetMail({ link: `${env.publicOrigin}${routes.resetPasswordLink(token)}` }) });
  });
}

/** 'weak-password': the new password is the account's email, the one rule its input schema cannot know. */
export type ResetPasswordResult = { status: 'reset' } | { status: 'invalid' } | { status: 'weak-password' };

/**
 * Sets a new password through a reset link. In one transaction: the link is used up (a
 * conditional update, so it works once even under a race), as are the account's other reset
 * links; the password changes; every session ends and pending sign-in challenges are consumed,
 * so whoever knew the old password is out; and the account lockout is lifted, since the person
 * has just proved they hold the mailbox.
 */
export async function resetPassword(db: Db, input: { token: string; password: string }, context: RequestContext, now = new Date()): Promise<ResetPasswordResult> {
  const reset = await findUsableReset(db, input.token, now);
  if (!reset) return { status: 'invalid' };
  if (isEmailAsPassword(input.password, reset.email)) return { status: 'weak-password' };
  const passwordHash = await hashPassword(input.password);

  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, reset.id), usableReset(now)))
      .returning({ id: passwordResets.id });
    if (!claimed.length) return { status: 'invalid' as const };
    await cancelResetLinks(tx, reset.userId, now);
    await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, reset.userId));
    const sessionsEnded = await revokeUserSessions(tx, reset.userId, 'password-reset', undefined, now);
    await tx
      .update(loginChallenges)
      .set({ consumedAt: now })
      .where(and(eq(loginChallenges.userId, reset.userId), isNull(loginChallenges.consumedAt)));
    await tx
      .update(authLockouts)
      .set({ lockedUntil: now })
      .where(and(eq(authLockouts.scope, 'account'), eq(authLockouts.key, accountKey(reset.email)), gt(authLockouts.lockedUntil, now)));
    await audit(tx, { id: reset.userId, practiceId: reset.practiceId }, context, 'auth.password_reset', {
      subjectType: 'user',
      subjectId: reset.userId,
      metadata: { sessionsEnded },
    });
    return { status: 'reset' as const };
  });
}
