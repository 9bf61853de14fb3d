import { describe, expect, it } from 'vitest';
import commonPasswords from '@/lib/auth/common-passwords.json';
import { hashPassword, verifyPassword } from '@/lib/auth/commands/password';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/model';
import { commonPasswordCount, newPasswordSchema, passwordProblem } from '@/lib/auth/schemas';

describe('password policy (NIST 800-63B)', () => {
  it('requires 12 characters, counted in code points rather than UTF-16 units', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(passwordProblem('abcdefghijk')).toMatch(/at least 12/);
    expect(passwordProblem('kestrel lamp')).toBeNull();
    // Eleven emoji are 22 UTF-16 units but only 11 characters.
    const fire = '\u{1F525}';
    expect(fire.repeat(11).length).toBe(22);
    expect(passwordProblem(fire.repeat(11))).toMatch(/at least 12/);
    expect(passwordProblem(fire.repeat(12))).toBeNull();
  });

  it('refuses passwords longer than 256 characters', () => {
    expect(passwordProblem('a'.repeat(256))).toBeNull();
    expect(passwordProblem('a'.repeat(257))).toMatch(/at most 256/);
  });

  it('ships a blocklist of at least 10,000 common passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    expect(commonPasswordCount()).toBe(new Set(commonPasswords as string[]).size);
  });

  it('refuses a common password whatever its case', () => {
    const long = (commonPasswords as string[]).filter((p) => [...p].length >= 12);
    expect(long.length).toBeGreaterThan(0);
    expect(long).toContain('qwerty123456');
    expect(passwordProblem('qwerty123456')).toMatch(/too common/);
    expect(passwordProblem('QWERTY123456')).toMatch(/too common/);
    expect(passwordProblem('QwErTy123456')).toMatch(/too common/);
    for (const p of long.slice(0, 50)) expect(passwordProblem(p.toUpperCase()), p).toMatch(/too common/);
  });

  it('refuses the account email as password, case-insensitively', () => {
    expect(passwordProblem('Jordan.Lee@Example.com', { email: 'jordan.lee@example.com' })).toMatch(/email/);
    expect(passwordProblem('jordan.lee@example.com', { email: 'Jordan.Lee@Example.com' })).toMatch(/email/);
    expect(passwordProblem('jordan.lee@example.com', { email: 'someone.else@example.com' })).toBeNull();
  });

  it('has no composition rules: a long lowercase passphrase passes', () => {
    expect(passwordProblem('correct horse battery staple')).toBeNull();
    expect(passwordProblem('quietmorningsbytheriver')).toBeNull();
    expect(newPasswordSchema.safeParse('quietmorningsbytheriver').success).toBe(true);
    expect(newPasswordSchema.safeParse('short').success).toBe(false);
    expect(newPasswordSchema.safeParse('qwerty123456').success).toBe(false);
  });
});

describe('password hashing', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('quietmorningsbytheriver');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(hash).not.toContain('quietmorningsbytheriver');
    expect(await verifyPassword(hash, 'quietmorningsbytheriver')).toBe(true);
    expect(await verifyPassword(hash, 'quietmorningsbytheriveR')).toBe(false);
    // Same password, new salt.
    expect(await hashPassword('quietmorningsbytheriver')).not.toBe(hash);
  });

  it('normalises Unicode (NFKC): composed and decomposed forms are the same password', async () => {
    const composed = 'café au lait près de la mer';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const hash = await hashPassword(decomposed);
    expect(await verifyPassword(hash, composed)).toBe(true);
    expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
    // Length is counted after normalisation: eleven decomposed accented letters are eleven characters.
    expect([...'é'.normalize('NFD').repeat(11)].length).toBe(22);
    expect(passwordProblem('é'.normalize('NFD').repeat(11))).toMatch(/at least 12/);
  });

  it('treats a malformed stored hash as a wrong password instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'anything-at-all')).toBe(false);
  });
});
