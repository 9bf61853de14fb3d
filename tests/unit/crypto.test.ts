import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from '@/lib/platform/crypto/secretbox';
import { randomToken, safeEqual, sha256Hex } from '@/lib/platform/crypto/tokens';

const key = randomBytes(32);

describe('secretbox (AES-256-GCM)', () => {
  it('round-trips text, including non-ASCII and empty text', () => {
    for (const text of ['JBSWY3DPEHPK3PXP', 'héllo \u{1F525} wörld', '']) expect(open(seal(text, key), key)).toBe(text);
  });

  it('produces a different ciphertext each time for the same input', () => {
    const a = seal('same secret', key);
    const b = seal('same secret', key);
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(a).not.toContain('same secret');
  });

  it('throws when any byte of the sealed value was changed', () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', key);
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    for (const position of [0, 11, 12, 27, 28, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[position] ^= 0x01;
      expect(() => open(`v1.${tampered.toString('base64url')}`, key), `byte ${position}`).toThrow();
    }
  });

  it('throws with the wrong key', () => {
    expect(() => open(seal('JBSWY3DPEHPK3PXP', key), randomBytes(32))).toThrow();
  });

  it('throws for truncated values and unknown formats', () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', key);
    expect(() => open(sealed.slice(0, 20), key)).toThrow();
    expect(() => open('v1.', key)).toThrow();
    expect(() => open('v2.' + sealed.slice(3), key)).toThrow();
    expect(() => open('JBSWY3DPEHPK3PXP', key)).toThrow();
  });

  it('refuses a shortened authentication tag (which could be forged by trial)', () => {
    // A 4-byte tag over an empty ciphertext: 2^32 guesses would forge it without the key.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 4 });
    const body = Buffer.concat([cipher.update('', 'utf8'), cipher.final()]);
    const forged = `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    expect(() => open(forged, key)).toThrow();
  });
});

describe('tokens', () => {
  it('makes URL-safe, distinct tokens of 256 bits by default', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => randomToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
    expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16);
  });

  it('hashes with SHA-256 in hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('compares in constant time and only equal strings are equal', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
