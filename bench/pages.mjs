// npm run bench: requests per second and latency of the main pages, each beside a static file
// served by the same server in the same run, on the embedded database (PGlite) and on PostgreSQL.
// The headline figure is a page's req/s divided by the static file's req/s.
//
// Needs a production build (runs `next build` when it is missing or older than the sources). Starts its own
// `next start` servers on 127.0.0.1, each on a fresh, seeded database that is removed afterwards.
//
//   BENCH_SECONDS       measured seconds per target (default 10, after a short warm-up)
//   BENCH_CONNECTIONS   concurrent connections (default 10)
//   BENCH_PORT          first port tried for the servers (default 3300)
//   BENCH_DATABASE_URL  PostgreSQL server to create the throw-away database on
//                       (default postgres://postgres@127.0.0.1:5432/postgres; skipped when unreachable)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { buildIsStale } from '../scripts/build-state.mjs';

const root = path.resolve(import.meta.dirname, '..');
const seconds = positiveIntegerFromEnv('BENCH_SECONDS', 10);
const connections = positiveIntegerFromEnv('BENCH_CONNECTIONS', 10);
const firstPort = positiveIntegerFromEnv('BENCH_PORT', 3300);
const warmupSeconds = Math.min(3, seconds);
const postgresServerUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const STATIC_PATH = '/static/ping.html';
const DEMO_PASSWORD = 'hearth-demo';
const TARGETS = [
  { name: 'static file', path: STATIC_PATH },
  { name: 'client home', path: '/portal', account: 'client@demo.test' },
  { name: 'therapist dashboard', path: '/practice', account: 'therapist@demo.test' },
  { name: 'login (signed out)', path: '/login' },
];

const baseEnv = { ...process.env, NODE_ENV: 'production', AUTH_TRUST_HOST: 'true', NEXT_TELEMETRY_DISABLED: '1' };
// Each server gets exactly the database chosen here, never one from the caller's environment.
delete baseEnv.DATABASE_URL;
delete baseEnv.DATA_DIR;
delete baseEnv.HEARTH_SEED_DEMO;

function positiveIntegerFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive whole number, not "${raw}".`);
    process.exit(2);
  }
  return value;
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function runToCompletion(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
}

// Releases still owed when the run is interrupted, in the order they were taken.
const pendingReleases = new Set();
// Server process groups, killed synchronously if the process exits any other way.
const liveServers = new Set();

/** Runs body with a resource and releases it afterwards, also on errors and interruptions. */
async function withResource(acquire, release, body) {
  const resource = await acquire();
  let released;
  const releaseOnce = () => (released ??= Promise.resolve().then(() => release(resource)));
  pendingReleases.add(releaseOnce);
  try {
    return await body(resource);
  } finally {
    pendingReleases.delete(releaseOnce);
    await releaseOnce();
  }
}

async function releaseEverything() {
  for (const release of [...pendingReleases].reverse()) {
    try {
      await release();
    } catch (error) {
      console.error(`Clean-up step failed: ${error.message}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.error(`\n${signal}: stopping servers and removing the benchmark databases…`);
    await releaseEverything();
    process.exit(130);
  });
}
process.on('exit', () => {
  for (const child of liveServers) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port, '127.0.0.1');
  });
}

async function freePort() {
  for (let port = firstPort; port < firstPort + 100; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`No free port between ${firstPort} and ${firstPort + 99} (set BENCH_PORT).`);
}

