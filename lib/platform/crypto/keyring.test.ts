import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentMasterKeyId, newDataKey, rewrapDataKey, rotateMasterKey, unwrapDataKey, wrapDataKey } from './keyring';

const REPO = path.resolve(import.meta.dirname, '../../..');
const entry = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const permissionsOf = (file: string) => fs.statSync(file).mode & 0o777;

const dirs: string[] = [];
function freshDataDir() {
  // A folder that does not exist yet, inside a temp folder removed afterwards.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-keyring-'));
  dirs.push(parent);
  return path.join(parent, 'data');
}

// Every test starts from no key configuration and an empty data folder of its own.
beforeEach(() => {
  vi.stubEnv('DATABASE_URL', undefined);
  vi.stubEnv('HEARTH_MASTER_KEY', undefined);
  vi.stubEnv('HEARTH_MASTER_KEYS_RETIRED', undefined);
  vi.stubEnv('DATA_DIR', freshDataDir());
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('master keys from the environment', () => {
  it('wraps and unwraps a data key, differently each time, under the current key', () => {
    vi.stubEnv('HEARTH_MASTER_KEY', entry('k1'));
    const dataKey = newDataKey();
    expect(dataKey).toHaveLength(32);
    const fileId = randomUUID();
    const first = wrapDataKey(dataKey, fileId);
    const second = wrapDataKey(dataKey, fileId);
    expect(first.keyId).toBe('k1');
    expect(currentMasterKeyId()).toBe('k1');
    expect(first.wrapped).not.toBe(second.wrapped);
    expect(unwrapDataKey(first.keyId, first.wrapped, fileId).equals(dataKey)).toBe(true);
    expect(unwrapDataKey(second.keyId, second.wrapped, fileId).equals(dataKey)).toBe(true);
    // Nothing was written for the embedded setup.
    expect(fs.existsSync(process.env.DATA_DIR!)).toBe(false);
  });

  it('refuses a wrapped key moved to another file, or altered', () => {
    vi.stubEnv('HEARTH_MASTER_KEY', entry('k1'));
    const fileId = randomUUID();
    const { keyId, wrapped } = wrapDataKey(newDataKey(), fileId);
    expect(() => unwrapDataKey(keyId, wrapped, randomUUID())).toThrow(/does not open here/);
    const raw = Buffer.from(wrapped, 'base64url');
    for (const position of [0, 12, 43, 44, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[position] ^= 0x01;
      expect(() => unwrapDataKey(keyId, tampered.toString('base64url'), fileId), `byte ${position}`).toThrow(/does not open here/);
    }
    expect(() => unwrapDataKey(keyId, raw.subarray(1).toString('base64url'), fileId)).toThrow(/wrong length/);
  });

  it('keeps unwrapping with a retired key, and rewraps under the current one', () => {
    const k1 = entry('k1');
    vi.stubEnv('HEARTH_MASTER_KEY', k1);
    const dataKey = newDataKey();
    const fileId = randomUUID();
    const old = wrapDataKey(dataKey, fileId);

    // The operator's rotation: a new current key, the old one retired.
    vi.stubEnv('HEARTH_MASTER_KEY', entry('k2'));
    vi.stubEnv('HEARTH_MASTER_KEYS_RETIRED', `${entry('k0')}, ${k1}`);
    expect(currentMasterKeyId()).toBe('k2');
    expect(unwrapDataKey('k1', old.wrapped, fileId).equals(dataKey)).toBe(true);
    expect(wrapDataKey(dataKey, fileId).keyId).toBe('k2');

    const moved = rewrapDataKey(old.keyId, old.wrapped, fileId);
    expect(moved.keyId).toBe('k2');
    expect(unwrapDataKey(moved.keyId, moved.wrapped, fileId).equals(dataKey)).toBe(true);
    expect(rewrapDataKey(moved.keyId, moved.wrapped, fileId)).toEqual(moved);
    // Rewrapping keeps the binding to the file.
    expect(() => unwrapDataKey(moved.keyId, moved.wrapped, randomUUID())).toThrow(/does not open here/);

    // Once the old key is dropped, only what was rewrapped still opens.
    vi.stubEnv('HEARTH_MASTER_KEYS_RETIRED', undefined);
    expect(() => unwrapDataKey('k1', old.wrapped, fileId)).toThrow(/Master key "k1" is unknown/);
    expect(unwrapDataKey(moved.keyId, moved.wrapped, fileId).equals(dataKey)).toBe(true);
  });

  it('names an unknown key id clearly, and never reads a file for a strange one', () => {
    vi.stubEnv('HEARTH_MASTER_KEY', entry('k1'));
    const fileId = randomUUID();
    const { wrapped } = wrapDataKey(newDataKey(), fileId);
    expect(() => unwrapDataKey('k9', wrapped, fileId)).toThrow(/Master key "k9" is unknown.*HEARTH_MASTER_KEYS_RETIRED/);
    vi.stubEnv('HEARTH_MASTER_KEY', undefined);
    const reads = vi.spyOn(fs, 'readFileSync');
    expect(() => unwrapDataKey('../../etc/passwd', wrapped, fileId)).toThrow(/is unknown/);
    expect(reads.mock.calls.filter(([file]) => String(file).includes('passwd'))).toHaveLength(0);
  });

  it('refuses a malformed configuration without echoing a key', () => {
    const secret = randomBytes(32).toString('base64');
    for (const [current, retired, message] of [
      [secret, '', /HEARTH_MASTER_KEY holds <id>:<base64 of 32 bytes>/],
      [`K1:${secret}`, '', /HEARTH_MASTER_KEY holds/],
      [`k1:${randomBytes(16).toString('base64')}`, '', /"k1" is not 32 bytes/],
      [`k1:${secret}`, `k0:${randomBytes(31).toString('base64')}`, /HEARTH_MASTER_KEYS_RETIRED: master key "k0" is not 32 bytes/],
      [`k1:${secret}`, entry('k1'), /"k1" is configured twice/],
    ] as const) {
      vi.stubEnv('HEARTH_MASTER_KEY', current);
      vi.stubEnv('HEARTH_MASTER_KEYS_RETIRED', retired);
      let error: Error | undefined;
      try {
        currentMasterKeyId();
      } catch (caught) {
        error = caught as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain(secret);
    }
    // The same key listed again as retired is harmless.
    vi.stubEnv('HEARTH_MASTER_KEY', `k1:${secret}`);
    vi.stubEnv('HEARTH_MASTER_KEYS_RETIRED', `k1:${secret}`);
    expect(currentMasterKeyId()).toBe('k1');
  });

  it('requires HEARTH_MASTER_KEY when DATABASE_URL is set, and writes nothing', () => {
    vi.stubEnv('DATABASE_URL', 'postgres://hearth@127.0.0.1:1/hearth');
    expect(() => wrapDataKey(newDataKey(), randomUUID())).toThrow(/HEARTH_MASTER_KEY must be set when DATABASE_URL is set.*openssl rand -base64 32/);
    expect(() => currentMasterKeyId()).toThrow(/HEARTH_MASTER_KEY must be set/);
    expect(() => rotateMasterKey()).toThrow(/HEARTH_MASTER_KEY must be set/);
    expect(fs.existsSync(process.env.DATA_DIR!)).toBe(false);
    vi.stubEnv('HEARTH_MASTER_KEY', entry('k1'));
    expect(currentMasterKeyId()).toBe('k1');
  });

  it('leaves rotation to the operator', () => {
    vi.stubEnv('HEARTH_MASTER_KEY', entry('k1'));
    expect(() => rotateMasterKey()).toThrow(/set a new HEARTH_MASTER_KEY, move the old one into HEARTH_MASTER_KEYS_RETIRED/);
  });

  it('refuses retired keys without a current one', () => {
    vi.stubEnv('HEARTH_MASTER_KEYS_RETIRED', entry('k1'));
    expect(() => currentMasterKeyId()).toThrow(/HEARTH_MASTER_KEY is not/);
  });
});

describe('master keys of the embedded database', () => {
  const keyDir = () => path.join(process.env.DATA_DIR!, 'master-keys');

  it('generates a key into DATA_DIR/master-keys, readable by its owner alone', () => {
    const id = currentMasterKeyId();
    expect(id).toMatch(/^k-\d{8}-[0-9a-f]{4}$/);
    expect(permissionsOf(keyDir())).toBe(0o700);
    // No temporary files left behind.
    expect(fs.readdirSync(keyDir()).sort()).toEqual(['current', `${id}.key`]);
    for (const file of fs.readdirSync(keyDir())) expect(permissionsOf(path.join(keyDir(), file)), file).toBe(0o600);
    expect(fs.readFileSync(path.join(keyDir(), 'current'), 'utf8').trim()).toBe(id);
    expect(Buffer.from(fs.readFileSync(path.join(keyDir(), `${id}.key`), 'utf8').trim(), 'base64')).toHaveLength(32);

    const dataKey = newDataKey();
    const fileId = randomUUID();
    const { keyId, wrapped } = wrapDataKey(dataKey, fileId);
    expect(keyId).toBe(id);
    expect(unwrapDataKey(keyId, wrapped, fileId).equals(dataKey)).toBe(true);
  });

  it('reads the key files once per process, not on every use', () => {
    const fileId = randomUUID();
    const { keyId, wrapped } = wrapDataKey(newDataKey(), fileId);
    const reads = vi.spyOn(fs, 'readFileSync');
    for (let i = 0; i < 5; i++) unwrapDataKey(keyId, wrapDataKey(newDataKey(), fileId).wrapped, fileId);
    unwrapDataKey(keyId, wrapped, fileId);
    expect(reads).not.toHaveBeenCalled();
  });

  it('rotates to a new key that the next process picks up, and keeps every old one readable', async () => {
    const dataKey = newDataKey();
    const fileId = randomUUID();
    const old = wrapDataKey(dataKey, fileId);

    const { previous, current } = rotateMasterKey();
    expect(previous).toBe(old.keyId);
    expect(current).not.toBe(previous);
    expect(currentMasterKeyId()).toBe(current);
    expect(fs.readdirSync(keyDir()).sort()).toEqual([`${previous}.key`, `${current}.key`, 'current'].sort());
    for (const file of fs.readdirSync(keyDir())) expect(permissionsOf(path.join(keyDir(), file)), file).toBe(0o600);

    expect(unwrapDataKey(old.keyId, old.wrapped, fileId).equals(dataKey)).toBe(true);
    const moved = rewrapDataKey(old.keyId, old.wrapped, fileId);
    expect(moved.keyId).toBe(current);
    expect(wrapDataKey(dataKey, fileId).keyId).toBe(current);

    // A process started after the rotation (a fresh module, so nothing cached) reads both.
    vi.resetModules();
    const fresh = await import('./keyring');
    expect(fresh.currentMasterKeyId()).toBe(current);
    expect(fresh.unwrapDataKey(old.keyId, old.wrapped, fileId).equals(dataKey)).toBe(true);
    expect(fresh.unwrapDataKey(moved.keyId, moved.wrapped, fileId).equals(dataKey)).toBe(true);
    // And this process reads a key that another one rotated to after it had started.
    const { current: third } = fresh.rotateMasterKey();
    const underThird = fresh.wrapDataKey(dataKey, fileId);
    expect(underThird.keyId).toBe(third);
    expect(unwrapDataKey(underThird.keyId, underThird.wrapped, fileId).equals(dataKey)).toBe(true);
  });

  it('refuses a damaged key file, or a current key whose file is gone', async () => {
    const id = currentMasterKeyId();
    fs.writeFileSync(path.join(keyDir(), 'k-damaged.key'), 'abcd\n', { mode: 0o600 });
    expect(() => unwrapDataKey('k-damaged', 'x', randomUUID())).toThrow(/does not hold a 32-byte key/);
    fs.rmSync(path.join(keyDir(), `${id}.key`));
    vi.resetModules();
    const fresh = await import('./keyring');
    expect(() => fresh.currentMasterKeyId()).toThrow(/is missing/);
  });

  it('agrees on one first key when several processes start at once', async () => {
    const dataDir = process.env.DATA_DIR!;
    const go = path.join(path.dirname(dataDir), 'go');
    // Each child loads the module (which touches no key), says so, spins until the signal, and
    // only then asks for the key: they all reach the first-use path within microseconds.
    const script = `
      import fs from 'node:fs';
      const { currentMasterKeyId } = await import('./lib/platform/crypto/keyring.ts');
      fs.writeSync(1, 'ready\\n');
      const giveUp = Date.now() + 30_000;
      while (!fs.existsSync(${JSON.stringify(go)}) && Date.now() < giveUp);
      console.log(currentMasterKeyId());
    `;
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    for (const name of ['DATABASE_URL', 'HEARTH_MASTER_KEY', 'HEARTH_MASTER_KEYS_RETIRED', 'NODE_OPTIONS', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete childEnv[name];
    let ready = 0;
    const children = Array.from(
      { length: 4 },
      () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, env: childEnv });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk;
            if (stdout === 'ready\n' && ++ready === 4) fs.writeFileSync(go, '');
          });
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
          const failed = (error: Error) => {
            // Releases the others from their wait.
            fs.writeFileSync(go, '');
            reject(error);
          };
          child.on('error', failed);
          // 'close', not 'exit': all of the output has been read by then.
          child.on('close', (code) => (code === 0 ? resolve(stdout.split('\n')[1]) : failed(new Error(`child exited with ${code}: ${stderr}`))));
        }),
    );
    const ids = await Promise.all(children);
    expect(ids[0]).toMatch(/^k-\d{8}-[0-9a-f]{4}$/);
    expect(new Set(ids).size).toBe(1);
    // The losers removed the keys they generated: they wrapped nothing.
    expect(fs.readdirSync(keyDir()).sort()).toEqual(['current', `${ids[0]}.key`]);
  });
});
