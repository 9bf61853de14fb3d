// npm run bench:files: how fast a large file goes into the vault and comes back out through the running server, beside
// the raw AES-256-GCM speed of Node's crypto on this machine, measured in the same run; and how much memory the server
// takes for it. One tus upload (a single PATCH, streamed from a generator) and one download (streamed, counted and
// checked against the SHA-256 of what was sent), on local disk and on S3 (the local S3-compatible server). The headline
// figures are each transfer's MiB/s ÷ the AES baseline (aim: ≥ 0.5) and the server's peak memory above idle during it
// (aim: under 64 MiB, whatever the file's size).
//
// Memory is the resident set (VmRSS) of the `next start` process and all its descendants, sampled every 50 ms from a
// worker thread; "idle" is the mean of a second of samples taken just before each transfer, after a small warm-up
// upload and download (so the routes' code is loaded). The S3 server's own memory is not counted. CPU seconds (user +
// system) are given for the server's process tree and for the S3 server. Beside Hearth on S3, the same bytes are put
// and read back with the AWS SDK alone ("s3rver alone"): through S3, Hearth can go no faster than that.
//
// Needs a production build (runs `next build` when it is missing or older than the sources). Starts its own
// `next start` servers on 127.0.0.1, each on a fresh, seeded database that is removed afterwards. Run it as
// `flock /tmp/e2e.lock node bench/files.mjs` when other builds or servers may run beside it.
//
//   BENCH_FILE_MIB      size of the file in MiB (default 256)
//   BENCH_STORAGES      "local", "s3" or "local,s3" (default both)
//   BENCH_DATABASES     "pglite", "postgres" or "pglite,postgres" (default pglite; both when BENCH_DATABASE_URL is set)
//   BENCH_DATABASE_URL  PostgreSQL server to create the throw-away database on (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_PORT          first port tried for the servers (default 3300)
import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Readable, pipeline } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  baseEnv,
  benchSettings,
  bin,
  createPostgresDatabase,
  describeMachine,
  dropPostgresDatabase,
  ensureBuildAndDescribeMachine,
  positiveIntegerFromEnv,
  printTable,
  root,
  runBenchmark,
  runToCompletion,
  sessionCookiesFor,
  withResource,
  withServer,
} from './harness.mjs';

const MiB = 1024 * 1024;
const fileMiB = positiveIntegerFromEnv('BENCH_FILE_MIB', 256);
const fileBytes = fileMiB * MiB;
const { firstPort, postgresServerUrl } = benchSettings();
const listFromEnv = (name, fallback, allowed) => {
  const chosen = (process.env[name] || fallback).split(',').map((item) => item.trim()).filter(Boolean);
  const unknown = chosen.filter((item) => !allowed.includes(item));
  if (unknown.length > 0 || chosen.length === 0) {
    console.error(`${name} takes ${allowed.map((item) => `"${item}"`).join(' and/or ')}, comma-separated, not "${process.env[name]}".`);
    process.exit(2);
  }
  return chosen;
};
const storages = listFromEnv('BENCH_STORAGES', 'local,s3', ['local', 's3']);
const databases = listFromEnv('BENCH_DATABASES', process.env.BENCH_DATABASE_URL ? 'pglite,postgres' : 'pglite', ['pglite', 'postgres']);

// The storage is chosen here alone, never by S3_* variables of the caller's environment.
const serverEnv = Object.fromEntries(Object.entries(baseEnv).filter(([name]) => !name.startsWith('S3_')));

const CLIENT = { account: 'client@demo.test', landing: '/portal' };
const CHUNK_BYTES = 64 * 1024; // the vault's chunk (lib/platform/crypto/chunked.ts)
const BLOCK_BYTES = MiB;
// Over S3's 5 MiB part, so the warm-up also takes the multipart path the large file takes.
const WARMUP_BYTES = Math.min(8 * MiB, fileBytes);
const SAMPLE_MS = 50;
const IDLE_SAMPLES = 20; // a second of samples
const AIM_RATIO = 0.5;
const AIM_MEMORY_MIB = 64;

// One random MiB that starts like a PDF, so the server recognises a document; the file repeats it.
function contentBlock() {
  const block = randomBytes(BLOCK_BYTES);
  block.write('%PDF-1.7\n', 0, 'latin1');
  return block;
}

