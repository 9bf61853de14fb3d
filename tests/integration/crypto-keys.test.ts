import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authSecret, derivedKey, encryptionKey, loadSecret } from '@/lib/platform/crypto/keys';
import { open, seal } from '@/lib/platform/crypto/secretbox';

const NAMES = ['DATA_DIR', 'DATABASE_URL', 'HEARTH_ENCRYPTION_KEY', 'AUTH_SECRET'] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
const dirs: string[] = [];

function freshDataDir() {
  // A folder that does not exist yet, inside a temp folder we remove afterwards.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-keys-'));
  dirs.push(parent);
  return path.join(parent, 'data');
}

describe('secrets for the embedded database', () => {
  let dataDir: string;
  beforeEach(() => {
    for (const name of NAMES) delete process.env[name];
    dataDir = freshDataDir();
    process.env.DATA_DIR = dataDir;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('generates the encryption key into DATA_DIR, readable by its owner alone, and reuses it', () => {
    const key = encryptionKey();
    expect(key).toHaveLength(32);
    const file = path.join(dataDir, 'encryption.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64').equals(key)).toBe(true);
    expect(encryptionKey().equals(key)).toBe(true);
    // No temporary files left behind.
    expect(fs.readdirSync(dataDir)).toEqual(['encryption.key']);
    // Data sealed with the generated key opens with the key read back from the file.
    expect(open(seal('JBSWY3DPEHPK3PXP'))).toBe('JBSWY3DPEHPK3PXP');
  });

  it('generates a separate auth secret the same way', () => {
    const secret = authSecret();
    expect(Buffer.from(secret, 'base64')).toHaveLength(32);
    expect(fs.statSync(path.join(dataDir, 'auth-secret.key')).mode & 0o777).toBe(0o600);
    expect(authSecret()).toBe(secret);
    expect(Buffer.from(secret, 'base64').equals(encryptionKey())).toBe(false);
  });

  it('refuses a damaged key file instead of using a short key', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'auth-secret.key'), 'abcd\n', { mode: 0o600 });
    expect(() => authSecret()).toThrow(/at least 32 bytes/);
    fs.writeFileSync(path.join(dataDir, 'encryption.key'), '', { mode: 0o600 });
    expect(() => encryptionKey()).toThrow(/at least 32 bytes/);
  });

  it('prefers the environment, and refuses a short key there', () => {
    const key = randomBytes(32);
    process.env.HEARTH_ENCRYPTION_KEY = key.toString('base64');
    expect(encryptionKey().equals(key)).toBe(true);
    expect(fs.existsSync(dataDir)).toBe(false);
    process.env.HEARTH_ENCRYPTION_KEY = randomBytes(16).toString('base64');
    expect(() => encryptionKey()).toThrow(/at least 32 bytes/);
  });

  it('throws with DATABASE_URL set and no key in the environment, and writes nothing', () => {
    process.env.DATABASE_URL = 'postgres://hearth@127.0.0.1:1/hearth';
    expect(() => encryptionKey()).toThrow(/HEARTH_ENCRYPTION_KEY must be set when DATABASE_URL is set/);
    expect(() => authSecret()).toThrow(/AUTH_SECRET must be set/);
    expect(() => loadSecret('HEARTH_ENCRYPTION_KEY', 'encryption.key')).toThrow();
    expect(fs.existsSync(dataDir)).toBe(false);
    process.env.HEARTH_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    expect(encryptionKey()).toHaveLength(32);
  });

  it('reads a key file once per process, not on every use', () => {
    const key = encryptionKey();
    const reads = vi.spyOn(fs, 'readFileSync');
    for (let i = 0; i < 5; i++) expect(encryptionKey().equals(key)).toBe(true);
    expect(authSecret()).toBe(authSecret());
    // The auth secret's file was read (written) once, the encryption key's not at all again.
    expect(reads.mock.calls.filter(([file]) => String(file).endsWith('encryption.key'))).toHaveLength(0);
    expect(reads.mock.calls.filter(([file]) => String(file).endsWith('auth-secret.key')).length).toBeLessThanOrEqual(1);
  });

  it('derives a separate key for each purpose, never the encryption key itself', () => {
    const a = derivedKey('one purpose');
    expect(a).toHaveLength(32);
    expect(derivedKey('one purpose').equals(a)).toBe(true);
    expect(derivedKey('another purpose').equals(a)).toBe(false);
    expect(a.equals(encryptionKey())).toBe(false);
  });
});
