import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/platform/config';

/**
 * Master keys wrap the per-file data keys (envelope encryption), so rotating a master key means
 * rewrapping a few bytes per file, not re-encrypting the files. Each master key has an id, stored
 * beside every wrapped key, so keys retired by a rotation keep unwrapping what they wrapped.
 *
 * With DATABASE_URL the keys come from HEARTH_MASTER_KEY (current) and HEARTH_MASTER_KEYS_RETIRED.
 * Only for the embedded database (one machine: development, the demo and the test suites) are
 * they generated into DATA_DIR/master-keys/, like the other keys in keys.ts.
 */
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const WRAPPED_BYTES = NONCE_BYTES + KEY_BYTES + TAG_BYTES;
const WRAP_DOMAIN = 'hearth-wrap-v1';
const ID = /^[a-z0-9-]{1,40}$/;
// 43 base64 characters (and the padding) are exactly 32 bytes.
const KEY_BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;
const GENERATE_HINT = 'generate one with: echo "k1:$(openssl rand -base64 32)"';

interface Keyring {
  currentId: string;
  key(id: string): Buffer | undefined;
}

// ---------------------------------------------------------------------------------------------
// From the environment

function parseEntry(entry: string, variable: string): [string, Buffer] {
  const colon = entry.indexOf(':');
  const id = entry.slice(0, colon).trim();
  const encoded = entry.slice(colon + 1).trim();
  if (colon < 0 || !ID.test(id)) {
    throw new Error(`${variable} holds <id>:<base64 of 32 bytes>, the id of 1 to 40 characters a-z, 0-9 and - (${GENERATE_HINT}).`);
  }
  if (!KEY_BASE64.test(encoded)) throw new Error(`${variable}: master key "${id}" is not 32 bytes, base64-encoded (${GENERATE_HINT}).`);
  return [id, Buffer.from(encoded, 'base64')];
}

// Parsed again only when the variables change (tests change them; a server never does).
let parsedEnv: { source: string; ring: Keyring } | undefined;

function envKeyring(current: string, retired: string): Keyring {
  const source = `${current}\n${retired}`;
  if (parsedEnv?.source === source) return parsedEnv.ring;
  const [currentId, currentKey] = parseEntry(current, 'HEARTH_MASTER_KEY');
  const keys = new Map([[currentId, currentKey]]);
  for (const entry of retired.split(',').filter((part) => part.trim())) {
    const [id, key] = parseEntry(entry, 'HEARTH_MASTER_KEYS_RETIRED');
    const known = keys.get(id);
    if (known && !known.equals(key)) throw new Error(`Master key id "${id}" is configured twice with different keys.`);
    keys.set(id, key);
  }
  const ring = { currentId, key: (id: string) => keys.get(id) };
  parsedEnv = { source, ring };
  return ring;
}

// ---------------------------------------------------------------------------------------------
// Generated into the data folder (embedded database only)

interface FileKeyring extends Keyring {
  dir: string;
  keys: Map<string, Buffer>;
}

// Per folder (tests switch DATA_DIR), each file read once per process.
const fromFiles = new Map<string, FileKeyring>();

const keyFile = (dir: string, id: string) => path.join(dir, `${id}.key`);
const currentFile = (dir: string) => path.join(dir, 'current');

/**
 * Writes a file aside and links it into place: another process never reads it half-written, and
 * of two processes creating the same file, exactly one succeeds (false for the other).
 */