function seconds(startedAt) {
  return Number(process.hrtime.bigint() - startedAt) / 1e9;
}

// ---------------------------------------------------------------------------------------------------------------------
// The baseline: Node's AES-256-GCM, one cipher per 64 KiB chunk with a fresh nonce, as the vault seals records.

function sealAll(block, bytes, key, aad) {
  let checksum = 0;
  for (let done = 0; done < bytes; done += CHUNK_BYTES) {
    const offset = done % block.length;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
    cipher.setAAD(aad);
    const record = Buffer.concat([nonce, cipher.update(block.subarray(offset, offset + CHUNK_BYTES)), cipher.final(), cipher.getAuthTag()]);
    checksum ^= record[record.length - 1]; // used, so nothing is optimised away
  }
  return checksum;
}

const baselineRuns = [];

/** One measurement of the baseline, kept; the ratios use the best (the machine's speed when least disturbed). */
function measureAes(block, when) {
  const key = randomBytes(32);
  const aad = randomBytes(41); // as long as a chunk's associated data
  sealAll(block, Math.min(fileBytes, 16 * MiB), key, aad); // warm-up
  const started = process.hrtime.bigint();
  sealAll(block, fileBytes, key, aad);
  const elapsed = seconds(started);
  baselineRuns.push({ when, seconds: elapsed, mibPerSecond: fileMiB / elapsed, loadAverage1m: os.loadavg()[0] });
  console.log(`AES-256-GCM baseline (${when}), ${fileMiB} MiB in ${CHUNK_BYTES / 1024} KiB chunks: ${(fileMiB / elapsed).toFixed(1)} MiB/s, load ${os.loadavg()[0].toFixed(2)}`);
}

const bestBaseline = () => baselineRuns.reduce((best, run) => (run.mibPerSecond > best.mibPerSecond ? run : best));