async function startServer(env) {
  const port = await freePort();
  // Its own process group, so stopping it also stops anything it spawned.
  const child = spawn(bin('next'), ['start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveServers.add(child);
  const log = [];
  const keepLog = (chunk) => {
    log.push(...String(chunk).split('\n').filter(Boolean));
    log.splice(0, Math.max(0, log.length - 100));
  };
  child.stdout.on('data', keepLog);
  child.stderr.on('data', keepLog);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then(() => liveServers.delete(child));
  const server = { origin: `http://127.0.0.1:${port}`, child, log, exited };
  try {
    await waitUntilServing(server);
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  return server;
}

async function waitUntilServing(server) {
  let running = true;
  server.exited.then(() => (running = false));
  const deadline = Date.now() + 120_000;
  while (running && Date.now() < deadline) {
    try {
      if ((await fetch(server.origin + STATIC_PATH)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  const why = running ? 'did not answer within 2 minutes' : 'exited during start-up';
  throw new Error(`The server ${why}. Its last output:\n${server.log.join('\n')}`);
}

async function stopServer(server) {
  if (!liveServers.has(server.child)) return;
  killGroup(server.child, 'SIGTERM');
  const stopped = await Promise.race([server.exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) {
    killGroup(server.child, 'SIGKILL');
    await server.exited;
  }
}

async function launchBrowser() {
  const options = { args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] };
  // Debian's Chromium when present; otherwise Playwright's own browser.
  if (fs.existsSync('/usr/bin/chromium')) options.executablePath = '/usr/bin/chromium';
  return chromium.launch(options);
}

/** Signs in through the real login form, as a person would, and returns the Cookie header it earned. */
async function signIn(browser, origin, email, landingPath) {
  const context = await browser.newContext({ baseURL: origin });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    try {
      await page.waitForURL((url) => url.pathname === landingPath);
    } catch {
      throw new Error(`Signing in as ${email} did not reach ${landingPath}; the browser is at ${page.url()}.`);
    }
    const cookies = await context.cookies(origin);
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  } finally {
    await context.close();
  }
}

async function sessionCookiesFor(origin) {
  const browser = await launchBrowser();
  try {
    const cookies = {};
    for (const target of TARGETS.filter((t) => t.account)) {
      cookies[target.account] = await signIn(browser, origin, target.account, target.path);
    }
    return cookies;
  } finally {
    // Closed before measuring, so the browser takes no CPU from the server.
    await browser.close();
  }
}

/** Nearest-rank percentile in milliseconds, to 0.01 ms (finer is noise). */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return rounded(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)], 2);
}

const rounded = (value, digits) => Number(value.toFixed(digits));

async function measure(origin, target, cookie) {
  const latencies = [];
  const run = autocannon({
    url: origin + target.path,
    connections,
    duration: seconds,
    headers: cookie ? { cookie } : {},
    warmup: { connections, duration: warmupSeconds },
  });
  // autocannon's own percentiles skip p95, so latencies are kept here (2xx only, like autocannon's).
  run.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await run;
  latencies.sort((a, b) => a - b);
  return {
    target: target.name,
    path: target.path,
    requestsPerSecond: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count])),
  };
}

async function benchmarkServer(label, env) {
  console.log(`\n${label}: starting next start…`);
  return withResource(
    () => startServer(env),
    stopServer,
    async (server) => {
      console.log(`${label}: serving on ${server.origin}; signing in the demo accounts…`);
      const cookies = await sessionCookiesFor(server.origin);
      const results = [];
      for (const target of TARGETS) {
        process.stdout.write(`${label}: ${target.path} (${warmupSeconds} s warm-up, ${seconds} s measured)… `);
        const figures = await measure(server.origin, target, target.account && cookies[target.account]);
        console.log(`${Math.round(figures.requestsPerSecond)} req/s`);
        results.push(figures);
      }
      const staticRate = results[0].requestsPerSecond;
      for (const figures of results) figures.ratioToStatic = staticRate > 0 ? rounded(figures.requestsPerSecond / staticRate, 4) : null;
      return results;
    },
  );
}

async function benchmarkPglite() {
  return withResource(
    () => fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-')),
    (dataDir) => fs.rmSync(dataDir, { recursive: true, force: true }),
    (dataDir) => {
      const env = { ...baseEnv, DATA_DIR: dataDir };
      // Seeded before the server starts: PGlite allows one process per data folder.
      runToCompletion(bin('tsx'), ['scripts/seed-demo.ts'], env);
      return benchmarkServer('PGlite', env);
    },
  );
}

