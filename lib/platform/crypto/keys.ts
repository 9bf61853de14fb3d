import { hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/platform/config';

// Keys read from (or written to) the data folder, by file: read once per process, not per call.
const fromFiles = new Map<string, Buffer>();
const remember = (file: string, key: Buffer) => (fromFiles.set(file, key), key);

/**
 * A secret comes from the environment. Only for the embedded database (a single machine,
 * development or the demo) is one generated into the data folder, readable by its owner alone.
 */
export function loadSecret(envVar: string, fileName: string): Buffer {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length < 32) throw new Error(`${envVar} must be at least 32 bytes, base64-encoded.`);
    return key;
  }
  if (env.databaseUrl) {
    throw new Error(`${envVar} must be set when DATABASE_URL is set (generate one with: openssl rand -base64 32).`);
  }
  const file = path.join(env.dataDir, fileName);
  const cached = fromFiles.get(file);
  if (cached) return cached;
  try {
    return remember(file, readKeyFile(file, envVar));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(env.dataDir, { recursive: true });
  const key = randomBytes(32);
  // Written aside and linked into place, so another process never reads a half-written key.
  const pending = `${file}.${process.pid}.tmp`;
  fs.rmSync(pending, { force: true });
  fs.writeFileSync(pending, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(pending, file);
    return remember(file, key);
  } catch (error) {
    // Another process wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return remember(file, readKeyFile(file, envVar));
    throw error;
  } finally {
    fs.rmSync(pending, { force: true });
  }
}

function readKeyFile(file: string, envVar: string): Buffer {
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length < 32) {
    throw new Error(`${file} does not hold a key of at least 32 bytes. Restore it from a backup, or set ${envVar}.`);
  }
  return key;
}

export const encryptionKey = () => loadSecret('HEARTH_ENCRYPTION_KEY', 'encryption.key').subarray(0, 32);
export const authSecret = () => loadSecret('AUTH_SECRET', 'auth-secret.key').toString('base64');

/**
 * A key for one purpose (e.g. keyed hashes of sign-in emails), derived from the encryption key
 * with HKDF-SHA256, so the encryption key itself is never used for anything but encryption and
 * one derived key reveals nothing about another.
 */
export function derivedKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', encryptionKey(), Buffer.alloc(0), `hearth:${purpose}`, 32));
}
