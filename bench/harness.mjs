// What the benchmarks share: settings from the environment, a production build, `next start` servers in their own
// process groups, throw-away databases (a PGlite folder or a database on a PostgreSQL server), signing in through the
// real login form, and autocannon runs with their latency percentiles. Everything taken is released on the way out,
// also on Ctrl+C.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { buildIsStale } from '../scripts/build-state.mjs';

export const root = path.resolve(import.meta.dirname, '..');
export const STATIC_PATH = '/static/ping.html';
export const DEMO_PASSWORD = 'hearth-demo';

export function positiveIntegerFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive whole number, not "${raw}".`);
    process.exit(2);
  }
  return value;
}

/** BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_PORT and BENCH_DATABASE_URL, with their defaults. */
export function benchSettings() {
  const seconds = positiveIntegerFromEnv('BENCH_SECONDS', 10);
  return {
    seconds,
    connections: positiveIntegerFromEnv('BENCH_CONNECTIONS', 10),
    firstPort: positiveIntegerFromEnv('BENCH_PORT', 3300),
    warmupSeconds: Math.min(3, seconds),
    postgresServerUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

const baseEnvironment = { ...process.env, NODE_ENV: 'production', AUTH_TRUST_HOST: 'true', NEXT_TELEMETRY_DISABLED: '1' };
// Each server gets exactly the database chosen by the benchmark, never one from the caller's environment.
delete baseEnvironment.DATABASE_URL;
delete baseEnvironment.DATA_DIR;
delete baseEnvironment.HEARTH_SEED_DEMO;
export const baseEnv = baseEnvironment;

export const bin = (name) => path.join(root, 'node_modules', '.bin', name);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function runToCompletion(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
}

// Releases still owed when the run is interrupted, in the order they were taken.
const pendingReleases = new Set();
// Server process groups, killed synchronously if the process exits any other way.
const liveServers = new Set();

/** Runs body with a resource and releases it afterwards, also on errors and interruptions. */
export async function withResource(acquire, release, body) {
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

export async function releaseEverything() {
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

async function freePort(firstPort) {
  for (let port = firstPort; port < firstPort + 100; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`No free port between ${firstPort} and ${firstPort + 99} (set BENCH_PORT).`);
}

/** `next start` on 127.0.0.1, in its own process group, once it serves the static file. */
export async function startServer(env, firstPort) {
  const port = await freePort(firstPort);
  // Its own process group, so stopping it also stops anything it spawned. Production needs its public address (mail
  // links are built from it only): this server's own.
  const child = spawn(bin('next'), ['start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: root,
    env: { ...env, APP_URL: env.APP_URL || `http://127.0.0.1:${port}` },
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

/** Runs body with a started server; a failure says what the server last wrote, which is usually why. */
export async function withServer(env, firstPort, body) {
  return withResource(
    () => startServer(env, firstPort),
    stopServer,
    async (server) => {
      try {
        return await body(server);
      } catch (error) {
        const exited = !liveServers.has(server.child);
        error.message += `\nThe server ${exited ? 'has exited' : 'is running'}; its last output:\n${server.log.slice(-20).join('\n')}`;
        throw error;
      }
    },
  );
}

export async function stopServer(server) {
  if (!liveServers.has(server.child)) return;
  killGroup(server.child, 'SIGTERM');
  const stopped = await Promise.race([server.exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) {
    killGroup(server.child, 'SIGKILL');
    await server.exited;
  }
}

export async function launchBrowser() {
  const options = { args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] };
  // Debian's Chromium when present; otherwise Playwright's own browser.
  if (fs.existsSync('/usr/bin/chromium')) options.executablePath = '/usr/bin/chromium';
  return chromium.launch(options);
}

