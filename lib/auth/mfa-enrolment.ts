import { and, count, eq, isNull } from 'drizzle-orm';
import { toDataURL } from 'qrcode';
import type { Db } from '@/db/client';
import { mfaRecoveryCodes, practices, users } from '@/db/schema';
import type { AuditAction } from '@/lib/platform/audit/catalogue';
import { recordAudit } from '@/lib/platform/audit/record';
import { open, seal } from '@/lib/platform/crypto/secretbox';
import type { RequestContext } from '@/lib/platform/http';
import { consumeSecondFactor, newTotpSecret, replaceRecoveryCodes, totpUri, verifyTotp, type SecondFactor } from './mfa';
import { verifyPassword } from './password';
import { mustEnrolMfa } from './permissions';
import { revokeUserSessions } from './sessions';
import { LOCK_MS, lockedUntil, recordFailure } from './throttle';

/** Who is changing their own second factor, and the session to keep signed in. */
export interface MfaActor {
  userId: string;
  sessionId?: string;
}

type Locked = { status: 'locked'; until: Date };

export type StartEnrolmentResult =
  | { status: 'started'; setupKey: string; otpauthUri: string; qrDataUrl: string }
  | { status: 'already-enabled' };

export type ConfirmEnrolmentResult =
  | { status: 'enabled'; recoveryCodes: string[] }
  | { status: 'wrong-code' }
  | { status: 'no-pending-setup' }
  | { status: 'already-enabled' };

export type RegenerateResult = { status: 'regenerated'; recoveryCodes: string[] } | { status: 'wrong-code' } | { status: 'not-enabled' } | Locked;

export type DisableResult =
  | { status: 'disabled' }
  | { status: 'wrong-password' }
  | { status: 'wrong-code' }
  | { status: 'required-by-practice' }
  | { status: 'not-enabled' }
  | Locked;

