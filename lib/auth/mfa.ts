import { randomInt } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import type { DbOrTx } from '@/db/client';
import { mfaRecoveryCodes, users, type User } from '@/db/schema';
import { open } from '@/lib/platform/crypto/secretbox';
import { sha256Hex } from '@/lib/platform/crypto/tokens';

export const RECOVERY_CODE_COUNT = 10;
const TOTP_ISSUER = 'Hearth';
// Accept the neighbouring 30-second step either side, for phones whose clocks drift a little.
const EPOCH_TOLERANCE = 30;

export const newTotpSecret = () => generateSecret();

export const totpUri = (secret: string, email: string) => generateURI({ issuer: TOTP_ISSUER, label: email, secret });

export const normalizeTotp = (code: string) => code.replace(/\s+/g, '');

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

export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

export const looksLikeRecoveryCode = (code: string) => normalizeRecoveryCode(code).length === 10;

/** Replaces every recovery code of the user; returns the new plain codes to show once. */
export async function replaceRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  await tx.insert(mfaRecoveryCodes).values(codes.map((code) => ({ userId, codeHash: sha256Hex(normalizeRecoveryCode(code)) })));
  return codes;
}

/** Marks a matching unused code as used; true when one was found. */
export async function useRecoveryCode(tx: DbOrTx, userId: string, code: string): Promise<boolean> {
  const used = await tx
    .update(mfaRecoveryCodes)
    .set({ usedAt: new Date() })
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
export async function claimTotpStep(tx: DbOrTx, userId: string, step: number): Promise<boolean> {
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
): Promise<SecondFactor | null> {
  if (!user.mfaSecret) return null;
  const step = await verifyTotp(open(user.mfaSecret), code, user.mfaLastTimeStep);
  if (step !== null) return (await claimTotpStep(tx, user.id, step)) ? 'totp' : null;
  if (looksLikeRecoveryCode(code) && (await useRecoveryCode(tx, user.id, code))) return 'recovery-code';
  return null;
}
