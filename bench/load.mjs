// npm run bench:load: a practice's worth of people browsing at once, on one PostgreSQL database, against one
// `next start` instance and then against two (requests alternating between them, as a load balancer without sticky
// sessions sends them), with the job worker in a process of its own (HEARTH_WORKER=off). Prints req/s, p50/p95/p99
// and errors for each setup, and the ratio two/one. Aim: two give at least 1.7 times one; with two, p95 under 1 s
// and no errors.
//
// BENCH_USERS distinct people (default 200: 85% clients, 12.5% therapists, the rest admins) are seeded into a fresh
// database through the demo seed (one shared password hash), each signed in once through the real login form; then
// for BENCH_SECONDS (default 60) each of them opens their role's pages in a loop, one request at a time. The load
// generator shares the machine with the servers. Run it as `flock /tmp/e2e.lock npm run bench:load`.
//
//   BENCH_SECONDS       measured seconds per setup (default 60)
//   BENCH_USERS         concurrent signed-in people (default 200)
//   BENCH_PORT          first port tried for the servers (default 3300)
//   BENCH_DATABASE_URL  PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import {
  baseEnv,
  bin,
  createPostgresDatabase,
  describeMachine,
  dropPostgresDatabase,
  ensureBuildAndDescribeMachine,
  launchBrowser,
  milliseconds,
  percentile,
  positiveIntegerFromEnv,
  printTable,
  root,
  runBenchmark,
  runToCompletion,
  signIn,
  stopServer,
  startServer,
  withResource,
} from './harness.mjs';

const seconds = positiveIntegerFromEnv('BENCH_SECONDS', 60);
const userCount = positiveIntegerFromEnv('BENCH_USERS', 200);
const firstPort = positiveIntegerFromEnv('BENCH_PORT', 3300);
const warmupSeconds = Math.min(5, seconds);
const postgresServerUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const HOMES = { client: '/portal', therapist: '/practice', admin: '/admin' };
const SLUG = 'load-bench';

/** ~85% clients, ~12.5% therapists, the rest (at least one) admins. */
function people() {
  const admins = Math.max(1, Math.round(userCount * 0.025));
  const therapists = Math.max(1, Math.round(userCount * 0.125));
  const clients = Math.max(1, userCount - admins - therapists);
  const make = (role, count) => Array.from({ length: count }, (_, i) => ({ role, email: `${role}${String(i).padStart(3, '0')}@load.test`, name: `Load ${role} ${i}` }));
  return [...make('client', clients), ...make('therapist', therapists), ...make('admin', admins)];
}

/** Seeds one practice through the demo seed (its policies, acknowledged by the clients), every client in a therapist's care. */
function seed(env, everyone) {
  const clients = everyone.filter((p) => p.role === 'client');
  const therapists = everyone.filter((p) => p.role === 'therapist');
  const practice = {
    slug: SLUG,
    name: 'Load Bench Practice',
    timeZone: 'America/New_York',
    people: everyone.map(({ email, name, role }) => ({ email, name, role })),
    care: clients.map((client, i) => [client.email, therapists[i % therapists.length].email]),
  };
  const script = path.join(root, 'bench', `.load-seed-${process.pid}.ts`);
  fs.writeFileSync(
    script,
    `import { openFromEnvironment } from '../db/client';\nimport { seedDemo } from '../db/seed';\n` +
      `const handle = await openFromEnvironment();\ntry { await seedDemo(handle.db, [${JSON.stringify(practice)}]); } finally { await handle.close(); }\n`,
  );
  try {
    runToCompletion(bin('tsx'), [script], { ...env, HEARTH_SEED_DEMO: 'yes' });
  } finally {
    fs.rmSync(script, { force: true });
  }
}

/** Each role's pages; a therapist's own first client's page among them. */
async function pagesFor(databaseUrl, everyone) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`
      select distinct on (t.email) t.email, c.id as client_id from care_relationships cr
      join users t on t.id = cr.therapist_id join users c on c.id = cr.client_id
      order by t.email, c.email`;
    const clientOf = new Map(rows.map((row) => [row.email, row.client_id]));
    return everyone.map((person) => ({
      ...person,
      pages:
        person.role === 'client'
          ? ['/portal', '/portal/sessions', '/portal/files', '/portal/journal']
          : person.role === 'therapist'
            ? ['/practice', '/practice/schedule', `/practice/clients/${clientOf.get(person.email)}`]
            : ['/admin', '/admin/users'],
    }));
  } finally {
    await sql.end();
  }
}

