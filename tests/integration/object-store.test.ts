import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { AbortMultipartUploadCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { env } from '@/lib/platform/config';
import {
  createLocalStore,
  createS3Store,
  ObjectNotFoundError,
  objectStore,
  setObjectStoreForTests,
  type ObjectStore,
  type S3Config,
} from '@/lib/platform/storage';
import { startS3Server, type TestS3Server } from '@/tests/helpers/s3-server';

const MiB = 1024 * 1024;

interface Backend {
  name: 'local' | 's3';
  open(): Promise<{ store: ObjectStore; incomingFiles?: () => string[]; close(): Promise<void> }>;
  /**
   * Whether reads may race the very end of a put. s3rver writes a completed upload into its file
   * in place, so a read at that instant sees part of it; S3 itself makes an object visible only
   * once complete. Against s3rver, reads during a put are checked while the put is in progress.
   */
  readsRaceCompletion: boolean;
  /** s3rver reads `bytes=0-0` as `bytes=0-` (an end of 0 as none) and sends the whole object. */
  servesFirstByteAlone: boolean;
}

const backends: Backend[] = [
  {
    name: 'local',
    readsRaceCompletion: true,
    servesFirstByteAlone: true,
    async open() {
      const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hearth-objects-'));
      const root = path.join(dir, 'objects');
      return {
        store: createLocalStore(root),
        incomingFiles: () => fs.readdirSync(path.join(root, '.incoming')),
        close: () => fsp.rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 's3',
    readsRaceCompletion: false,
    servesFirstByteAlone: false,
    async open() {
      const server = await startS3Server();
      return { store: createS3Store({ ...server.config, prefix: 'hearth/' }), close: () => server.stop() };
    },
  },
];

const newKey = () => `files/${randomUUID()}/0`;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The content in 64 KiB slices from a generator, as a stream of unknown length. */
function streamOf(content: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < content.length; offset += 64 * 1024) yield content.subarray(offset, offset + 64 * 1024);
    })(),
  );
}

/** The object's whole content, or null when there is none. */
async function contentOrNull(store: ObjectStore, key: string): Promise<Buffer | null> {
  try {
    return await readAll(await store.get(key));
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return null;
    throw error;
  }
}

async function keysUnder(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of store.list(prefix)) keys.push(key);
  return keys.sort();
}