/** A fresh database on the PostgreSQL server, or the reason there is none. */
async function createPostgresDatabase() {
  const admin = postgres(postgresServerUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 });
    return { unreachable: `${redacted(postgresServerUrl)} is not reachable (${error.message})` };
  }
  const name = `hearth_bench_${process.pid}_${Date.now()}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresServerUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropPostgresDatabase(database) {
  if (!database.name) return;
  const admin = postgres(postgresServerUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${database.name} with (force)`);
  } finally {
    await admin.end();
  }
}

function redacted(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function benchmarkPostgres() {
  return withResource(createPostgresDatabase, dropPostgresDatabase, (database) => {
    if (database.unreachable) return { skipped: database.unreachable };
    const env = {
      ...baseEnv,
      DATABASE_URL: database.url,
      // Required with DATABASE_URL; throw-away values for a throw-away database.
      AUTH_SECRET: randomBytes(32).toString('base64'),
      HEARTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    runToCompletion(bin('tsx'), ['scripts/seed-demo.ts'], { ...env, HEARTH_SEED_DEMO: 'yes' });
    return benchmarkServer('PostgreSQL', env);
  });
}

const milliseconds = (value) => (value === null ? '-' : value.toFixed(1));

function printTable(label, results) {
  const header = ['target', 'path', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx', 'errors', 'vs static'];
  const rows = results.map((r) => [
    r.target,
    r.path,
    r.requestsPerSecond.toFixed(1),
    milliseconds(r.p50),
    milliseconds(r.p95),
    milliseconds(r.p99),
    String(r.non2xx),
    String(r.errors),
    r.ratioToStatic === null ? '-' : r.ratioToStatic.toFixed(4),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  // Text columns left-aligned, figures right-aligned.
  const line = (cells) => cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(`\n${label}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Any non-2xx answer, connection error or empty run means a figure is not a page figure. */
function failures(label, results) {
  return results
    .filter((r) => r.non2xx > 0 || r.errors > 0 || r.p50 === null)
    .map(
      (r) =>
        `${label} ${r.path}: ${r.non2xx} non-2xx answers, ${r.errors} connection errors/timeouts, ` +
        `status codes ${JSON.stringify(r.statusCodes)}${r.p50 === null ? ', no 2xx answer within the run' : ''}`,
    );
}

async function main() {
  const buildIdFile = path.join(root, '.next', 'BUILD_ID');
  if (buildIsStale(root)) {
    console.log('No production build, or the sources changed since: running next build…');
    runToCompletion(bin('next'), ['build'], baseEnv);
  }
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage1m: os.loadavg()[0],
    node: process.version,
    next: JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'next', 'package.json'), 'utf8')).version,
    buildId: fs.readFileSync(buildIdFile, 'utf8').trim(),
  };
  const settings = { seconds, warmupSeconds, connections };
  console.log('Hearth page benchmark');
  console.log(
    `${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, load ${machine.loadAverage1m.toFixed(2)} at start, ` +
      `Node ${machine.node}, Next.js ${machine.next}, build ${machine.buildId}`,
  );
  console.log(`${connections} connections, ${seconds} s per target after ${warmupSeconds} s warm-up; the benchmark client shares the machine with the server.`);

  const results = { pglite: await benchmarkPglite(), postgres: await benchmarkPostgres() };

  printTable('PGlite (embedded)', results.pglite);
  if (results.postgres.skipped) console.log(`\nPostgreSQL skipped: ${results.postgres.skipped}`);
  else printTable('PostgreSQL', results.postgres);

  const problems = [...failures('PGlite', results.pglite), ...(results.postgres.skipped ? [] : failures('PostgreSQL', results.postgres))];
  if (problems.length > 0) {
    console.error('\n!!!!!!!!!! BENCHMARK FAILED: some targets did not answer 2xx, so those figures are not page figures !!!!!!!!!!');
    for (const problem of problems) console.error(`  ${problem}`);
    console.error('A signed-in page answering with a redirect usually means the session was not accepted.');
  }
  console.log(JSON.stringify({ machine, settings, results, failed: problems.length > 0 }));
  return problems.length > 0 ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`\nBenchmark stopped: ${error.stack ?? error}`);
} finally {
  await releaseEverything();
}
process.exit(exitCode);