function createOnce(file: string, content: string): boolean {
  const pending = `${file}.${process.pid}.tmp`;
  fs.rmSync(pending, { force: true });
  fs.writeFileSync(pending, content, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(pending, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(pending, { force: true });
  }
}

function readKeyFile(dir: string, id: string): Buffer | undefined {
  let text: string;
  try {
    text = fs.readFileSync(keyFile(dir, id), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!KEY_BASE64.test(text)) throw new Error(`${keyFile(dir, id)} does not hold a 32-byte key. Restore it from a backup.`);
  return Buffer.from(text, 'base64');
}

function readCurrentId(dir: string): string | undefined {
  let id: string;
  try {
    id = fs.readFileSync(currentFile(dir), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!ID.test(id)) throw new Error(`${currentFile(dir)} does not name a master key. Restore it from a backup.`);
  return id;
}

/** A new key file with a fresh id (k-<yyyymmdd>-<4 hex>), created next to the existing ones. */
function generateKeyFile(dir: string): [string, Buffer] {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  for (;;) {
    const id = `k-${day}-${randomBytes(2).toString('hex')}`;
    const key = randomBytes(KEY_BYTES);
    // Taken (the same id drawn the same day): draw another.
    if (createOnce(keyFile(dir, id), key.toString('base64') + '\n')) return [id, key];
  }
}

function fileKeyring(): FileKeyring {
  const dir = path.join(env.dataDir, 'master-keys');
  const cached = fromFiles.get(dir);
  if (cached) return cached;
  const keys = new Map<string, Buffer>();
  let currentId = readCurrentId(dir);
  if (!currentId) {
    // The key file exists before `current` names it, so a reader never finds a dangling name.
    const [id, key] = generateKeyFile(dir);
    if (createOnce(currentFile(dir), id + '\n')) {
      currentId = id;
      keys.set(id, key);
    } else {
      // Another process made the first key at the same moment: use theirs; ours wrapped nothing.
      fs.rmSync(keyFile(dir, id), { force: true });
      currentId = readCurrentId(dir)!;
    }
  }
  const ring: FileKeyring = {
    dir,
    keys,
    currentId,
    // A key another process generated (rotated to) since this one started is read on first use.
    key(id) {
      let key = keys.get(id);
      if (!key) {
        key = readKeyFile(dir, id);
        if (key) keys.set(id, key);
      }
      return key;
    },
  };
  if (!ring.key(currentId)) throw new Error(`${currentFile(dir)} names master key "${currentId}", but ${keyFile(dir, currentId)} is missing. Restore it from a backup.`);
  fromFiles.set(dir, ring);
  return ring;
}

// ---------------------------------------------------------------------------------------------

function keyring(): Keyring {
  const current = process.env.HEARTH_MASTER_KEY;
  const retired = process.env.HEARTH_MASTER_KEYS_RETIRED ?? '';
  if (current) return envKeyring(current, retired);
  if (env.databaseUrl) throw new Error(`HEARTH_MASTER_KEY must be set when DATABASE_URL is set (${GENERATE_HINT}).`);
  if (retired.trim()) throw new Error('HEARTH_MASTER_KEYS_RETIRED is set but HEARTH_MASTER_KEY is not: set the current key too.');
  return fileKeyring();
}

function masterKey(ring: Keyring, keyId: string): Buffer {
  // Checked first: an id also names a file, and must never reach outside the key folder.
  const key = ID.test(keyId) ? ring.key(keyId) : undefined;
  if (!key) {
    throw new Error(
      `Master key "${keyId}" is unknown: data wrapped under it cannot be read until it is configured again (in HEARTH_MASTER_KEYS_RETIRED, or its file restored).`,
    );
  }
  return key;
}

// NUL-separated: an id never holds a NUL, so the id and the context cannot run into each other.
const wrapAad = (keyId: string, context: string) => Buffer.from(`${WRAP_DOMAIN}\0${keyId}\0${context}`, 'utf8');

export function currentMasterKeyId(): string {
  return keyring().currentId;
}

/** A fresh key for one file. */
export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * Wraps a data key under the current master key. `context` (e.g. the file id) is bound into the
 * wrapping, so a wrapped key copied onto another row does not unwrap there.
 */
export function wrapDataKey(dataKey: Buffer, context: string): { keyId: string; wrapped: string } {
  if (dataKey.length !== KEY_BYTES) throw new Error(`A data key has ${KEY_BYTES} bytes, not ${dataKey.length}.`);
  const ring = keyring();
  const keyId = ring.currentId;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey(ring, keyId), nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(wrapAad(keyId, context));
  const wrapped = Buffer.concat([nonce, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return { keyId, wrapped: wrapped.toString('base64url') };
}

export function unwrapDataKey(keyId: string, wrapped: string, context: string): Buffer {
  const master = masterKey(keyring(), keyId);
  const raw = Buffer.from(wrapped, 'base64url');
  if (raw.length !== WRAPPED_BYTES) throw new Error('A wrapped data key has the wrong length.');
  // authTagLength pins the tag to 16 bytes: GCM would otherwise accept a guessable 4-byte tag.
  const decipher = createDecipheriv('aes-256-gcm', master, raw.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(wrapAad(keyId, context));
  decipher.setAuthTag(raw.subarray(NONCE_BYTES + KEY_BYTES));
  const body = decipher.update(raw.subarray(NONCE_BYTES, NONCE_BYTES + KEY_BYTES));
  try {
    return Buffer.concat([body, decipher.final()]);
  } catch {
    throw new Error(`The data key wrapped under master key "${keyId}" does not open here: it was altered, or belongs to another record.`);
  }
}

/** The same data key wrapped under the current master key; the input itself when it already is. */
export function rewrapDataKey(keyId: string, wrapped: string, context: string): { keyId: string; wrapped: string } {
  if (keyId === currentMasterKeyId()) return { keyId, wrapped };
  return wrapDataKey(unwrapDataKey(keyId, wrapped, context), context);
}

/**
 * Embedded database only: a new master key becomes current; the old ones stay, so everything
 * wrapped under them still opens (rewrap to move it to the new key). Other processes on this data
 * folder keep wrapping under the key they started with until they restart, which is harmless.
 */
export function rotateMasterKey(): { previous: string; current: string } {
  if (process.env.HEARTH_MASTER_KEY) {
    throw new Error(
      'Master keys come from the environment here: set a new HEARTH_MASTER_KEY, move the old one into HEARTH_MASTER_KEYS_RETIRED, restart, then rewrap the data keys.',
    );
  }
  // The same refusals as every use (DATABASE_URL without HEARTH_MASTER_KEY, retired keys alone).
  keyring();
  const ring = fileKeyring();
  const previous = ring.currentId;
  const [id, key] = generateKeyFile(ring.dir);
  // Written aside and renamed over `current`: a reader sees the old name or the new, never half.
  const pending = `${currentFile(ring.dir)}.${process.pid}.tmp`;
  fs.writeFileSync(pending, id + '\n', { mode: 0o600 });
  fs.renameSync(pending, currentFile(ring.dir));
  ring.keys.set(id, key);
  ring.currentId = id;
  return { previous, current: id };
}
