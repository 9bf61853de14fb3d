import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { newRecoveryCodes, newTotpSecret, totpUri, verifyTotp } from './commands/mfa';
import { RECOVERY_CODE_COUNT, looksLikeRecoveryCode, normalizeRecoveryCode, normalizeTotp } from './model';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const codeAt = (secret: string, offsetSeconds: number) => generate({ secret, epoch: nowSeconds() + offsetSeconds });

describe('verifyTotp', () => {
  const secret = newTotpSecret();

  it('accepts the current code and returns its time step', async () => {
    const stepBefore = Math.floor(nowSeconds() / 30);
    const step = await verifyTotp(secret, await generate({ secret }));
    // The 30-second boundary may pass while the code is made.
    expect([stepBefore, stepBefore + 1]).toContain(step);
  });

  it('accepts a code typed with spaces', async () => {
    const code = await generate({ secret });
    expect(await verifyTotp(secret, ` ${code.slice(0, 3)} ${code.slice(3)} `)).not.toBeNull();
  });

  it('accepts the neighbouring step for a drifting clock, but not older codes', async () => {
    expect(await verifyTotp(secret, await codeAt(secret, 30))).not.toBeNull();
    expect(await verifyTotp(secret, await codeAt(secret, -120))).toBeNull();
  });

  it('rejects a code from another secret', async () => {
    const other = newTotpSecret();
    expect(await verifyTotp(secret, await generate({ secret: other }))).toBeNull();
  });

  it('rejects a replayed code: one at or before the last accepted step', async () => {
    const code = await generate({ secret });
    const step = await verifyTotp(secret, code);
    expect(step).not.toBeNull();
    expect(await verifyTotp(secret, code, step)).toBeNull();
    // A later code is still fine after an earlier one was used.
    expect(await verifyTotp(secret, await codeAt(secret, 30), step)).toBeGreaterThan(step!);
  });

  it.each(['', '12345', '1234567', 'abcdef', '12-34-56', '１２３４５６'])('rejects the malformed code %j', async (code) => {
    expect(await verifyTotp(secret, code)).toBeNull();
  });

  it('normalises only whitespace', () => {
    expect(normalizeTotp(' 123\t456 ')).toBe('123456');
  });
});

describe('totpUri', () => {
  it('names Hearth as the issuer and the email as the account', () => {
    const uri = new URL(totpUri('JBSWY3DPEHPK3PXP', 'robin@demo.test'));
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toContain('Hearth:robin@demo.test');
    expect(uri.searchParams.get('issuer')).toBe('Hearth');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
  });
});

describe('recovery codes', () => {
  it('come as ten distinct xxxxx-xxxxx codes without look-alike characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it('normalise case, dashes and spaces so a code can be typed loosely', () => {
    expect(normalizeRecoveryCode(' AbCdE-fGhJk ')).toBe('abcdefghjk');
    expect(normalizeRecoveryCode('abcde fghjk')).toBe('abcdefghjk');
    expect(looksLikeRecoveryCode('ABCDE-FGHJK')).toBe(true);
    expect(looksLikeRecoveryCode('abcde')).toBe(false);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
