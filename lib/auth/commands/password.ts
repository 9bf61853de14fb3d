import { hash, verify } from '@node-rs/argon2';
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { passwordResets, users } from '@/db/schema';
import { audit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { isEmailAsPassword, normalizePassword, type AccountActor } from '../model';
import { usableReset } from '../queries';
import { revokeUserSessions } from './sessions';

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id; the package's const enum cannot be imported here */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalizePassword(password));
  } catch {
    return false;
  }
}

// Used when the account does not exist, so a wrong email costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('hearth-timing-equaliser-not-a-password');
  await verifyPassword(await dummyHash, password);
}

/**
 * Cancels every reset link of the account still open, when its password or second factor
 * changes: a link left in a mailbox would otherwise undo the change. Returns how many.
 */
export async function cancelResetLinks(tx: DbOrTx, userId: string, now: Date): Promise<number> {
  const cancelled = await tx
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), usableReset(now)))
    .returning({ id: passwordResets.id });
  return cancelled.length;
}

/** 'weak-password': the new password is the account's email, the one rule its input schema cannot know. */
export type ChangePasswordResult = { status: 'changed'; otherSessionsEnded: number } | { status: 'wrong-password' } | { status: 'weak-password' };

/**
 * Changes the actor's own password, given the current one. Everyone else holding a session (a
 * lost phone, a shared computer) is signed out, and every open reset link stops working: one
 * sitting in a mailbox would otherwise still set a password of its own.
 */
export async function changePassword(
  db: Db,
  actor: AccountActor,
  input: { currentPassword: string; newPassword: string },
  context: RequestContext,
  now = new Date(),
): Promise<ChangePasswordResult> {
  const [account] = await db.select({ passwordHash: users.passwordHash, email: users.email }).from(users).where(eq(users.id, actor.id));
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, input.currentPassword))) return { status: 'wrong-password' };
  if (isEmailAsPassword(input.newPassword, account.email)) return { status: 'weak-password' };
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, actor.id));
    const otherSessionsEnded = await revokeUserSessions(tx, actor.id, 'password-changed', actor.sessionId, now);
    const resetLinksCancelled = await cancelResetLinks(tx, actor.id, now);
    await audit(tx, actor, context, 'auth.password_changed', {
      subjectType: 'user',
      subjectId: actor.id,
      metadata: { otherSessionsEnded, resetLinksCancelled },
    });
    return { status: 'changed', otherSessionsEnded } as const;
  });
}
