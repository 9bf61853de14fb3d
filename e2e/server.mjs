// The server the end-to-end suite runs against (Playwright's webServer): a fresh database every
// run, seeded before the server starts (the server then holds the database), a production build
// (rebuilt when the sources are newer than it), and `next start` on E2E_PORT (default 3210).
// With E2E_DATABASE_URL set, a fresh PostgreSQL database on that server is used instead of PGlite
// and dropped again at exit.
// The run folder E2E_RUN_DIR (set by playwright.config.ts) is emptied first; it receives the
// pool of fresh practices (practices.json, written by e2e/seed.ts), the tests' leases on them,
// and the mailbox: without SMTP_URL the server writes every message as a .eml file there, and
// specs read invitation and reset links from it (e2e/mailbox.ts). Links in mail are built from
// APP_URL only, which is this server's own address.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { buildIsStale } from '../scripts/build-state.mjs';

const root = path.resolve(import.meta.dirname, '..');
const port = process.env.E2E_PORT || '3210';
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const log = (message) => console.log(`[e2e] ${message}`);

const runDir = path.resolve(root, process.env.E2E_RUN_DIR || path.join('test-results', `e2e-${port}`));
const mailboxDir = path.resolve(root, process.env.E2E_MAILBOX_DIR || path.join(runDir, 'mailbox'));
for (const dir of [runDir, mailboxDir]) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-e2e-'));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  NEXT_TELEMETRY_DISABLED: '1',
  AUTH_TRUST_HOST: 'true',
  APP_URL: `http://127.0.0.1:${port}`,
  MAILBOX_DIR: mailboxDir,
  E2E_POOL_FILE: path.join(runDir, 'practices.json'),
};
delete env.DATABASE_URL;
delete env.AUTH_URL;
delete env.SMTP_URL;
// The job worker (which delivers mail) runs inside the server.
delete env.HEARTH_WORKER;

let dropDatabase = async () => {};
if (process.env.E2E_DATABASE_URL) {
  const name = `hearth_e2e_${randomBytes(6).toString('hex')}`;
  const admin = postgres(process.env.E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.E2E_DATABASE_URL);
  url.pathname = `/${name}`;
  Object.assign(env, {
    DATABASE_URL: url.toString(),
    HEARTH_SEED_DEMO: 'yes',
    // Keys are only generated into DATA_DIR for the embedded database.
    AUTH_SECRET: randomBytes(32).toString('base64'),
    HEARTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HEARTH_MASTER_KEY: `e2e-${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`,
  });
  dropDatabase = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  };
  log(`using PostgreSQL database ${name}`);
}

let cleanedUp = false;
async function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  fs.rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase().catch((error) => console.error('[e2e] could not drop the database', error));
}

async function fail(message) {
  console.error(`[e2e] ${message}`);
  await cleanUp();
  process.exit(1);
}

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  return result.status === 0;
}

if (!run(bin('tsx'), ['e2e/seed.ts'])) await fail('seeding the database failed');

if (buildIsStale(root)) {
  log('building the app (no build yet, or the sources changed)…');
  if (!run(bin('next'), ['build'], { NODE_ENV: 'production' })) await fail('next build failed');
}

const server = spawn(bin('next'), ['start', '-p', port, '-H', '127.0.0.1'], {
  cwd: root,
  env: { ...env, NODE_ENV: 'production' },
  stdio: 'inherit',
});
log(`starting on http://127.0.0.1:${port} (data in ${dataDir})`);

// Playwright stops the web server with SIGTERM (see playwright.config.ts): let Next close the
// database, then remove the temporary data.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal);
  });
}
server.on('exit', async (code, signal) => {
  await cleanUp();
  process.exit(code ?? (signal ? 0 : 1));
});