async function loadUser(db: Db, userId: string) {
  const [row] = await db
    .select({ user: users, requireStaffMfa: practices.requireStaffMfa })
    .from(users)
    .innerJoin(practices, eq(practices.id, users.practiceId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new Error('MFA change for an unknown user');
  return { ...row.user, requireStaffMfa: row.requireStaffMfa };
}
type LoadedUser = Awaited<ReturnType<typeof loadUser>>;

const auditBase = (user: LoadedUser, context: RequestContext) => ({
  practiceId: user.practiceId,
  actorId: user.id,
  subjectType: 'user' as const,
  subjectId: user.id,
  context,
});

/**
 * A wrong password or code while managing MFA counts as a failed sign-in attempt, so a stolen
 * session cannot be used to guess the second factor: five in fifteen minutes lock the account.
 */
async function refuseAttempt<Reason extends 'wrong-code' | 'wrong-password'>(
  db: Db,
  user: LoadedUser,
  context: RequestContext,
  action: AuditAction,
  reason: Reason,
): Promise<{ status: Reason } | Locked> {
  return db.transaction(async (tx) => {
    const { accountLocked, ipLocked } = await recordFailure(tx, user.email, context.ip);
    await recordAudit(tx, { ...auditBase(user, context), action, outcome: 'failure', metadata: { reason } });
    if (!accountLocked && !ipLocked) return { status: reason };
    return { status: 'locked', until: new Date(Date.now() + LOCK_MS) };
  });
}

export async function getMfaStatus(db: Db, userId: string) {
  const [user] = await db.select({ enabledAt: users.mfaEnabledAt }).from(users).where(eq(users.id, userId));
  const [codes] = await db
    .select({ unused: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return { enabled: !!user?.enabledAt, unusedRecoveryCodes: user?.enabledAt ? codes.unused : 0 };
}

/** Creates a new secret, kept sealed as pending until the user proves their app has it. */
export async function startMfaEnrolment(db: Db, actor: MfaActor, context: RequestContext): Promise<StartEnrolmentResult> {
  const user = await loadUser(db, actor.userId);
  if (user.mfaEnabledAt) return { status: 'already-enabled' };
  const setupKey = newTotpSecret();
  const otpauthUri = totpUri(setupKey, user.email);
  const qrDataUrl = await toDataURL(otpauthUri, { margin: 1, width: 240 });
  await db.transaction(async (tx) => {
    await tx.update(users).set({ mfaPendingSecret: seal(setupKey) }).where(eq(users.id, user.id));
    await recordAudit(tx, { ...auditBase(user, context), action: 'mfa.enrolment_started' });
  });
  return { status: 'started', setupKey, otpauthUri, qrDataUrl };
}

/** Turns MFA on once a code from the pending secret checks out; returns recovery codes to show once. */
export async function confirmMfaEnrolment(
  db: Db,
  actor: MfaActor,
  code: string,
  context: RequestContext,
): Promise<ConfirmEnrolmentResult> {
  const user = await loadUser(db, actor.userId);
  if (user.mfaEnabledAt) return { status: 'already-enabled' };
  const pending = user.mfaPendingSecret;
  if (!pending) return { status: 'no-pending-setup' };
  const step = await verifyTotp(open(pending), code);
  if (step === null) return { status: 'wrong-code' };

  return db.transaction(async (tx) => {
    // Only the secret the code was checked against is activated, even if setup restarted meanwhile.
    const enabled = await tx
      .update(users)
      .set({ mfaSecret: pending, mfaPendingSecret: null, mfaEnabledAt: new Date(), mfaLastTimeStep: step })
      .where(and(eq(users.id, user.id), eq(users.mfaPendingSecret, pending), isNull(users.mfaEnabledAt)))
      .returning({ id: users.id });
    if (!enabled.length) return { status: 'no-pending-setup' } as const;
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    const otherSessionsEnded = await revokeUserSessions(tx, user.id, 'mfa-enrolled', actor.sessionId);
    await recordAudit(tx, { ...auditBase(user, context), action: 'mfa.enrolled', metadata: { otherSessionsEnded } });
    return { status: 'enabled', recoveryCodes } as const;
  });
}

/** Replaces all recovery codes; needs a current second factor. */
export async function regenerateRecoveryCodes(
  db: Db,
  actor: MfaActor,
  code: string,
  context: RequestContext,
): Promise<RegenerateResult> {
  const action = 'mfa.recovery_codes_regenerated';
  const user = await loadUser(db, actor.userId);
  const until = await lockedUntil(db, user.email, context.ip);
  if (until) return { status: 'locked', until };
  if (!user.mfaEnabledAt) return { status: 'not-enabled' };

  const recoveryCodes = await db.transaction(async (tx) => {
    const factor = await consumeSecondFactor(tx, user, code);
    if (!factor) return null;
    const codes = await replaceRecoveryCodes(tx, user.id);
    const otherSessionsEnded = await revokeUserSessions(tx, user.id, 'mfa-recovery-codes-regenerated', actor.sessionId);
    await recordAudit(tx, { ...auditBase(user, context), action, metadata: { factor, otherSessionsEnded } });
    return codes;
  });
  return recoveryCodes ? { status: 'regenerated', recoveryCodes } : refuseAttempt(db, user, context, action, 'wrong-code');
}

/**
 * Turns MFA off with the account password and a second factor (an authenticator code, or a
 * recovery code for someone who lost their phone). Staff of a practice that requires MFA cannot.
 */
export async function disableMfa(
  db: Db,
  actor: MfaActor,
  input: { password: string; code: string },
  context: RequestContext,
): Promise<DisableResult> {
  const action = 'mfa.disabled';
  const user = await loadUser(db, actor.userId);
  const until = await lockedUntil(db, user.email, context.ip);
  if (until) return { status: 'locked', until };
  if (!user.mfaEnabledAt) return { status: 'not-enabled' };
  // Would this user have to enrol again straight away? Then turning off is not theirs to choose.
  if (mustEnrolMfa({ role: user.role, requireStaffMfa: user.requireStaffMfa, mfaEnabled: false })) {
    await recordAudit(db, { ...auditBase(user, context), action, outcome: 'denied', metadata: { reason: 'required-by-practice' } });
    return { status: 'required-by-practice' };
  }
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) {
    return refuseAttempt(db, user, context, action, 'wrong-password');
  }

  const factor = await db.transaction(async (tx): Promise<SecondFactor | null> => {
    const used = await consumeSecondFactor(tx, user, input.code);
    if (!used) return null;
    await tx
      .update(users)
      .set({ mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastTimeStep: null })
      .where(eq(users.id, user.id));
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id));
    const otherSessionsEnded = await revokeUserSessions(tx, user.id, 'mfa-disabled', actor.sessionId);
    await recordAudit(tx, { ...auditBase(user, context), action, metadata: { factor: used, otherSessionsEnded } });
    return used;
  });
  return factor ? { status: 'disabled' } : refuseAttempt(db, user, context, action, 'wrong-code');
}
