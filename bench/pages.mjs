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
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  STATIC_PATH,
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

const TARGETS = [
  { name: 'static file', path: STATIC_PATH },
  { name: 'client home', path: '/portal', account: 'client@demo.test' },
  { name: 'therapist dashboard', path: '/practice', account: 'therapist@demo.test' },
  { name: 'login (signed out)', path: '/login' },
];

async function benchmarkServer(label, env) {
  console.log(`\n${label}: starting next start…`);
  return withServer(env, firstPort, async (server) => {
    console.log(`${label}: serving on ${server.origin}; signing in the demo accounts…`);
    const cookies = await sessionCookiesFor(
      server.origin,
      TARGETS.filter((t) => t.account).map((t) => ({ account: t.account, landing: t.path })),
    );
    const results = [];
    for (const target of TARGETS) {
      process.stdout.write(`${label}: ${target.path} (${warmupSeconds} s warm-up, ${seconds} s measured)… `);
      const figures = await measure(server.origin, target, target.account && cookies[target.account], settings);
      console.log(`${Math.round(figures.requestsPerSecond)} req/s`);
      results.push(figures);
    }
    const staticRate = results[0].requestsPerSecond;
    for (const figures of results) figures.ratioToStatic = staticRate > 0 ? rounded(figures.requestsPerSecond / staticRate, 4) : null;
    return results;
  });
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

async function benchmarkPostgres() {
  return withResource(
    () => createPostgresDatabase(postgresServerUrl),
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
      runToCompletion(bin('tsx'), ['scripts/seed-demo.ts'], { ...env, HEARTH_SEED_DEMO: 'yes' });
      return benchmarkServer('PostgreSQL', env);
    },
  );
}

function printResults(label, results) {
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
  printTable(label, header, rows);
}

async function main() {
  const machine = ensureBuildAndDescribeMachine();
  console.log('Hearth page benchmark');
  console.log(describeMachine(machine));
  console.log(`${connections} connections, ${seconds} s per target after ${warmupSeconds} s warm-up; the benchmark client shares the machine with the server.`);

  const results = { pglite: await benchmarkPglite(), postgres: await benchmarkPostgres() };

  printResults('PGlite (embedded)', results.pglite);
  if (results.postgres.skipped) console.log(`\nPostgreSQL skipped: ${results.postgres.skipped}`);
  else printResults('PostgreSQL', results.postgres);

  const problems = [...failures('PGlite', results.pglite), ...(results.postgres.skipped ? [] : failures('PostgreSQL', results.postgres))];
  reportFailures(problems);
  console.log(JSON.stringify({ machine, settings: { seconds, warmupSeconds, connections }, results, failed: problems.length > 0 }));
  return problems.length > 0 ? 1 : 0;
}

await runBenchmark(main);