/** Signs in through the real login form, as a person would, and returns the Cookie header it earned. */
export async function signIn(browser, origin, email, landingPath, password = DEMO_PASSWORD) {
  const context = await browser.newContext({ baseURL: origin });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
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

/** Signs in each { account, landing } once, in one browser closed before anything is measured. */
export async function sessionCookiesFor(origin, accounts) {
  const browser = await launchBrowser();
  try {
    const cookies = {};
    for (const { account, landing } of accounts) {
      cookies[account] ??= await signIn(browser, origin, account, landing);
    }
    return cookies;
  } finally {
    // Closed before measuring, so the browser takes no CPU from the server.
    await browser.close();
  }
}

/** Nearest-rank percentile in milliseconds, to 0.01 ms (finer is noise). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return rounded(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)], 2);
}

export const rounded = (value, digits) => Number(value.toFixed(digits));

/**
 * One autocannon run against origin + target.path (a GET, or target.method with target.body and target.headers): req/s
 * and p50/p95/p99 of the 2xx answers.
 */
export async function measure(origin, target, cookie, { connections, seconds, warmupSeconds }) {
  const latencies = [];
  const run = autocannon({
    url: origin + target.path,
    connections,
    duration: seconds,
    method: target.method ?? 'GET',
    body: target.body,
    headers: { ...target.headers, ...(cookie ? { cookie } : {}) },
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

/** A fresh database on the PostgreSQL server, or the reason there is none. */
export async function createPostgresDatabase(serverUrl, prefix = 'hearth_bench') {
  const admin = postgres(serverUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 });
    return { unreachable: `${redacted(serverUrl)} is not reachable (${error.message})` };
  }
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropPostgresDatabase(serverUrl, database) {
  if (!database.name) return;
  const admin = postgres(serverUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${database.name} with (force)`);
  } finally {
    await admin.end();
  }
}

export function redacted(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Builds when there is no production build or the sources changed since; returns what the figures ran on. */
export function ensureBuildAndDescribeMachine() {
  if (buildIsStale(root)) {
    console.log('No production build, or the sources changed since: running next build…');
    runToCompletion(bin('next'), ['build'], baseEnv);
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage1m: os.loadavg()[0],
    node: process.version,
    next: JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'next', 'package.json'), 'utf8')).version,
    buildId: fs.readFileSync(path.join(root, '.next', 'BUILD_ID'), 'utf8').trim(),
  };
}

export function describeMachine(machine) {
  return (
    `${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, load ${machine.loadAverage1m.toFixed(2)} at start, ` +
    `Node ${machine.node}, Next.js ${machine.next}, build ${machine.buildId}`
  );
}

export const milliseconds = (value) => (value === null ? '-' : value.toFixed(1));

/** A table: the first `textColumns` columns left-aligned, the figures right-aligned. */
export function printTable(label, header, rows, textColumns = 2) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, column) => (column < textColumns ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(`\n${label}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Any non-2xx answer, connection error or empty run means a figure is not a page figure. */
export function failures(label, results) {
  return results
    .filter((r) => r.non2xx > 0 || r.errors > 0 || r.p50 === null)
    .map(
      (r) =>
        `${label} ${r.target} ${r.path}: ${r.non2xx} non-2xx answers, ${r.errors} connection errors/timeouts, ` +
        `status codes ${JSON.stringify(r.statusCodes)}${r.p50 === null ? ', no 2xx answer within the run' : ''}`,
    );
}

export function reportFailures(problems) {
  if (problems.length === 0) return;
  console.error('\n!!!!!!!!!! BENCHMARK FAILED: some targets did not answer 2xx, so those figures are not page figures !!!!!!!!!!');
  for (const problem of problems) console.error(`  ${problem}`);
  console.error('A signed-in page answering with a redirect usually means the session was not accepted.');
}

/** Runs main, releases everything taken, and exits with main's code (1 when it threw). */
export async function runBenchmark(main) {
  let exitCode = 1;
  try {
    exitCode = await main();
  } catch (error) {
    console.error(`\nBenchmark stopped: ${error.stack ?? error}`);
  } finally {
    await releaseEverything();
  }
  process.exit(exitCode);
}
