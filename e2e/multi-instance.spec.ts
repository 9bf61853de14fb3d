// Several instances on one PostgreSQL database, as a practice that outgrows one process runs them:
// two `next start` instances (HEARTH_WORKER=off) and two `npm run worker` processes on a fresh
// database, with file content in a local S3 server; every request goes to one instance or the
// other, as a load balancer without sticky sessions would send it. Both instances are on
// 127.0.0.1 with different ports, and cookies ignore ports, so the browser's session cookie
// reaches both, exactly as one public address would.
//
// Run it with `npm run test:multi-instance` (e2e/multi-instance.config.ts); the ordinary suite
// ignores it. It needs a PostgreSQL server (E2E_DATABASE_URL, or the local one) and builds the app
// first when the build is stale, so run it under `flock /tmp/e2e.lock`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, request, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import postgres from 'postgres';
// @ts-expect-error -- plain JavaScript without types, shared with e2e/server.mjs and the benchmarks
import { buildIsStale } from '../scripts/build-state.mjs';
import { DEMO, HOME, PASSWORD } from './accounts';
import { sendBytes, startUpload, uploadState } from './uploads';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const serverUrl = process.env.E2E_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

test.describe.configure({ mode: 'serial' });

interface Running {
  name: string;
  child: ChildProcess;
  log: string[];
  exited: Promise<unknown>;
}

const processes: Running[] = [];
const tempDirs: string[] = [];
let dropDatabase = async () => {};
let sql: postgres.Sql | undefined;
let A = '';
let B = '';

function db() {
  if (!sql) throw new Error('the database is not open');
  return sql;
}

/** A process in its own group (stopping it stops whatever it spawned), its output kept for failures. */
function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(command, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(...String(chunk).split('\n').filter(Boolean));
    log.splice(0, Math.max(0, log.length - 200));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const running = { name, child, log, exited };
  processes.push(running);
  return running;
}

const isRunning = (running: Running) => running.child.exitCode === null && running.child.signalCode === null;

function signalGroup(running: Running, signal: NodeJS.Signals) {
  try {
    process.kill(-running.child.pid!, signal);
  } catch {
    // Already gone.
  }
}

async function stop(running: Running) {
  if (!isRunning(running)) return;
  signalGroup(running, 'SIGTERM');
  const stopped = await Promise.race([running.exited.then(() => true), new Promise((resolve) => setTimeout(resolve, 10_000, false))]);
  if (!stopped) {
    signalGroup(running, 'SIGKILL');
    await running.exited;
  }
}