/** Signs everyone in through the real login form, a few at a time. */
async function signInEveryone(origin, everyone) {
  const browser = await launchBrowser();
  try {
    const queue = [...everyone];
    const worker = async () => {
      for (let person = queue.shift(); person; person = queue.shift()) person.cookie = await signIn(browser, origin, person.email, HOMES[person.role]);
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  } finally {
    await browser.close();
  }
}

/** Every person browses their pages in a loop, one request at a time, round-robin over the origins. */
async function browse(origins, everyone, durationMs, record) {
  let next = 0;
  const stopAt = Date.now() + durationMs;
  const results = { latencies: [], ok: 0, errors: 0, statuses: {} };
  await Promise.all(
    everyone.map(async (person, index) => {
      for (let step = index; Date.now() < stopAt; step++) {
        const origin = origins[next++ % origins.length];
        const pagePath = person.pages[step % person.pages.length];
        const started = performance.now();
        try {
          const response = await fetch(origin + pagePath, { headers: { cookie: person.cookie }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
          await response.arrayBuffer();
          if (!record) continue;
          results.statuses[response.status] = (results.statuses[response.status] ?? 0) + 1;
          if (response.status === 200) {
            results.ok++;
            results.latencies.push(performance.now() - started);
          } else results.errors++;
        } catch (error) {
          if (!record) continue;
          results.errors++;
          results.statuses[error.name] = (results.statuses[error.name] ?? 0) + 1;
        }
      }
    }),
  );
  results.latencies.sort((a, b) => a - b);
  return results;
}

async function run(label, origins, everyone) {
  console.log(`${label}: ${warmupSeconds} s warm-up, then ${seconds} s measured with ${everyone.length} people…`);
  await browse(origins, everyone, warmupSeconds * 1000, false);
  const started = Date.now();
  const r = await browse(origins, everyone, seconds * 1000, true);
  const elapsed = (Date.now() - started) / 1000;
  return {
    setup: label,
    requestsPerSecond: r.ok / elapsed,
    p50: percentile(r.latencies, 50),
    p95: percentile(r.latencies, 95),
    p99: percentile(r.latencies, 99),
    ok: r.ok,
    errors: r.errors,
    statuses: r.statuses,
  };
}

/** A process group of its own, stopped like a server. */
function startWorker(env) {
  const child = spawn(bin('tsx'), ['scripts/worker.ts'], { cwd: root, env, detached: true, stdio: 'ignore' });
  return { child, exited: new Promise((resolve) => child.once('exit', resolve)), log: [] };
}
async function stopWorker(worker) {
  try {
    process.kill(-worker.child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await worker.exited;
}

async function main() {
  const machine = ensureBuildAndDescribeMachine();
  console.log('Hearth load benchmark: several instances on one PostgreSQL');
  console.log(describeMachine(machine));
  const everyone = people();
  const counts = Object.fromEntries(['client', 'therapist', 'admin'].map((role) => [role, everyone.filter((p) => p.role === role).length]));
  console.log(`${everyone.length} people (${counts.client} clients, ${counts.therapist} therapists, ${counts.admin} admins), ${seconds} s per setup.`);

  return withResource(
    () => createPostgresDatabase(postgresServerUrl, 'hearth_load'),
    (database) => dropPostgresDatabase(postgresServerUrl, database),
    (database) => {
      if (database.unreachable) {
        console.error(`No PostgreSQL: ${database.unreachable}`);
        return 1;
      }
      return withResource(
        () => fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-load-')),
        (dir) => fs.rmSync(dir, { recursive: true, force: true }),
        async (dir) => {
          const env = {
            ...baseEnv,
            DATA_DIR: dir,
            DATABASE_URL: database.url,
            AUTH_SECRET: randomBytes(32).toString('base64'),
            HEARTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
            HEARTH_MASTER_KEY: `bench:${randomBytes(32).toString('base64')}`,
            HEARTH_WORKER: 'off',
          };
          seed(env, everyone);
          const people = await pagesFor(database.url, everyone);
          return withResource(
            () => startWorker(env),
            stopWorker,
            () =>
              withResource(
                () => startServer(env, firstPort),
                stopServer,
                (first) =>
                  withResource(
                    () => startServer({ ...env, APP_URL: first.origin }, Number(new URL(first.origin).port) + 1),
                    stopServer,
                    async (second) => {
                      console.log(`Instances on ${first.origin} and ${second.origin}; signing ${people.length} people in (half on each)…`);
                      await Promise.all([
                        signInEveryone(first.origin, people.filter((_, i) => i % 2 === 0)),
                        signInEveryone(second.origin, people.filter((_, i) => i % 2 === 1)),
                      ]);
                      const one = await run('one instance', [first.origin], people);
                      const two = await run('two instances', [first.origin, second.origin], people);
                      const rows = [one, two].map((r) => [
                        r.setup,
                        r.requestsPerSecond.toFixed(1),
                        milliseconds(r.p50),
                        milliseconds(r.p95),
                        milliseconds(r.p99),
                        String(r.ok),
                        String(r.errors),
                      ]);
                      printTable(`${people.length} signed-in people, ${seconds} s each`, ['setup', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'ok', 'errors'], rows, 1);
                      const ratio = one.requestsPerSecond > 0 ? two.requestsPerSecond / one.requestsPerSecond : 0;
                      const met = ratio >= 1.7 && two.p95 !== null && two.p95 < 1000 && two.errors === 0;
                      console.log(`\ntwo/one: ${ratio.toFixed(2)} (aim 1.7); two: p95 ${milliseconds(two.p95)} ms (aim < 1000), ${two.errors} errors (aim 0): ${met ? 'met' : 'NOT met'}`);
                      for (const r of [one, two]) if (r.errors) console.log(`${r.setup} answers: ${JSON.stringify(r.statuses)}`);
                      console.log(JSON.stringify({ machine, settings: { seconds, warmupSeconds, users: people.length }, one, two, ratio }));
                      return one.errors + two.errors > 0 ? 1 : 0;
                    },
                  ),
              ),
          );
        },
      );
    },
  );
}

await runBenchmark(main);
