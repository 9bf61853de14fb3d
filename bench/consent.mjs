// node bench/consent.mjs: the therapist dashboard (/practice) and the client's portal home (/portal), each in a
// practice with 200 clients, 2,000 sessions and 50 recording requests (bench-large, bench/consent-seed.ts) beside the
// same page in an empty practice (bench-empty: one therapist, one client, nothing else), on the same server in the
// same run. The headline figure is large req/s ÷ empty req/s for each page: how much the page slows down as a
// practice fills up. On the embedded database (PGlite) and on PostgreSQL.
//
// Needs a production build (runs `next build` when it is missing or older than the sources). Starts its own
// `next start` servers on 127.0.0.1, each on a fresh, seeded database that is removed afterwards.
//
//   BENCH_SECONDS       measured seconds per target (default 10, after a short warm-up)
//   BENCH_CONNECTIONS   concurrent connections (default 10)
//   BENCH_PORT          first port tried for the servers (default 3300)
//   BENCH_DATABASE_URL  PostgreSQL server to create the throw-away database on
//                       (default postgres://postgres@127.0.0.1:5432/postgres; skipped when unreachable)
//   BENCH_DATABASES     which to run: "pglite", "postgres" or "pglite,postgres" (default both)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  baseEnv,
  benchSettings,
  bin,
  createPostgresDatabase,
  describeMachine,
  dropPostgresDatabase,
  ensureBuildAndDescribeMachine,
  failures,
  measure,
  milliseconds,
  printTable,
  reportFailures,
  rounded,
  runBenchmark,
  runToCompletion,
  sessionCookiesFor,
  withResource,
  withServer,
} from './harness.mjs';

const settings = benchSettings();
const { seconds, connections, warmupSeconds, firstPort, postgresServerUrl } = settings;
const databases = (process.env.BENCH_DATABASES || 'pglite,postgres').split(',').map((name) => name.trim());

const LARGE = { therapist: 'therapist@large.bench.test', client: 'client-001@large.bench.test' };
const EMPTY = { therapist: 'therapist@empty.bench.test', client: 'client@empty.bench.test' };

// Interleaved, so a drift of the machine during the run touches both practices alike.
const TARGETS = [
  { name: 'therapist dashboard', practice: 'empty', path: '/practice', account: EMPTY.therapist },
  { name: 'therapist dashboard', practice: 'large', path: '/practice', account: LARGE.therapist },
  { name: 'client home', practice: 'empty', path: '/portal', account: EMPTY.client },
  { name: 'client home', practice: 'large', path: '/portal', account: LARGE.client },
];

/**
 * Before measuring: each page is the page it should be, so the figures are not those of an error page or an empty
 * list. The large dashboard lists all 200 clients; the large client is asked "Still OK to record?".
 */
async function checkPages(origin, cookies) {
  const body = async (target) => {
    const response = await fetch(origin + target.path, { headers: { cookie: cookies[target.account] }, redirect: 'manual' });
    if (response.status !== 200) throw new Error(`${target.practice} ${target.path} answered ${response.status}`);
    return response.text();
  };
  const count = (text, phrase) => text.split(phrase).length - 1;
  const [emptyDashboard, largeDashboard, emptyHome, largeHome] = await Promise.all(TARGETS.map(body));
  const listed = (text) => count(text, '>Open the recording request<') + count(text, '>Discuss recording<');
  const problems = [];
  if (listed(largeDashboard) !== 200) problems.push(`the large dashboard lists ${listed(largeDashboard)} clients, not 200`);
  if (listed(emptyDashboard) !== 1) problems.push(`the empty dashboard lists ${listed(emptyDashboard)} clients, not 1`);
  if (!largeHome.includes('Still OK to record this session?')) problems.push('the large client home does not ask "Still OK to record?"');
  if (!emptyHome.includes('Recording your sessions')) problems.push('the empty client home has no recording status');
  if (problems.length > 0) throw new Error(`The pages are not what the benchmark means to measure: ${problems.join('; ')}.`);
}