describe.each(backends)('object store: $name', (backend) => {
  let store: ObjectStore;
  let incomingFiles: (() => string[]) | undefined;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, incomingFiles, close } = await backend.open());
  });
  afterAll(() => close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /**
   * For S3, which requests the store sends: whether the first part of a multipart upload has gone
   * up, and whether an AbortMultipartUpload followed. (s3rver does not implement that request:
   * it fails, and the store logs the failure, silenced here.)
   */
  function watchS3Requests() {
    if (backend.name !== 's3') return { firstPartUploaded: Promise.resolve(), abortedMultipart: () => false };
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let partUploaded: () => void;
    const firstPartUploaded = new Promise<void>((resolve) => (partUploaded = resolve));
    let abortedMultipart = false;
    const send = S3Client.prototype.send;
    vi.spyOn(S3Client.prototype, 'send').mockImplementation(async function (this: S3Client, command: unknown) {
      if (command instanceof AbortMultipartUploadCommand) abortedMultipart = true;
      const result = await (send as (command: unknown) => Promise<unknown>).call(this, command);
      if (command instanceof UploadPartCommand) partUploaded();
      return result;
    } as typeof send);
    return { firstPartUploaded, abortedMultipart: () => abortedMultipart };
  }

  it('keeps an empty object', async () => {
    const key = newKey();
    expect(await store.put(key, Readable.from([]))).toBe(0);
    expect((await readAll(await store.get(key))).length).toBe(0);
  });

  it('returns a small object as written', async () => {
    const key = newKey();
    const content = randomBytes(1000);
    expect(await store.put(key, Readable.from([content]))).toBe(1000);
    expect((await readAll(await store.get(key))).equals(content)).toBe(true);
  });

  it('streams ~12 MiB from a generator (several parts on S3) and reads it back whole and in ranges', async () => {
    const key = newKey();
    const content = randomBytes(12 * MiB + 123);
    expect(await store.put(key, streamOf(content))).toBe(content.length);
    expect((await readAll(await store.get(key))).equals(content)).toBe(true);
    // Across the boundary between the first and second 5 MiB part.
    const across = await readAll(await store.get(key, { start: 5 * MiB - 10, end: 5 * MiB + 9 }));
    expect(across.equals(content.subarray(5 * MiB - 10, 5 * MiB + 10))).toBe(true);
  });

  it('serves byte ranges, inclusive of both ends', async () => {
    const key = newKey();
    const content = randomBytes(1000);
    await store.put(key, Readable.from([content]));
    const range = async (start: number, end?: number) => readAll(await store.get(key, { start, end }));
    if (backend.servesFirstByteAlone) expect((await range(0, 0)).equals(content.subarray(0, 1))).toBe(true);
    expect((await range(0, 1)).equals(content.subarray(0, 2))).toBe(true);
    expect((await range(100, 199)).equals(content.subarray(100, 200))).toBe(true);
    expect((await range(900)).equals(content.subarray(900))).toBe(true);
    expect((await range(999)).equals(content.subarray(999))).toBe(true);
    // An end past the last byte stops there; a start past it is refused.
    expect((await range(990, 5000)).equals(content.subarray(990))).toBe(true);
    await expect(store.get(key, { start: 1000 })).rejects.toThrow(RangeError);
    await expect(store.get(key, { start: 10, end: 9 })).rejects.toThrow(RangeError);
    await expect(store.get(key, { start: -1 })).rejects.toThrow(RangeError);
    await expect(store.get(key, { start: 1.5 })).rejects.toThrow(RangeError);
  });

  it('rejects a read of a missing key with ObjectNotFoundError, with or without a range', async () => {
    await expect(store.get(newKey())).rejects.toThrow(ObjectNotFoundError);
    await expect(store.get(newKey(), { start: 0, end: 9 })).rejects.toThrow(ObjectNotFoundError);
    // A key that is only the folder of other keys is no object either.
    const key = newKey();
    await store.put(key, Readable.from([Buffer.from('x')]));
    await expect(store.get(path.posix.dirname(key))).rejects.toThrow(ObjectNotFoundError);
  });

  it('replaces an object put again under the same key', async () => {
    const key = newKey();
    await store.put(key, Readable.from([Buffer.from('first version')]));
    await store.put(key, Readable.from([Buffer.from('second')]));
    expect((await readAll(await store.get(key))).toString()).toBe('second');
  });

  it('deletes, and deleting again or deleting what never was is no error', async () => {
    const key = newKey();
    await store.put(key, Readable.from([Buffer.from('bye')]));
    await store.delete(key);
    await expect(store.get(key)).rejects.toThrow(ObjectNotFoundError);
    await store.delete(key);
    await store.delete(newKey());
    expect(await keysUnder(store, key)).toEqual([]);
  });

  it('lists the keys under a prefix with their modification time', async () => {
    const base = `t-${randomUUID()}`;
    const keys = [`${base}/a/1`, `${base}/a/2`, `${base}/ab/1`, `${base}/b/1`, `${base}-other/1`];
    const before = Date.now();
    for (const key of keys) await store.put(key, Readable.from([Buffer.from(key)]));

    expect(await keysUnder(store, `${base}/a/`)).toEqual([`${base}/a/1`, `${base}/a/2`]);
    // A plain string prefix, as in S3: `a` also matches `ab/`.
    expect(await keysUnder(store, `${base}/a`)).toEqual([`${base}/a/1`, `${base}/a/2`, `${base}/ab/1`]);
    expect(await keysUnder(store, `${base}/`)).toEqual(keys.slice(0, 4));
    expect(await keysUnder(store, base)).toEqual(keys.slice().sort());
    expect(await keysUnder(store, `${base}/c/`)).toEqual([]);
    expect(await keysUnder(store, '')).toEqual(expect.arrayContaining(keys));

    for await (const { key, modifiedAt } of store.list(`${base}/`)) {
      expect(keys).toContain(key);
      expect(modifiedAt).toBeInstanceOf(Date);
      // S3 keeps whole seconds.
      expect(modifiedAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
      expect(modifiedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });

  it.each([
    ['its source fails', 'after a few bytes', 1000],
    ['its source fails', 'after the first part went up', 6 * MiB],
    ['it is aborted', 'after a few bytes', 1000],
    ['it is aborted', 'after the first part went up', 6 * MiB],
  ])('leaves nothing under the key when %s %s', async (how, _, size) => {
    const key = newKey();
    const requests = watchS3Requests();
    const source = new PassThrough();
    const controller = new AbortController();
    const put = store.put(key, source, { signal: controller.signal });
    // Resolves once the store has taken the bytes; the source then stalls without ending.
    if (!source.write(randomBytes(size))) await once(source, 'drain');
    if (size > 5 * MiB) await requests.firstPartUploaded;

    if (how === 'it is aborted') {
      controller.abort();
      await expect(put).rejects.toMatchObject({ name: 'AbortError' });
    } else {
      source.destroy(new Error('connection lost'));
      await expect(put).rejects.toThrow('connection lost');
    }
    await expect(store.get(key)).rejects.toThrow(ObjectNotFoundError);
    expect(await keysUnder(store, key)).toEqual([]);
    if (incomingFiles) expect(incomingFiles()).toEqual([]);
    expect(requests.abortedMultipart()).toBe(backend.name === 's3' && size > 5 * MiB);
  });

  it('shows a reader nothing, or the whole object, while a put is under way', async () => {
    const key = newKey();
    const content = randomBytes(12 * MiB);
    const source = new PassThrough();
    const requests = watchS3Requests();
    let settled = false;
    const put = store.put(key, source).finally(() => {
      settled = true;
    });

    // Half taken by the store (the first part uploaded on S3): still nothing to see.
    if (!source.write(content.subarray(0, 6 * MiB))) await once(source, 'drain');
    await requests.firstPartUploaded;
    for (let n = 0; n < 3; n++) expect(await contentOrNull(store, key)).toBeNull();

    source.end(content.subarray(6 * MiB));
    if (backend.readsRaceCompletion) {
      let reads = 0;
      while (!settled) {
        const seen = await contentOrNull(store, key);
        if (seen !== null) expect(seen.equals(content)).toBe(true);
        reads++;
      }
      expect(reads).toBeGreaterThan(0);
    }
    expect(await put).toBe(content.length);
    expect((await contentOrNull(store, key))?.equals(content)).toBe(true);
  });

  it.each(['../x', 'a//b', 'A', 'x\u0000', '/etc/passwd', '', 'a/', '.incoming/x', 'files/../x', 'a\\b', 'a.b', 'x'.repeat(256)])(
    'refuses the key %j',
    async (key) => {
      await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(TypeError);
      await expect(store.get(key)).rejects.toThrow(TypeError);
      await expect(store.delete(key)).rejects.toThrow(TypeError);
    },
  );

  it.each(['../', 'a//', 'A/', '/etc/', '.incoming/', 'x\u0000', 'files/../'])('refuses the list prefix %j', async (prefix) => {
    await expect(keysUnder(store, prefix)).rejects.toThrow(TypeError);
  });

  it('refuses a source that yields strings rather than bytes', async () => {
    const key = newKey();
    await expect(store.put(key, Readable.from(['text']))).rejects.toThrow(TypeError);
    await expect(store.get(key)).rejects.toThrow(ObjectNotFoundError);
  });
});

describe('local object store', () => {
  let dir: string;
  let root: string;
  let store: ObjectStore;

  beforeAll(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hearth-objects-'));
    root = path.join(dir, 'objects');
    store = createLocalStore(root);
  });
  afterAll(() => fsp.rm(dir, { recursive: true, force: true }));

  const mode = (file: string) => fs.statSync(file).mode & 0o777;

  it('keeps objects readable by this account only', async () => {
    const key = newKey();
    await store.put(key, Readable.from([Buffer.from('sealed')]));
    expect(mode(root)).toBe(0o700);
    expect(mode(path.join(root, '.incoming'))).toBe(0o700);
    expect(mode(path.join(root, 'files'))).toBe(0o700);
    expect(mode(path.join(root, path.dirname(key)))).toBe(0o700);
    expect(mode(path.join(root, key))).toBe(0o600);
  });

  it('writes nothing outside its folder for a traversing key', async () => {
    await expect(store.put('../escaped', Readable.from([Buffer.from('x')]))).rejects.toThrow(TypeError);
    expect(fs.readdirSync(dir)).toEqual(['objects']);
  });

  it('removes the folders a delete leaves empty, and only those', async () => {
    const id = randomUUID();
    await store.put(`files/${id}/0`, Readable.from([Buffer.from('a')]));
    await store.put(`files/${id}/1`, Readable.from([Buffer.from('b')]));
    await store.delete(`files/${id}/0`);
    expect(fs.existsSync(path.join(root, 'files', id))).toBe(true);
    await store.delete(`files/${id}/1`);
    expect(fs.existsSync(path.join(root, 'files', id))).toBe(false);
    expect(fs.existsSync(root)).toBe(true);
    // A put into a folder just removed recreates it.
    await store.put(`files/${id}/2`, Readable.from([Buffer.from('c')]));
    expect((await readAll(await store.get(`files/${id}/2`))).toString()).toBe('c');
  });

  it('sweeps temporary files a crashed put left behind, once older than the cutoff', async () => {
    const incoming = path.join(root, '.incoming');
    const stale = path.join(incoming, randomUUID());
    const fresh = path.join(incoming, randomUUID());
    fs.writeFileSync(stale, 'half');
    fs.writeFileSync(fresh, 'half');
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
    fs.utimesSync(stale, dayAgo, dayAgo);
    const key = newKey();
    await store.put(key, Readable.from([Buffer.from('kept')]));

    expect(await store.sweepIncoming!(new Date(Date.now() - 3600 * 1000))).toBe(1);
    expect(fs.readdirSync(incoming)).toEqual([path.basename(fresh)]);
    expect((await readAll(await store.get(key))).toString()).toBe('kept');
    // Temporary files are never listed as objects.
    expect(await keysUnder(store, '')).not.toContain(expect.stringContaining('.incoming'));
    fs.rmSync(fresh);
  });
});

describe('S3 object store', () => {
  let server: TestS3Server;

  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(() => server.stop());

  it('keeps objects under the configured prefix inside the bucket', async () => {
    const key = newKey();
    await createS3Store({ ...server.config, prefix: 'hearth/' }).put(key, Readable.from([Buffer.from('x')]));
    const whole = createS3Store(server.config);
    expect(await keysUnder(whole, 'hearth/')).toEqual([`hearth/${key}`]);
    await expect(whole.get(key)).rejects.toThrow(ObjectNotFoundError);
  });

  it('refuses a prefix that does not end in a slash', () => {
    expect(() => createS3Store({ ...server.config, prefix: 'hearth' })).toThrow();
  });

  it('does not take a missing bucket for a missing object', async () => {
    const store = createS3Store({ ...server.config, bucket: 'no-such-bucket' });
    const failure = await store.get(newKey()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ObjectNotFoundError);
  });
});

describe('S3 object store on scripts/s3-dev-server.mjs', () => {
  const script = path.resolve(import.meta.dirname, '../../scripts/s3-dev-server.mjs');
  let child: ChildProcess;
  let config: S3Config;

  beforeAll(async () => {
    child = spawn(process.execPath, ['--openssl-legacy-provider', script, '--port', '0', '--bucket', 'paging'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`s3-dev-server exited with ${code}`)));
    });
    const [, endpoint, bucket] = /^S3 ready (http:\/\/127\.0\.0\.1:\d+) (\S+)$/.exec(line) ?? [];
    expect(bucket).toBe('paging');
    config = { bucket, endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('lists more keys than S3 returns in one page', async () => {
    const store = createS3Store(config);
    const base = `t-${randomUUID()}`;
    const keys = Array.from({ length: 1001 }, (_, n) => `${base}/${String(n).padStart(4, '0')}`);
    for (let n = 0; n < keys.length; n += 50) {
      await Promise.all(keys.slice(n, n + 50).map((key) => store.put(key, Readable.from([Buffer.from('x')]))));
    }
    expect(await keysUnder(store, `${base}/`)).toEqual(keys);
  });

  it('refuses to start without --openssl-legacy-provider, saying so', () => {
    const run = spawnSync(process.execPath, [script, '--port', '0'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--openssl-legacy-provider');
  });
});

describe('objectStore() and its configuration', () => {
  const names = ['DATA_DIR', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE', 'S3_PREFIX'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  let dir: string;

  beforeAll(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hearth-objects-'));
  });
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    setObjectStoreForTests(undefined);
  });
  afterAll(() => fsp.rm(dir, { recursive: true, force: true }));

  it('keeps objects under $DATA_DIR/objects without S3_BUCKET, one store per process', async () => {
    for (const name of names) delete process.env[name];
    process.env.DATA_DIR = dir;
    const store = objectStore();
    expect(store.kind).toBe('local');
    expect(objectStore()).toBe(store);
    await store.put('files/x/0', Readable.from([Buffer.from('x')]));
    expect(fs.existsSync(path.join(dir, 'objects', 'files', 'x', '0'))).toBe(true);
  });

  it('uses the bucket S3_BUCKET names, with the S3 variables', async () => {
    const server = await startS3Server();
    try {
      Object.assign(process.env, {
        S3_BUCKET: server.bucket,
        S3_ENDPOINT: server.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_PREFIX: '/hearth/',
      });
      const store = objectStore();
      expect(store.kind).toBe('s3');
      await store.put('files/x/0', Readable.from([Buffer.from('in the bucket')]));
      expect(await keysUnder(createS3Store(server.config), '')).toEqual(['hearth/files/x/0']);
    } finally {
      await server.stop();
    }
  });

  it('reads the S3 variables strictly', () => {
    for (const name of names) delete process.env[name];
    expect(env.s3Region).toBe('us-east-1');
    expect(env.s3Credentials).toBeUndefined();
    expect(env.s3ForcePathStyle).toBe(false);
    expect(env.s3Prefix).toBe('');
    process.env.S3_PREFIX = 'a/b';
    expect(env.s3Prefix).toBe('a/b/');
    process.env.S3_ACCESS_KEY_ID = 'only-one';
    expect(() => env.s3Credentials).toThrow('S3_SECRET_ACCESS_KEY');
    process.env.S3_FORCE_PATH_STYLE = 'yes';
    expect(() => env.s3ForcePathStyle).toThrow('S3_FORCE_PATH_STYLE');
    process.env.S3_ENDPOINT = 'ftp://example.org';
    expect(() => env.s3Endpoint).toThrow('S3_ENDPOINT');
  });
});
