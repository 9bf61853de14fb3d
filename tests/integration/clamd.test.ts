import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { configuredScanner, createClamdScanner, type ScanVerdict } from '@/lib/platform/scanning';
import { EICAR, startClamd, type RunningClamd } from '../helpers/clamd';

const MiB = 1024 * 1024;

/** A stream of `total` clean bytes made as they are read, counting how many were made. */
function generated(total: number) {
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= total) return void this.push(null);
      const size = Math.min(64 * 1024, total - produced);
      produced += size;
      this.push(Buffer.alloc(size, 'a'));
    },
  });
  return { stream, produced: () => produced };
}

/** A server on a unix socket that plays clamd badly, to see the scanner never call that clean. */
async function fakeClamd(onConnection: (socket: net.Socket) => void) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-fake-clamd-'));
  const socket = path.join(dir, 'clamd.sock');
  const connections = new Set<net.Socket>();
  const server = net.createServer((connection) => {
    connections.add(connection);
    connection.on('error', () => {});
    onConnection(connection);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    socket,
    async close() {
      for (const connection of connections) connection.destroy();
      await new Promise((resolve) => server.close(resolve));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

describe('clamd scanner', () => {
  let clamd: RunningClamd;
  beforeAll(async () => {
    clamd = await startClamd();
  });
  afterAll(() => clamd?.stop());

  const scan = (content: Readable) => createClamdScanner({ socket: clamd.socket }).scan(content);

  it('answers PING', async () => {
    expect(await createClamdScanner({ socket: clamd.socket }).ping()).toBe(true);
  });

  it('calls clean content clean', async () => {
    expect(await scan(Readable.from([Buffer.from('Notes for Tuesday: breathe in for four.\n')]))).toEqual({ verdict: 'clean' });
  });

  it('finds the EICAR test string and names the signature', async () => {
    const verdict = await scan(Readable.from([Buffer.from(EICAR)]));
    expect(verdict).toEqual({ verdict: 'infected', signature: expect.stringContaining('EICAR') });
  });

  it('finds EICAR in the middle of a larger stream, across chunks', async () => {
    const middle = Buffer.from(EICAR);
    const chunks = [Buffer.alloc(300_000, 'a'), Buffer.alloc(200_000, 'b'), middle.subarray(0, 30), middle.subarray(30), Buffer.alloc(400_000, 'c')];
    expect(await scan(Readable.from(chunks))).toMatchObject({ verdict: 'infected' });
  });

  it('sends nothing for an empty chunk, which would end the stream early', async () => {
    expect(await scan(Readable.from([Buffer.from('first part'), Buffer.alloc(0), EICAR]))).toMatchObject({ verdict: 'infected' });
  });

  it('streams content larger than any chunk without reading it all first', async () => {
    const { stream, produced } = generated(8 * MiB);
    expect(await scan(stream)).toEqual({ verdict: 'clean' });
    expect(produced()).toBe(8 * MiB);
  });

  it('calls a stream that fails while being read not scannable', async () => {
    let sent = false;
    const failing = new Readable({
      read() {
        if (sent) return void this.destroy(new Error('storage went away'));
        sent = true;
        this.push(Buffer.from('the beginning'));
      },
    });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await scan(failing)).toEqual({ verdict: 'not_scannable', reason: 'error' });
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('clamd scanner with a small StreamMaxLength', () => {
  let clamd: RunningClamd;
  beforeAll(async () => {
    clamd = await startClamd({ streamMaxLength: '1M' });
  });
  afterAll(() => clamd?.stop());

  it('calls content over the limit not scannable (too large), never clean, every time', async () => {
    // clamd answers and closes while the rest is still being sent; on a busy machine the answer is often lost with the
    // socket (a write meets it closed first). Several scans at once make that likely: each is still "too large".
    const verdicts = await Promise.all(Array.from({ length: 6 }, () => createClamdScanner({ socket: clamd.socket }).scan(generated(2 * MiB).stream)));
    expect(verdicts).toEqual(Array.from({ length: 6 }, () => ({ verdict: 'not_scannable', reason: 'too_large' })));
  });

  it('still scans content within the limit', async () => {
    expect(await createClamdScanner({ socket: clamd.socket }).scan(generated(MiB / 2).stream)).toEqual({ verdict: 'clean' });
  });
});

describe('clamd scanner when clamd is not there or misbehaves', () => {
  const NOT_SCANNABLE: ScanVerdict = { verdict: 'not_scannable', reason: 'error' };
  let logged: string[];
  beforeAll(() => {
    logged = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
  });
  afterAll(() => vi.restoreAllMocks());

  it('calls content not scannable when the socket does not exist', async () => {
    const scanner = createClamdScanner({ socket: path.join(os.tmpdir(), 'hearth-no-such-dir', 'clamd.sock') });
    expect(await scanner.scan(Readable.from([Buffer.from('SECRET-SESSION-NOTES')]))).toEqual(NOT_SCANNABLE);
    expect(await scanner.ping()).toBe(false);
    // The failure is logged, the content never.
    expect(logged.join('\n')).toContain('clamd scan');
    expect(logged.join('\n')).not.toContain('SECRET-SESSION-NOTES');
  });

  it('calls content not scannable when nothing listens on the TCP port', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    expect(await createClamdScanner({ host: '127.0.0.1', port }).scan(Readable.from([Buffer.from('x')]))).toEqual(NOT_SCANNABLE);
  });

  it('does not believe an OK that comes before the stream has ended', async () => {
    const fake = await fakeClamd((connection) => connection.end('stream: OK\0'));
    try {
      // A stream that never ends: the reply certainly comes first.
      const content = new PassThrough();
      content.write('the beginning');
      expect(await createClamdScanner({ socket: fake.socket }).scan(content)).toEqual(NOT_SCANNABLE);
      expect(content.destroyed).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('calls an unexpected reply or a silent close not scannable', async () => {
    for (const reply of ['stream: Something went wrong. ERROR\0', 'hello\0', '']) {
      const fake = await fakeClamd((connection) => connection.once('data', () => connection.end(reply)));
      try {
        expect(await createClamdScanner({ socket: fake.socket }).scan(Readable.from([Buffer.from('x')]))).toEqual(NOT_SCANNABLE);
      } finally {
        await fake.close();
      }
    }
  });

  it('times out on a clamd that stops reading, having read only what the buffers hold', async () => {
    const fake = await fakeClamd((connection) => connection.pause());
    try {
      const { stream, produced } = generated(256 * MiB);
      expect(await createClamdScanner({ socket: fake.socket }, { timeoutMs: 300 }).scan(stream)).toEqual(NOT_SCANNABLE);
      expect(produced()).toBeLessThan(16 * MiB);
      expect(stream.destroyed).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('stops when aborted, rejecting with the reason', async () => {
    const fake = await fakeClamd((connection) => connection.resume());
    try {
      const controller = new AbortController();
      const { stream } = generated(Number.MAX_SAFE_INTEGER);
      const scanning = createClamdScanner({ socket: fake.socket }).scan(stream, controller.signal);
      setTimeout(() => controller.abort(new Error('upload cancelled')), 50);
      await expect(scanning).rejects.toThrow('upload cancelled');
      expect(stream.destroyed).toBe(true);
    } finally {
      await fake.close();
    }
  });
});

describe('configuredScanner', () => {
  let clamd: RunningClamd;
  beforeAll(async () => {
    clamd = await startClamd();
  });
  afterAll(() => clamd?.stop());
  afterEach(() => vi.unstubAllEnvs());

  const unconfigure = () => {
    for (const name of ['CLAMD_SOCKET', 'CLAMD_HOST', 'CLAMD_PORT', 'CLAMD_TIMEOUT_MS']) vi.stubEnv(name, undefined);
  };

  it('is null when no scanner is configured', () => {
    unconfigure();
    expect(configuredScanner()).toBeNull();
  });

  it('scans through CLAMD_SOCKET', async () => {
    unconfigure();
    vi.stubEnv('CLAMD_SOCKET', clamd.socket);
    vi.stubEnv('CLAMD_TIMEOUT_MS', '5000');
    const scanner = configuredScanner();
    expect(scanner).not.toBeNull();
    expect(await scanner!.ping()).toBe(true);
    expect(await scanner!.scan(Readable.from([Buffer.from(EICAR)]))).toMatchObject({ verdict: 'infected' });
  });

  it('connects to CLAMD_HOST and CLAMD_PORT', async () => {
    const server = net.createServer((connection) => connection.resume().end('PONG\0'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      unconfigure();
      vi.stubEnv('CLAMD_HOST', '127.0.0.1');
      vi.stubEnv('CLAMD_PORT', String((server.address() as net.AddressInfo).port));
      expect(await configuredScanner()!.ping()).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a half-made configuration instead of leaving files unscanned', () => {
    unconfigure();
    vi.stubEnv('CLAMD_PORT', '3310');
    expect(() => configuredScanner()).toThrow(/CLAMD_HOST/);
    vi.stubEnv('CLAMD_HOST', 'clamd.internal');
    vi.stubEnv('CLAMD_SOCKET', clamd.socket);
    expect(() => configuredScanner()).toThrow(/not both/);
    unconfigure();
    vi.stubEnv('CLAMD_HOST', 'clamd.internal');
    vi.stubEnv('CLAMD_PORT', 'clamd');
    expect(() => configuredScanner()).toThrow(/CLAMD_PORT/);
    unconfigure();
    vi.stubEnv('CLAMD_SOCKET', clamd.socket);
    vi.stubEnv('CLAMD_TIMEOUT_MS', 'soon');
    expect(() => configuredScanner()).toThrow(/CLAMD_TIMEOUT_MS/);
  });
});