async function benchmarkServer(label, env) {
  console.log(`\n${label}: starting next start…`);
  return withServer(env, firstPort, async (server) => {
    console.log(`${label}: serving on ${server.origin}; signing in…`);
    const cookies = await sessionCookiesFor(
      server.origin,
      TARGETS.map((target) => ({ account: target.account, landing: target.path })),
    );
    await checkPages(server.origin, cookies);
    const results = [];
    for (const target of TARGETS) {
      process.stdout.write(`${label}: ${target.name}, ${target.practice} practice (${warmupSeconds} s warm-up, ${seconds} s measured)… `);
      const figures = await measure(server.origin, target, cookies[target.account], settings);
      console.log(`${Math.round(figures.requestsPerSecond)} req/s`);
      results.push({ ...figures, practice: target.practice });
    }
    return results;
  });
}

function seed(env) {
  // Before the server starts: PGlite allows one process per data folder.
  runToCompletion(bin('tsx'), ['bench/consent-seed.ts'], env);
}

async function benchmarkPglite() {
  return withResource(
    () => fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-consent-')),
    (dataDir) => fs.rmSync(dataDir, { recursive: true, force: true }),
    (dataDir) => {
      const env = { ...baseEnv, DATA_DIR: dataDir };
      seed(env);
      return benchmarkServer('PGlite', env);
    },
  );
}

async function benchmarkPostgres() {
  return withResource(
    () => createPostgresDatabase(postgresServerUrl, 'hearth_bench_consent'),
    (database) => dropPostgresDatabase(postgresServerUrl, database),
    (database) => {
      if (database.unreachable) return { skipped: database.unreachable };
      const env = {
        ...baseEnv,
        DATABASE_URL: database.url,
        // Required with DATABASE_URL; throw-away values for a throw-away database.
        AUTH_SECRET: randomBytes(32).toString('base64'),
        HEARTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      };
      seed(env);
      return benchmarkServer('PostgreSQL', env);
    },
  );
}

/** Per page: large ÷ empty for req/s (below 1: the full practice is slower) and for p50 (above 1: slower). */
function ratios(results) {
  return [...new Set(results.map((r) => r.target))].map((page) => {
    const empty = results.find((r) => r.target === page && r.practice === 'empty');
    const large = results.find((r) => r.target === page && r.practice === 'large');
    return {
      page,
      requestsPerSecond: empty.requestsPerSecond > 0 ? rounded(large.requestsPerSecond / empty.requestsPerSecond, 4) : null,
      p50: empty.p50 && large.p50 !== null ? rounded(large.p50 / empty.p50, 4) : null,
    };
  });
}

function printResults(label, results) {
  const header = ['page', 'practice', 'path', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx', 'errors'];
  const rows = results.map((r) => [
    r.target,
    r.practice,
    r.path,
    r.requestsPerSecond.toFixed(1),
    milliseconds(r.p50),
    milliseconds(r.p95),
    milliseconds(r.p99),
    String(r.non2xx),
    String(r.errors),
  ]);
  printTable(label, header, rows, 3);
  for (const ratio of ratios(results)) {
    console.log(
      `  ${ratio.page}: large ÷ empty = ${ratio.requestsPerSecond === null ? '-' : ratio.requestsPerSecond.toFixed(3)} of the req/s, ` +
        `${ratio.p50 === null ? '-' : ratio.p50.toFixed(2)}× the p50`,
    );
  }
}

async function main() {
  const machine = ensureBuildAndDescribeMachine();
  console.log('Hearth consent benchmark: therapist dashboard and client home, 200 clients and 2,000 sessions vs an empty practice');
  console.log(describeMachine(machine));
  console.log(`${connections} connections, ${seconds} s per target after ${warmupSeconds} s warm-up; the benchmark client shares the machine with the server.`);

  const results = {};
  if (databases.includes('pglite')) results.pglite = await benchmarkPglite();
  if (databases.includes('postgres')) results.postgres = await benchmarkPostgres();

  const problems = [];
  if (results.pglite) {
    printResults('PGlite (embedded)', results.pglite);
    problems.push(...failures('PGlite', results.pglite));
  }
  if (results.postgres?.skipped) console.log(`\nPostgreSQL skipped: ${results.postgres.skipped}`);
  else if (results.postgres) {
    printResults('PostgreSQL', results.postgres);
    problems.push(...failures('PostgreSQL', results.postgres));
  }
  reportFailures(problems);
  const summary = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, Array.isArray(r) ? { figures: r, ratios: ratios(r) } : r]));
  console.log(JSON.stringify({ machine, settings: { seconds, warmupSeconds, connections }, results: summary, failed: problems.length > 0 }));
  return problems.length > 0 ? 1 : 0;
}

await runBenchmark(main);
