import { randomInt } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import { toDataURL } from 'qrcode';
import type { Db, DbOrTx } from '@/db/client';
import { mfaRecoveryCodes, users, type User } from '@/db/schema';
import type { AuditAction } from '@/lib/platform/audit/catalogue';
import { audit } from '@/lib/platform/audit/record';
import { open, seal } from '@/lib/platform/crypto/secretbox';
import { sha256Hex } from '@/lib/platform/crypto/tokens';
import type { RequestContext } from '@/lib/platform/http';
import { LOCK_MS, RECOVERY_CODE_COUNT, looksLikeRecoveryCode, normalizeRecoveryCode, normalizeTotp, type AccountActor } from '../model';
import { mustEnrolMfa } from '../permissions';
import { findAccountForMfa } from '../queries';
import { cancelResetLinks, verifyPassword } from './password';
import { revokeUserSessions } from './sessions';
import { attemptFailed, countAttempt, uncountAttempt, type CountedAttempt } from './throttle';

const TOTP_ISSUER = 'Hearth';
// Accept the neighbouring 30-second step either side, for phones whose clocks drift a little.
const EPOCH_TOLERANCE = 30;

export const newTotpSecret = () => generateSecret();

export const totpUri = (secret: string, email: string) => generateURI({ issuer: TOTP_ISSUER, label: email, secret });