/** Polls until check() gives a value, failing with the process's output if it exits or the deadline passes. */
async function until<T>(what: string, check: () => Promise<T | undefined>, watched: Running[], timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = watched.find((running) => !isRunning(running));
    if (dead) throw new Error(`${dead.name} exited while waiting for ${what}:\n${dead.log.join('\n')}`);
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen in time. Output:\n${watched.map((r) => `--- ${r.name}\n${r.log.slice(-30).join('\n')}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function runToCompletion(what: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

let mailboxDir = '';

test.beforeAll(async () => {
  test.setTimeout(15 * 60_000);

  // A fresh database on the PostgreSQL server, dropped in afterAll.
  const name = `hearth_multi_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  dropDatabase = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  };
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;

  const tmp = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    tempDirs.push(dir);
    return dir;
  };
  mailboxDir = tmp('hearth-multi-mail-');
  const s3Dir = tmp('hearth-multi-s3-');

  // File content in a local S3 server, shared by both instances.
  const s3 = start('s3', process.execPath, ['--openssl-legacy-provider', 'scripts/s3-dev-server.mjs', '--port', '0', '--dir', s3Dir], { ...process.env });
  const [endpoint, bucket] = await until(
    'the S3 server',
    async () => {
      const ready = s3.log.map((line) => line.match(/^S3 ready (\S+) (\S+)/)).find(Boolean);
      return ready ? [ready[1], ready[2]] : undefined;
    },
    [s3],
    30_000,
  );

  const [portA, portB] = [await freePort(), await freePort()];
  A = `http://127.0.0.1:${portA}`;
  B = `http://127.0.0.1:${portB}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl.toString(),
    AUTH_SECRET: randomBytes(32).toString('base64'),
    HEARTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HEARTH_MASTER_KEY: `multi-${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`,
    // One public address for the practice, as behind a load balancer.
    APP_URL: A,
    AUTH_TRUST_HOST: 'true',
    HEARTH_WORKER: 'off',
    MAILBOX_DIR: mailboxDir,
    S3_BUCKET: bucket,
    S3_ENDPOINT: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  };
  for (const key of ['AUTH_URL', 'SMTP_URL', 'DATA_DIR', 'HEARTH_SEED_DEMO', 'CLAMD_SOCKET', 'CLAMD_HOST']) delete env[key];

  runToCompletion('seeding the demo practices', bin('tsx'), ['scripts/seed-demo.ts'], { ...env, HEARTH_SEED_DEMO: 'yes', DATA_DIR: tmp('hearth-multi-seed-') });
  if (buildIsStale(root)) runToCompletion('next build', bin('next'), ['build'], { ...env, NODE_ENV: 'production' });

  // Each instance has a data folder of its own: nothing they share goes through a local disk.
  const instances = [
    start('instance A', bin('next'), ['start', '-H', '127.0.0.1', '-p', String(portA)], { ...env, DATA_DIR: tmp('hearth-multi-a-') }),
    start('instance B', bin('next'), ['start', '-H', '127.0.0.1', '-p', String(portB)], { ...env, DATA_DIR: tmp('hearth-multi-b-') }),
  ];
  // Two workers, so every job is raced for.
  const workers = [
    start('worker 1', bin('tsx'), ['scripts/worker.ts'], { ...env, DATA_DIR: tmp('hearth-multi-w1-') }),
    start('worker 2', bin('tsx'), ['scripts/worker.ts'], { ...env, DATA_DIR: tmp('hearth-multi-w2-') }),
  ];
  for (const [origin, instance] of [[A, instances[0]], [B, instances[1]]] as const) {
    await until(`${instance.name} serving`, async () => ((await fetch(`${origin}/login`)).ok ? true : undefined), [instance], 120_000);
  }
  for (const worker of workers) {
    await until(`${worker.name} starting`, async () => (worker.log.some((line) => line.includes('worker started')) ? true : undefined), [worker], 60_000);
  }
  sql = postgres(databaseUrl.toString(), { max: 2, onnotice: () => {} });
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    for (const running of processes) await testInfo.attach(running.name, { body: running.log.join('\n'), contentType: 'text/plain' });
  }
});

test.afterAll(async () => {
  await sql?.end({ timeout: 5 });
  await Promise.all(processes.map(stop));
  await dropDatabase().catch((error) => console.error('[multi-instance] could not drop the database', error));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function signIn(browser: Browser, origin: string, email: string, home: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === home);
  return { context, page };
}

/** Opens origin + pagePath and expects to stay there, signed in. */
async function expectSignedIn(page: Page, origin: string, pagePath: string) {
  const response = await page.goto(`${origin}${pagePath}`);
  expect(response?.status(), `${origin}${pagePath}`).toBe(200);
  expect(page.url(), `${origin}${pagePath} kept the session`).toBe(`${origin}${pagePath}`);
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

test('a session made on one instance is valid on the other, request after request', async ({ browser }) => {
  const client = await signIn(browser, A, DEMO.client, HOME.client);
  const clientPages = ['/portal', '/portal/sessions', '/portal/files', '/portal/journal', '/account', '/portal/summaries'];
  for (const [index, pagePath] of clientPages.entries()) await expectSignedIn(client.page, index % 2 === 0 ? B : A, pagePath);
  await client.context.close();

  // And the other way round, for a therapist signed in on B.
  const therapist = await signIn(browser, B, DEMO.therapist, HOME.therapist);
  const therapistPages = ['/practice', '/practice/schedule', '/practice/exercises', '/account', '/practice'];
  for (const [index, pagePath] of therapistPages.entries()) await expectSignedIn(therapist.page, index % 2 === 0 ? A : B, pagePath);
  await therapist.context.close();
});

test('signing out on one instance ends the session on both', async ({ browser }) => {
  const { context, page } = await signIn(browser, A, DEMO.client2, HOME.client);
  await expectSignedIn(page, B, '/portal');
  const cookiesBefore = await context.storageState();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login');

  // The browser no longer holds a session: A sends it to sign in.
  await page.goto(`${A}/portal`);
  await expect(page).toHaveURL((url) => url.pathname === '/login');
  // And the cookie from before sign-out, replayed, is refused by both: the session ended on the server.
  for (const origin of [A, B, A, B]) {
    const replay = await request.newContext({ storageState: cookiesBefore });
    const response = await replay.get(`${origin}/portal`, { maxRedirects: 0 });
    expect(response.status(), `${origin}/portal with the old cookie`).toBeGreaterThanOrEqual(300);
    expect(response.status()).toBeLessThan(400);
    expect(new URL(response.headers().location!, origin).pathname).toBe('/login');
    await replay.dispose();
  }
  const [{ revoked }] = await db()`
    select count(*)::int as revoked from sessions s join users u on u.id = s.user_id
    where u.email = ${DEMO.client2} and s.revoked_at is not null`;
  expect(revoked).toBeGreaterThanOrEqual(1);
});

test('a job runs once, with two workers racing for it', async ({ browser }) => {
  // Reset links for several people, asked for on alternating instances: one mail job each.
  const addresses = ['client3@demo.test', 'client4@demo.test', 'client5@demo.test', DEMO.therapist2];
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const [index, address] of addresses.entries()) {
    await page.goto(`${index % 2 === 0 ? A : B}/reset-password`);
    await page.getByLabel('Email').fill(address);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status')).toBeVisible();
  }
  await context.close();

  const outbox = await until(
    'every reset mail delivered',
    async () => {
      const rows = await db()`
        select id, to_address, state, attempts from outbox_messages
        where to_address in ${db()(addresses)} and kind like '%reset%'`;
      return rows.length === addresses.length && rows.every((row) => row.state === 'sent') ? rows : undefined;
    },
    processes.filter((running) => running.name.startsWith('worker')),
    60_000,
  );
  for (const row of outbox) expect(row.attempts, `delivery attempts for ${row.to_address}`).toBe(1);

  const jobs = await db()`
    select state, attempts, locked_by from jobs
    where kind = 'mail.deliver' and payload->>'messageId' in ${db()(outbox.map((row) => row.id as string))}`;
  expect(jobs).toHaveLength(addresses.length);
  for (const job of jobs) {
    expect(job.state).toBe('done');
    expect(job.attempts).toBe(1);
  }
  // Exactly one message in the mailbox per person.
  const delivered = fs
    .readdirSync(mailboxDir)
    .filter((file) => file.endsWith('.eml'))
    .map((file) => fs.readFileSync(path.join(mailboxDir, file), 'utf8').match(/^To: (.*)$/m)?.[1].trim());
  for (const address of addresses) expect(delivered.filter((to) => to === address), `mail to ${address}`).toHaveLength(1);
});

test('an upload started on one instance resumes on the other, and downloads the same from either', async ({ browser }) => {
  const { context } = await signIn(browser, A, DEMO.client, HOME.client);
  const storageState = await context.storageState();
  await context.close();
  const onA = await request.newContext({ baseURL: A, storageState });
  const onB = await request.newContext({ baseURL: B, storageState });
  try {
    const [{ id: space }] = await db()`
      select cr.id from care_relationships cr join users u on u.id = cr.client_id
      join users t on t.id = cr.therapist_id
      where u.email = ${DEMO.client} and t.email = ${DEMO.therapist} and cr.ended_on is null`;
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300 * 1024 - 9)]);
    const first = 128 * 1024;

    const uploadAt = await startUpload(onA, { space, kind: 'document', filename: 'intake-form.pdf' }, bytes, first);
    const state = await uploadState(onB, uploadAt);
    expect(state.status()).toBe(200);
    expect(state.headers()['upload-offset']).toBe(String(first));

    const rest = await sendBytes(onB, uploadAt, first, bytes.subarray(first));
    expect(rest.status(), await rest.text()).toBe(204);
    expect(rest.headers()['upload-offset']).toBe(String(bytes.length));

    const fileId = uploadAt.split('/').pop()!;
    for (const context of [onA, onB]) {
      const download = await context.get(`/api/files/${fileId}/content`, { maxRedirects: 0 });
      expect(download.status()).toBe(200);
      expect(Buffer.compare(await download.body(), bytes), 'the downloaded bytes are the uploaded ones').toBe(0);
    }
    // The finished upload is gone for both instances.
    expect((await uploadState(onA, uploadAt)).status()).toBe(404);
  } finally {
    await onA.dispose();
    await onB.dispose();
  }
});
