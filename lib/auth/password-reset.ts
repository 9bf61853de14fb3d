import { and, count, eq, gt, gte, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { authLockouts, loginChallenges, passwordResets, users } from '@/db/schema';
import { audit, recordAudit } from '@/lib/platform/audit/record';
import { env } from '@/lib/platform/config';
import { open, seal } from '@/lib/platform/crypto/secretbox';
import type { JobPayloads } from '@/lib/platform/jobs/catalogue';
import { enqueue } from '@/lib/platform/jobs/queue';
import type { JobContext } from '@/lib/platform/jobs/worker';
import { routes } from '@/lib/routes';
import { randomToken, sha256Hex } from '@/lib/platform/crypto/tokens';
import type { RequestContext } from '@/lib/platform/http';
import { sendMail } from '@/lib/platform/mail/mailer';
import { passwordResetMail } from '@/lib/platform/mail/templates';
import { hashPassword, passwordProblem } from './password';
import { revokeUserSessions } from './sessions';

const HOUR_MS = 60 * 60 * 1000;
export const RESET_MAILS_PER_HOUR = 3;

export const INVALID_RESET_LINK_MESSAGE = 'This reset link is no longer valid. You can ask for a new one.';

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
 * The 'auth.password_reset_request' job. Only an active account gets a mail, and at most three
 * an hour; the link is built from the configured public address, never from the request.
 */
export async function handlePasswordResetRequest(payload: JobPayloads['auth.password_reset_request'], { db }: JobContext) {
  const email = open(payload.sealedEmail);
  const now = new Date(payload.requestedAt);
  const context: RequestContext = { ip: payload.ip, userAgent: payload.userAgent };
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
      expiresAt: new Date(now.getTime() + HOUR_MS),
      createdAt: now,
    });
    await audit(tx, by, context, 'auth.password_reset_requested', subject);
    await sendMail(tx, { practiceId: user.practiceId, to: user.email, ...passwordResetMail({ link: `${env.publicOrigin}${routes.resetPasswordLink(token)}` }) });
  });
}

const usable = (now: Date) => and(isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now));

/** The account a reset link belongs to, or null for an unknown, used or expired link. */
export async function findUsableReset(db: DbOrTx, token: string, now = new Date()) {
  const [row] = await db
    .select({ id: passwordResets.id, userId: users.id, email: users.email, practiceId: users.practiceId })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, sha256Hex(token)), usable(now), eq(users.status, 'active')))
    .limit(1);
  return row ?? null;
}

export type ResetPasswordResult = { status: 'reset' } | { status: 'invalid' } | { status: 'weak-password'; problem: string };

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
  const problem = passwordProblem(input.password, { email: reset.email });
  if (problem) return { status: 'weak-password', problem };
  const passwordHash = await hashPassword(input.password);

  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, reset.id), usable(now)))
      .returning({ id: passwordResets.id });
    if (!claimed.length) return { status: 'invalid' as const };
    await tx.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)));
    await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, reset.userId));
    const sessionsEnded = await revokeUserSessions(tx, reset.userId, 'password-reset');
    await tx
      .update(loginChallenges)
      .set({ consumedAt: now })
      .where(and(eq(loginChallenges.userId, reset.userId), isNull(loginChallenges.consumedAt)));
    await tx
      .update(authLockouts)
      .set({ lockedUntil: now })
      .where(and(eq(authLockouts.scope, 'account'), eq(authLockouts.key, reset.email), gt(authLockouts.lockedUntil, now)));
    await recordAudit(tx, {
      practiceId: reset.practiceId,
      actorId: reset.userId,
      action: 'auth.password_reset',
      subjectType: 'user',
      subjectId: reset.userId,
      metadata: { sessionsEnded },
      context,
    });
    return { status: 'reset' as const };
  });
}