/** Returns the accepted time step, or null. Steps at or before `afterTimeStep` are replays. */
export async function verifyTotp(secret: string, code: string, afterTimeStep?: number | null): Promise<number | null> {
  const token = normalizeTotp(code);
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const result = await verify({
      secret,
      token,
      epochTolerance: EPOCH_TOLERANCE,
      ...(afterTimeStep != null ? { afterTimeStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

// Recovery codes: 10 characters from an alphabet without look-alikes, shown as xxxxx-xxxxx.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** Replaces every recovery code of the user; returns the new plain codes to show once. */
async function replaceRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  await tx.insert(mfaRecoveryCodes).values(codes.map((code) => ({ userId, codeHash: sha256Hex(normalizeRecoveryCode(code)) })));
  return codes;
}

/** Marks a matching unused code as used; true when one was found. */
async function spendRecoveryCode(tx: DbOrTx, userId: string, code: string, now: Date): Promise<boolean> {
  const used = await tx
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(mfaRecoveryCodes.userId, userId),
        eq(mfaRecoveryCodes.codeHash, sha256Hex(normalizeRecoveryCode(code))),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: mfaRecoveryCodes.id });
  return used.length > 0;
}

/** Records `step` as the user's last accepted TOTP step; false when it (or a later one) was already used. */
async function claimTotpStep(tx: DbOrTx, userId: string, step: number): Promise<boolean> {
  // The conditional update makes a code usable once, even if two requests race.
  const claimed = await tx
    .update(users)
    .set({ mfaLastTimeStep: step })
    .where(and(eq(users.id, userId), sql`coalesce(${users.mfaLastTimeStep}, -1) < ${step}`))
    .returning({ id: users.id });
  return claimed.length > 0;
}

export type SecondFactor = 'totp' | 'recovery-code';

/**
 * Checks and uses up a second factor of a user with MFA on: a current authenticator code
 * (claimed so it cannot be replayed) or an unused recovery code. Returns which one, or null.
 */
export async function consumeSecondFactor(
  tx: DbOrTx,
  user: Pick<User, 'id' | 'mfaSecret' | 'mfaLastTimeStep'>,
  code: string,
  now = new Date(),
): Promise<SecondFactor | null> {
  if (!user.mfaSecret) return null;
  const step = await verifyTotp(open(user.mfaSecret), code, user.mfaLastTimeStep);
  if (step !== null) return (await claimTotpStep(tx, user.id, step)) ? 'totp' : null;
  if (looksLikeRecoveryCode(code) && (await spendRecoveryCode(tx, user.id, code, now))) return 'recovery-code';
  return null;
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

const aboutSelf = (actor: AccountActor) => ({ subjectType: 'user', subjectId: actor.id }) as const;

/**
 * A wrong password or code while managing MFA counts as a failed sign-in attempt, so a stolen
 * session cannot be used to guess the second factor: five in fifteen minutes lock the account.
 */
async function refuseAttempt<Reason extends 'wrong-code' | 'wrong-password'>(
  db: Db,
  attempt: CountedAttempt,
  actor: AccountActor,
  context: RequestContext,
  action: AuditAction,
  reason: Reason,
  now: Date,
): Promise<{ status: Reason } | Locked> {
  return db.transaction(async (tx) => {
    const { accountLocked, ipLocked } = await attemptFailed(tx, attempt, actor, context, now);
    await audit(tx, actor, context, action, { ...aboutSelf(actor), outcome: 'failure', metadata: { reason } });
    if (!accountLocked && !ipLocked) return { status: reason };
    return { status: 'locked', until: new Date(now.getTime() + LOCK_MS) };
  });
}

/** Creates a new secret, kept sealed as pending until the user proves their app has it. */
export async function startMfaEnrolment(db: Db, actor: AccountActor, context: RequestContext): Promise<StartEnrolmentResult> {
  const user = await findAccountForMfa(db, actor.id);
  if (user.mfaEnabledAt) return { status: 'already-enabled' };
  const setupKey = newTotpSecret();
  const otpauthUri = totpUri(setupKey, user.email);
  const qrDataUrl = await toDataURL(otpauthUri, { margin: 1, width: 240 });
  await db.transaction(async (tx) => {
    await tx.update(users).set({ mfaPendingSecret: seal(setupKey) }).where(eq(users.id, user.id));
    await audit(tx, actor, context, 'mfa.enrolment_started', aboutSelf(actor));
  });
  return { status: 'started', setupKey, otpauthUri, qrDataUrl };
}

/**
 * Turns MFA on once a code from the pending secret checks out; returns recovery codes to show
 * once. Other sessions end, and open reset links are cancelled (they would bypass the new factor).
 */
export async function confirmMfaEnrolment(
  db: Db,
  actor: AccountActor,
  input: { code: string },
  context: RequestContext,
  now = new Date(),
): Promise<ConfirmEnrolmentResult> {
  const user = await findAccountForMfa(db, actor.id);
  if (user.mfaEnabledAt) return { status: 'already-enabled' };
  const pending = user.mfaPendingSecret;
  if (!pending) return { status: 'no-pending-setup' };
  const step = await verifyTotp(open(pending), input.code);
  if (step === null) return { status: 'wrong-code' };

  return db.transaction(async (tx) => {
    // Only the secret the code was checked against is activated, even if setup restarted meanwhile.
    const enabled = await tx
      .update(users)
      .set({ mfaSecret: pending, mfaPendingSecret: null, mfaEnabledAt: now, mfaLastTimeStep: step })
      .where(and(eq(users.id, user.id), eq(users.mfaPendingSecret, pending), isNull(users.mfaEnabledAt)))
      .returning({ id: users.id });
    if (!enabled.length) return { status: 'no-pending-setup' } as const;
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    const otherSessionsEnded = await revokeUserSessions(tx, user.id, 'mfa-enrolled', actor.sessionId, now);
    const resetLinksCancelled = await cancelResetLinks(tx, user.id, now);
    await audit(tx, actor, context, 'mfa.enrolled', { ...aboutSelf(actor), metadata: { otherSessionsEnded, resetLinksCancelled } });
    return { status: 'enabled', recoveryCodes } as const;
  });
}

/** Replaces all recovery codes; needs a current second factor. */
export async function regenerateRecoveryCodes(
  db: Db,
  actor: AccountActor,
  input: { code: string },
  context: RequestContext,
  now = new Date(),
): Promise<RegenerateResult> {
  const action = 'mfa.recovery_codes_regenerated';
  const user = await findAccountForMfa(db, actor.id);
  const attempt = await countAttempt(db, user.email, context.ip, now);
  if (attempt.status === 'locked') return attempt;
  if (!user.mfaEnabledAt) {
    await uncountAttempt(db, attempt);
    return { status: 'not-enabled' };
  }

  const recoveryCodes = await db.transaction(async (tx) => {
    const factor = await consumeSecondFactor(tx, user, input.code, now);
    if (!factor) return null;
    await uncountAttempt(tx, attempt);
    const codes = await replaceRecoveryCodes(tx, user.id);
    const otherSessionsEnded = await revokeUserSessions(tx, user.id, 'mfa-recovery-codes-regenerated', actor.sessionId, now);
    const resetLinksCancelled = await cancelResetLinks(tx, user.id, now);
    await audit(tx, actor, context, action, { ...aboutSelf(actor), metadata: { factor, otherSessionsEnded, resetLinksCancelled } });
    return codes;
  });
  return recoveryCodes ? { status: 'regenerated', recoveryCodes } : refuseAttempt(db, attempt, actor, context, action, 'wrong-code', now);
}

/**
 * Turns MFA off with the account password and a second factor (an authenticator code, or a
 * recovery code for someone who lost their phone). Staff of a practice that requires MFA cannot.
 */
export async function disableMfa(
  db: Db,
  actor: AccountActor,
  input: { password: string; code: string },
  context: RequestContext,
  now = new Date(),
): Promise<DisableResult> {
  const action = 'mfa.disabled';
  const user = await findAccountForMfa(db, actor.id);
  // Counted before the password check, so parallel guesses cannot outrun the limit.
  const attempt = await countAttempt(db, user.email, context.ip, now);
  if (attempt.status === 'locked') return attempt;
  if (!user.mfaEnabledAt) {
    await uncountAttempt(db, attempt);
    return { status: 'not-enabled' };
  }
  // Would this user have to enrol again straight away? Then turning off is not theirs to choose.
  if (mustEnrolMfa({ role: user.role, requireStaffMfa: user.requireStaffMfa, mfaEnabled: false })) {
    await db.transaction(async (tx) => {
      await uncountAttempt(tx, attempt);
      await audit(tx, actor, context, action, { ...aboutSelf(actor), outcome: 'denied', metadata: { reason: 'required-by-practice' } });
    });
    return { status: 'required-by-practice' };
  }
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) {
    return refuseAttempt(db, attempt, actor, context, action, 'wrong-password', now);
  }

  const factor = await db.transaction(async (tx): Promise<SecondFactor | null> => {
    const used = await consumeSecondFactor(tx, user, input.code, now);
    if (!used) return null;
    await uncountAttempt(tx, attempt);
    await tx
      .update(users)
      .set({ mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastTimeStep: null })
      .where(eq(users.id, user.id));
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id));
    const otherSessionsEnded = await revokeUserSessions(tx, user.id, 'mfa-disabled', actor.sessionId, now);
    const resetLinksCancelled = await cancelResetLinks(tx, user.id, now);
    await audit(tx, actor, context, action, { ...aboutSelf(actor), metadata: { factor: used, otherSessionsEnded, resetLinksCancelled } });
    return used;
  });
  return factor ? { status: 'disabled' } : refuseAttempt(db, attempt, actor, context, action, 'wrong-code', now);
}