// ---------------------------------------------------------------------------------------------------------------------
// The server's memory: VmRSS of the process and its descendants, every 50 ms, in a worker thread so that the sampling
// keeps its pace while this thread streams and hashes. Shared counters: [current kB, peak kB, samples, sum kB].

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const figures = new BigInt64Array(workerData.shared);
function rssKb(pid) {
  try {
    const match = /^VmRSS:\\s+(\\d+) kB/m.exec(fs.readFileSync('/proc/' + pid + '/status', 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // gone meanwhile
  }
}
function childrenOf(pid) {
  const children = [];
  let tasks = [];
  try {
    tasks = fs.readdirSync('/proc/' + pid + '/task');
  } catch {
    return children;
  }
  for (const task of tasks) {
    try {
      children.push(...fs.readFileSync('/proc/' + pid + '/task/' + task + '/children', 'utf8').split(' ').filter(Boolean).map(Number));
    } catch {}
  }
  return children;
}
function sample() {
  let total = 0;
  const pending = [workerData.pid];
  while (pending.length > 0) {
    const pid = pending.pop();
    total += rssKb(pid);
    pending.push(...childrenOf(pid));
  }
  const kb = BigInt(total);
  Atomics.store(figures, 0, kb);
  if (kb > Atomics.load(figures, 1)) Atomics.store(figures, 1, kb);
  Atomics.add(figures, 3, kb);
  Atomics.add(figures, 2, 1n);
  Atomics.notify(figures, 2);
}
sample();
setInterval(sample, workerData.intervalMs);
`;

function startMemorySampler(pid) {
  const shared = new SharedArrayBuffer(4 * BigInt64Array.BYTES_PER_ELEMENT);
  const figures = new BigInt64Array(shared);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { pid, shared, intervalMs: SAMPLE_MS } });
  worker.unref();
  const failed = once(worker, 'error').then(([error]) => {
    throw new Error(`The memory sampler failed: ${error.message}`);
  });
  failed.catch(() => undefined);
  const toMiB = (kb) => Number(kb) / 1024;
  return {
    processCount: () => 1 + countDescendants(pid),
    /** Starts a window: peak and mean from here on. */
    reset() {
      Atomics.store(figures, 1, 0n);
      Atomics.store(figures, 3, 0n);
      Atomics.store(figures, 2, 0n);
    },
    /** Resolves once the window holds `count` samples. */
    async samples(count) {
      for (let seen = Atomics.load(figures, 2); seen < BigInt(count); seen = Atomics.load(figures, 2)) {
        const { async, value } = Atomics.waitAsync(figures, 2, seen, 5_000);
        if (async) await Promise.race([value, failed]);
      }
    },
    window() {
      const samples = Atomics.load(figures, 2);
      return {
        samples: Number(samples),
        peakMiB: toMiB(Atomics.load(figures, 1)),
        meanMiB: samples > 0n ? toMiB(Atomics.load(figures, 3) / samples) : NaN,
      };
    },
    stop: () => worker.terminate(),
  };
}

function countDescendants(pid) {
  let count = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop();
    let tasks;
    try {
      tasks = fs.readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        const children = fs.readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
        count += children.length;
        pending.push(...children);
      } catch {
        // The task ended meanwhile.
      }
    }
  }
  return count;
}

const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU seconds (user + system) used so far by a process and its descendants still alive. */
function treeCpuSeconds(pid) {
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop();
    try {
      const stat = fs.readFileSync(`/proc/${current}/stat`, 'utf8');
      // After the command name in parentheses: state is field 3, utime and stime are fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      for (const task of fs.readdirSync(`/proc/${current}/task`)) {
        pending.push(...fs.readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
      }
    } catch {
      // Ended meanwhile.
    }
  }
  return ticks / ticksPerSecond;
}

/** Runs body and adds the CPU seconds each of `processes` ({ name: pid }) used meanwhile. */
async function withCpu(processes, body) {
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, treeCpuSeconds(pid)]));
  const result = await body();
  const cpu = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, treeCpuSeconds(pid) - before[name]]));
  return { ...result, cpu };
}

/** The idle figure: the mean of a second of samples, taken now. */
async function idleMemory(sampler) {
  sampler.reset();
  await sampler.samples(IDLE_SAMPLES);
  return sampler.window().meanMiB;
}

/** Runs a transfer inside a memory window; at least two samples are taken, however quick it is. */
async function withMemoryWindow(sampler, transfer) {
  sampler.reset();
  const result = await transfer();
  await sampler.samples(2);
  return { ...result, memory: sampler.window() };
}

// ---------------------------------------------------------------------------------------------------------------------
// HTTP: node:http, so the body streams from a generator with backpressure and the download is counted as it arrives.

/** One request; `body` is an iterable of Buffers (streamed), `onData` receives the response body (else it is kept as text). */
function exchange(url, { method = 'GET', headers = {}, body = null, onData = null } = {}) {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(url, { method, headers });
    request.once('error', (error) => {
      if (!answered) reject(error);
    });
    request.once('response', (response) => {
      answered = true;
      const kept = [];
      let bytes = 0;
      response.on('data', (chunk) => {
        bytes += chunk.length;
        if (onData) onData(chunk);
        else kept.push(chunk);
      });
      response.once('error', reject);
      response.once('end', () => resolve({ status: response.statusCode, headers: response.headers, bytes, text: Buffer.concat(kept).toString('utf8') }));
    });
    if (body) {
      // A server that refuses early closes the request: its answer, when there is one, says why.
      pipeline(Readable.from(body), request, (error) => {
        if (error && !answered) request.destroy(error);
      });
    } else {
      request.end();
    }
  });
}

const tusHeaders = (cookie) => ({ cookie, 'Tus-Resumable': '1.0.0' });
const metadataValue = (value) => Buffer.from(value, 'utf8').toString('base64');

/** The file's bytes: the block again and again; counted and hashed as they are handed to the request. */
function* fileContent(block, bytes, sent) {
  for (let offset = 0; offset < bytes; offset += block.length) {
    const piece = bytes - offset >= block.length ? block : block.subarray(0, bytes - offset);
    sent.hash.update(piece);
    sent.bytes += piece.length;
    yield piece;
  }
}

async function upload(origin, cookie, spaceId, block, bytes, fileName) {
  const created = await exchange(`${origin}/api/files/uploads`, {
    method: 'POST',
    headers: {
      ...tusHeaders(cookie),
      'Upload-Length': String(bytes),
      'Upload-Metadata': `space ${metadataValue(spaceId)},kind ${metadataValue('document')},filename ${metadataValue(fileName)}`,
    },
  });
  const location = created.headers.location;
  if (created.status !== 201 || !location) throw new Error(`Creating the upload answered ${created.status}: ${created.text.trim()}`);
  const uploadUrl = new URL(location, origin).toString();
  const sent = { hash: createHash('sha256'), bytes: 0 };
  const startedAt = process.hrtime.bigint();
  const patched = await exchange(uploadUrl, {
    method: 'PATCH',
    headers: {
      ...tusHeaders(cookie),
      'Content-Type': 'application/offset+octet-stream',
      'Upload-Offset': '0',
      'Content-Length': String(bytes),
    },
    body: fileContent(block, bytes, sent),
  });
  const elapsed = seconds(startedAt);
  if (patched.status !== 204) throw new Error(`The upload's PATCH answered ${patched.status}: ${patched.text.trim()}`);
  if (patched.headers['upload-offset'] !== String(bytes)) throw new Error(`The upload ended at offset ${patched.headers['upload-offset']}, not ${bytes}.`);
  if (sent.bytes !== bytes) throw new Error(`Sent ${sent.bytes} bytes, not ${bytes}.`);
  // A finished upload is the shared file of the same id.
  return { fileId: uploadUrl.split('/').pop(), sha256: sent.hash.digest('hex'), seconds: elapsed, bytes };
}

async function download(origin, cookie, fileId) {
  const hash = createHash('sha256');
  const startedAt = process.hrtime.bigint();
  const answer = await exchange(`${origin}/api/files/${fileId}/content?purpose=download`, { headers: { cookie }, onData: (chunk) => hash.update(chunk) });
  const elapsed = seconds(startedAt);
  if (answer.status !== 200) throw new Error(`The download answered ${answer.status}.`);
  // Next.js drops a route handler's Content-Length (and sends the body chunked), so it may be absent.
  const contentLength = answer.headers['content-length'] === undefined ? null : Number(answer.headers['content-length']);
  return { sha256: hash.digest('hex'), seconds: elapsed, bytes: answer.bytes, contentLength, transferEncoding: answer.headers['transfer-encoding'] ?? null };
}

/** The demo client's one space (with their therapist), as the portal's files page links to it. */
async function clientSpaceId(origin, cookie) {
  const answer = await exchange(`${origin}/portal/files`, { headers: { cookie } });
  const match = /\/portal\/files\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(answer.text);
  if (answer.status !== 200 || !match) throw new Error(`/portal/files answered ${answer.status} without a link to a space.`);
  return match[1];
}

// ---------------------------------------------------------------------------------------------------------------------
// The local S3-compatible server, in its own process group.

const s3Servers = new Set();
process.on('exit', () => {
  for (const child of s3Servers) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function startS3Server() {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', 'scripts/s3-dev-server.mjs', '--port', '0'], {
    cwd: root,
    env: { ...process.env, S3_DEV_DIR: '' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  s3Servers.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then(() => s3Servers.delete(child));
  const server = { child, exited };
  const output = [];
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const lines = readline.createInterface({ input: child.stdout });
  try {
    const ready = new Promise((resolve) => {
      lines.on('line', (line) => {
        const match = /^S3 ready (\S+) (\S+)$/.exec(line);
        if (match) resolve({ endpoint: match[1], bucket: match[2] });
        else output.push(line);
      });
    });
    const failed = exited.then((code) => {
      throw new Error(`The S3 server exited (${code}) before it was ready: ${output.join('\n')}`);
    });
    let timer;
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The S3 server was not ready within a minute: ${output.join('\n')}`)), 60_000);
    });
    try {
      Object.assign(server, await Promise.race([ready, failed, timedOut]));
    } finally {
      clearTimeout(timer);
    }
    return server;
  } catch (error) {
    await stopS3Server(server);
    throw error;
  }
}

async function stopS3Server(server) {
  if (!s3Servers.has(server.child)) return;
  killGroup(server.child, 'SIGTERM');
  let timer;
  const stopped = await Promise.race([server.exited.then(() => true), new Promise((resolve) => (timer = setTimeout(resolve, 10_000, false)))]);
  clearTimeout(timer);
  if (!stopped) {
    killGroup(server.child, 'SIGKILL');
    await server.exited;
  }
}

const s3Env = (s3) => ({
  S3_BUCKET: s3.bucket,
  S3_ENDPOINT: s3.endpoint,
  S3_FORCE_PATH_STYLE: 'true',
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
});

// ---------------------------------------------------------------------------------------------------------------------
// The S3 server alone: the same bytes put with the AWS SDK as Hearth's S3 store puts them (5 MiB parts, two in
// flight) and read back, with no Hearth in between. Through S3, Hearth can go no faster than this.

async function s3Alone(s3, block) {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const Key = 'bench/s3-alone';
  try {
    const sent = { hash: createHash('sha256'), bytes: 0 };
    const put = await withCpu({ s3: s3.child.pid }, async () => {
      const startedAt = process.hrtime.bigint();
      const body = Readable.from(fileContent(block, fileBytes, sent), { objectMode: false });
      await new Upload({ client, params: { Bucket: s3.bucket, Key, Body: body }, partSize: 5 * MiB, queueSize: 2 }).done();
      return { seconds: seconds(startedAt) };
    });
    const hash = createHash('sha256');
    let bytes = 0;
    const get = await withCpu({ s3: s3.child.pid }, async () => {
      const startedAt = process.hrtime.bigint();
      const { Body } = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key }));
      for await (const chunk of Body) {
        hash.update(chunk);
        bytes += chunk.length;
      }
      return { seconds: seconds(startedAt) };
    });
    const problems = bytes === fileBytes && hash.digest('hex') === sent.hash.digest('hex') ? [] : ['s3rver alone: the object came back different'];
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key }));
    const figures = (transfer, result) => ({ transfer, seconds: result.seconds, mibPerSecond: fileMiB / result.seconds, cpu: result.cpu });
    return { label: 's3rver alone (AWS SDK)', reference: true, upload: figures('put, 5 MiB parts ×2', put), download: figures('get', get), problems };
  } finally {
    client.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// One server: warm up, then the large upload and its download, each in its own memory window.

async function benchmarkServer(label, env, block, s3) {
  console.log(`\n${label}: starting next start…`);
  return withServer(env, firstPort, async (server) => {
    console.log(`${label}: serving on ${server.origin}; signing in ${CLIENT.account}…`);
    const cookie = (await sessionCookiesFor(server.origin, [CLIENT]))[CLIENT.account];
    const spaceId = await clientSpaceId(server.origin, cookie);
    const cpuOf = { server: server.child.pid, ...(s3 ? { s3: s3.child.pid } : {}) };
    return withResource(
      () => startMemorySampler(server.child.pid),
      (sampler) => sampler.stop(),
      async (sampler) => {
        // Loads the routes' code (tus, the store, the decryption) before anything is measured.
        const warm = await upload(server.origin, cookie, spaceId, block, WARMUP_BYTES, 'bench-warm-up.pdf');
        const warmBack = await download(server.origin, cookie, warm.fileId);
        if (warmBack.sha256 !== warm.sha256) throw new Error('The warm-up file came back different.');

        const processes = sampler.processCount();
        const uploadIdle = await idleMemory(sampler);
        process.stdout.write(`${label}: ${processes} server process(es), ${uploadIdle.toFixed(1)} MiB idle; uploading ${fileMiB} MiB… `);
        const sent = await withMemoryWindow(sampler, () =>
          withCpu(cpuOf, () => upload(server.origin, cookie, spaceId, block, fileBytes, `bench-${fileMiB}-mib.pdf`)),
        );
        console.log(`${(fileMiB / sent.seconds).toFixed(1)} MiB/s, peak ${sent.memory.peakMiB.toFixed(1)} MiB`);

        const downloadIdle = await idleMemory(sampler);
        process.stdout.write(`${label}: ${downloadIdle.toFixed(1)} MiB idle; downloading it… `);
        const received = await withMemoryWindow(sampler, () => withCpu(cpuOf, () => download(server.origin, cookie, sent.fileId)));
        console.log(`${(fileMiB / received.seconds).toFixed(1)} MiB/s, peak ${received.memory.peakMiB.toFixed(1)} MiB`);

        const problems = [];
        if (received.bytes !== fileBytes || (received.contentLength !== null && received.contentLength !== fileBytes)) {
          problems.push(`${label}: the download had ${received.bytes} bytes (Content-Length ${received.contentLength}), not ${fileBytes}`);
        }
        if (received.sha256 !== sent.sha256) problems.push(`${label}: the download's SHA-256 differs from the upload's`);
        const figures = (transfer, result, idleMiB) => ({
          transfer,
          seconds: result.seconds,
          mibPerSecond: fileMiB / result.seconds,
          cpu: result.cpu,
          idleMiB,
          peakMiB: result.memory.peakMiB,
          aboveIdleMiB: result.memory.peakMiB - idleMiB,
          samples: result.memory.samples,
        });
        return {
          label,
          processes,
          sha256Matches: received.sha256 === sent.sha256,
          downloadFraming: received.contentLength === null ? `no Content-Length (${received.transferEncoding ?? 'no Transfer-Encoding'})` : 'Content-Length',
          upload: figures('upload', sent, uploadIdle),
          download: figures('download', received, downloadIdle),
          problems,
        };
      },
    );
  });
}

/** A fresh database (and, for S3, a fresh S3 server) for one storage; the server runs on it. Returns result rows. */
async function benchmarkCombination(database, storage, block) {
  const label = `${database === 'pglite' ? 'PGlite' : 'PostgreSQL'} + ${storage === 's3' ? 'S3 (s3rver)' : 'local disk'}`;
  // Local objects (and PGlite's files) go into a throw-away folder, never the repository's .data.
  return withResource(
    () => fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-files-')),
    (dataDir) => fs.rmSync(dataDir, { recursive: true, force: true }),
    async (dataDir) => {
      const withStorage = async (env) => {
        if (storage === 'local') return [await benchmarkServer(label, env, block)];
        return withResource(startS3Server, stopS3Server, async (s3) => {
          console.log(`\n${label}: the S3 server alone, ${fileMiB} MiB put and read back with the AWS SDK…`);
          const alone = await s3Alone(s3, block);
          console.log(`${label}: S3 server alone: put ${alone.upload.mibPerSecond.toFixed(1)} MiB/s, get ${alone.download.mibPerSecond.toFixed(1)} MiB/s`);
          return [alone, await benchmarkServer(label, { ...env, ...s3Env(s3) }, block, s3)];
        });
      };
      if (database === 'pglite') {
        const env = { ...serverEnv, DATA_DIR: dataDir };
        // Seeded before the server starts: PGlite allows one process per data folder.
        runToCompletion(bin('tsx'), ['scripts/seed-demo.ts'], env);
        return withStorage(env);
      }
      return withResource(
        () => createPostgresDatabase(postgresServerUrl, 'hearth_bench_files'),
        (created) => dropPostgresDatabase(postgresServerUrl, created),
        (created) => {
          if (created.unreachable) return [{ label, skipped: created.unreachable }];
          const env = {
            ...serverEnv,
            DATA_DIR: dataDir,
            DATABASE_URL: created.url,
            // Required with DATABASE_URL; throw-away values for a throw-away database.
            AUTH_SECRET: randomBytes(32).toString('base64'),
            HEARTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
            HEARTH_MASTER_KEY: `bench:${randomBytes(32).toString('base64')}`,
          };
          runToCompletion(bin('tsx'), ['scripts/seed-demo.ts'], { ...env, HEARTH_SEED_DEMO: 'yes' });
          return withStorage(env);
        },
      );
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------------

const cpuText = (cpu, name) => (cpu && cpu[name] !== undefined ? cpu[name].toFixed(1) : '-');

function printResults(baseline, results) {
  const header = ['where', 'what', 'seconds', 'MiB/s', '÷ AES', 'server CPU s', 'S3 CPU s', 'idle MiB', 'peak MiB', 'peak − idle', 'SHA-256'];
  const rows = [
    ['Node crypto, this process', `AES-256-GCM, ${CHUNK_BYTES / 1024} KiB chunks`, baseline.seconds.toFixed(2), baseline.mibPerSecond.toFixed(1), '1.00', '-', '-', '-', '-', '-', '-'],
  ];
  for (const result of results) {
    if (result.skipped) continue;
    for (const transfer of [result.upload, result.download]) {
      const memory = result.reference ? ['-', '-', '-'] : [transfer.idleMiB.toFixed(1), transfer.peakMiB.toFixed(1), transfer.aboveIdleMiB.toFixed(1)];
      const checked = transfer === result.download ? ((result.reference ? result.problems.length === 0 : result.sha256Matches) ? 'same' : 'DIFFERENT') : '-';
      rows.push([
        result.label,
        transfer.transfer,
        transfer.seconds.toFixed(2),
        transfer.mibPerSecond.toFixed(1),
        (transfer.mibPerSecond / baseline.mibPerSecond).toFixed(2),
        cpuText(transfer.cpu, 'server'),
        cpuText(transfer.cpu, 's3'),
        ...memory,
        checked,
      ]);
    }
  }
  printTable(`${fileMiB} MiB file, one tus PATCH up and one download back; server memory is the next start process tree's RSS`, header, rows);
  console.log(
    `÷ AES against the best of ${baselineRuns.length} baseline runs: ${baselineRuns.map((run) => `${run.mibPerSecond.toFixed(0)} (${run.when}, load ${run.loadAverage1m.toFixed(1)})`).join(', ')} MiB/s.`,
  );
}

function aimsMissed(baseline, results) {
  const missed = [];
  for (const result of results) {
    if (result.skipped || result.reference) continue;
    for (const transfer of [result.upload, result.download]) {
      const ratio = transfer.mibPerSecond / baseline.mibPerSecond;
      if (ratio < AIM_RATIO) missed.push(`${result.label} ${transfer.transfer}: ${ratio.toFixed(2)} of the AES speed (aim ≥ ${AIM_RATIO})`);
      if (transfer.aboveIdleMiB >= AIM_MEMORY_MIB) missed.push(`${result.label} ${transfer.transfer}: ${transfer.aboveIdleMiB.toFixed(1)} MiB above idle (aim < ${AIM_MEMORY_MIB})`);
    }
  }
  return missed;
}

async function main() {
  const machine = ensureBuildAndDescribeMachine();
  console.log(`Hearth file benchmark: a ${fileMiB} MiB file through the vault (${storages.join(', ')}; ${databases.join(', ')})`);
  console.log(describeMachine(machine));
  console.log('The benchmark client (which also generates and hashes the file) shares the machine with the server.\n');

  const block = contentBlock();
  measureAes(block, 'at the start');
  const results = [];
  for (const database of databases) {
    for (const storage of storages) {
      results.push(...(await benchmarkCombination(database, storage, block)));
      measureAes(block, `after ${database} + ${storage}`);
    }
  }
  const baseline = bestBaseline();

  printResults(baseline, results);
  for (const result of results.filter((r) => r.skipped)) console.log(`\n${result.label} skipped: ${result.skipped}`);
  for (const result of results.filter((r) => r.downloadFraming && r.downloadFraming !== 'Content-Length')) {
    console.log(`${result.label}: the download came with ${result.downloadFraming}.`);
  }
  for (const [index, result] of results.entries()) {
    const hearth = results[index + 1];
    if (!result.reference || !hearth || hearth.skipped) continue;
    console.log(
      `${hearth.label}: ${(hearth.upload.mibPerSecond / result.upload.mibPerSecond).toFixed(2)} of the S3 server's own put speed, ` +
        `${(hearth.download.mibPerSecond / result.download.mibPerSecond).toFixed(2)} of its get speed.`,
    );
  }
  const missed = aimsMissed(baseline, results);
  if (missed.length > 0) {
    console.log('\nAims missed:');
    for (const line of missed) console.log(`  ${line}`);
  } else {
    console.log(`\nAll aims met: every transfer ≥ ${AIM_RATIO} of the AES speed and under ${AIM_MEMORY_MIB} MiB above idle.`);
  }
  const problems = results.flatMap((r) => r.problems ?? []);
  if (problems.length > 0) {
    console.error('\n!!!!!!!!!! BENCHMARK FAILED: a file did not come back as it was sent !!!!!!!!!!');
    for (const problem of problems) console.error(`  ${problem}`);
  }
  console.log(JSON.stringify({ machine, settings: { fileMiB, storages, databases }, baseline, baselineRuns, results, aimsMissed: missed, failed: problems.length > 0 }));
  return problems.length > 0 ? 1 : 0;
}

await runBenchmark(main);
