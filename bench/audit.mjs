// npm run bench:audit: what auditing reads costs a practice under load. 50 concurrent connections (one therapist)
// load a client's page, whose every view writes a `client.viewed` audit row, on PostgreSQL; beside it the same page on
// a second server started with HEARTH_BENCH_UNAUDITED_READS=yes, which leaves out the audit rows of successful reads
// (lib/platform/audit/record.ts; never set outside this benchmark). Both servers run on one database for the whole run
// and are measured in turn, audited / not / not / audited, so a change in the machine's load weighs on both alike.
// The headline figure is audited req/s ÷ not-audited req/s over all rounds (aim: ≥ 0.8). Afterwards it checks that
// only the audited server wrote audit rows, and that the trail verifies (npm run audit:verify).
//
// Needs a production build (runs `next build` when it is missing or older than the sources). Starts its own
// `next start` servers on 127.0.0.1 on a fresh, seeded database that is removed afterwards. Run it as
// `flock /tmp/e2e.lock npm run bench:audit` when other builds or servers may run beside it.
//
//   BENCH_SECONDS       measured seconds per round (default 10, after a short warm-up)
//   BENCH_CONNECTIONS   concurrent connections (default 50)
//   BENCH_ROUNDS        pairs of rounds (default 1: audited, not, then not, audited)
//   BENCH_PORT          first port tried for the servers (default 3300)
//   BENCH_DATABASE_URL  PostgreSQL server to create the throw-away database on
//                       (default postgres://postgres@127.0.0.1:5432/postgres)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
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
  positiveIntegerFromEnv,
  printTable,
  reportFailures,
  rounded,
  runBenchmark,
  runToCompletion,
  sessionCookiesFor,
  withResource,
  withServer,
} from './harness.mjs';

const settings = { ...benchSettings(), connections: positiveIntegerFromEnv('BENCH_CONNECTIONS', 50) };
const { seconds, connections, warmupSeconds, firstPort, postgresServerUrl } = settings;
const pairs = positiveIntegerFromEnv('BENCH_ROUNDS', 1);
const AIM_RATIO = 0.8;
const SWITCH = 'HEARTH_BENCH_UNAUDITED_READS';
const THERAPIST = { account: 'therapist@demo.test', landing: '/practice' };
const CLIENT_EMAIL = 'client@demo.test';

// The audited server gets no switch, whatever the caller's environment holds.
const auditedEnv = Object.fromEntries(Object.entries(baseEnv).filter(([name]) => name !== SWITCH));

/**
 * One round on one server: its req/s and latencies, and the client.viewed rows written during its measured seconds.
 * Counted by time, not before and after: views still in flight when a round ends are written early in the next
 * round's warm-up, on the other server's account.
 */
async function round(label, server, target, cookie, sql) {
  process.stdout.write(`${label}: ${target.path} (${warmupSeconds} s warm-up, ${seconds} s measured, ${connections} connections)… `);
  const measuredFrom = new Date(Date.now() + warmupSeconds * 1000);
  const figures = await measure(server.origin, target, cookie, settings);
  const [{ views }] = await sql`select count(*)::int as views from audit_events
    where action = 'client.viewed' and created_at >= ${measuredFrom} and created_at < ${new Date()}`;
  console.log(`${Math.round(figures.requestsPerSecond)} req/s`);
  return { ...figures, target: label, auditRows: views };
}

/** Both servers on one seeded database (files and mail go to a throw-away data folder), measured in turn; then the verifier. */
async function measureBoth(database, dataDir, sql) {
  const env = {
    ...auditedEnv,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    // Required with DATABASE_URL; throw-away values for a throw-away database.
    AUTH_SECRET: randomBytes(32).toString('base64'),
    HEARTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HEARTH_MASTER_KEY: `bench:${randomBytes(32).toString('base64')}`,
  };
  runToCompletion(bin('tsx'), ['scripts/seed-demo.ts'], { ...env, HEARTH_SEED_DEMO: 'yes' });
  const [client] = await sql`select id from users where email = ${CLIENT_EMAIL}`;
  const target = { path: `/practice/clients/${client.id}` };
  console.log('\nStarting both servers…');
  const rounds = await withServer(env, firstPort, (audited) =>
    withServer({ ...env, [SWITCH]: 'yes' }, firstPort, async (unaudited) => {
      // One session serves both: same database, same secret.
      const cookie = (await sessionCookiesFor(audited.origin, [THERAPIST]))[THERAPIST.account];
      const servers = { 'reads audited': audited, 'reads not audited': unaudited };
      const order = Array.from({ length: pairs }, () => ['reads audited', 'reads not audited', 'reads not audited', 'reads audited']).flat();
      const results = [];
      for (const label of order) results.push(await round(label, servers[label], target, cookie, sql));
      // Left to the audited server's own recurring audit.link job; the verifier links whatever it has not reached.
      const [{ unlinked }] = await sql`select count(*)::int as unlinked from audit_events where seq is null`;
      return { results, unlinkedAtEnd: unlinked };
    }),
  );
  console.log('\nVerifying the audit trail (npm run audit:verify)…');
  runToCompletion(bin('tsx'), ['scripts/audit-verify.ts'], env);
  const rate = (label) => {
    const of = rounds.results.filter((r) => r.target === label);
    return of.reduce((sum, r) => sum + r.requestsPerSecond, 0) / of.length;
  };
  const [auditedRate, unauditedRate] = [rate('reads audited'), rate('reads not audited')];
  return { ...rounds, auditedRate, unauditedRate, ratio: unauditedRate > 0 ? rounded(auditedRate / unauditedRate, 4) : null };
}

async function benchmarkPostgres() {
  return withResource(
    () => createPostgresDatabase(postgresServerUrl, 'hearth_bench_audit'),
    (database) => dropPostgresDatabase(postgresServerUrl, database),
    (database) => {
      if (database.unreachable) return { skipped: database.unreachable };
      return withResource(
        () => fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-')),
        (dataDir) => fs.rmSync(dataDir, { recursive: true, force: true }),
        (dataDir) =>
          withResource(
            () => postgres(database.url, { max: 1, onnotice: () => {} }),
            (sql) => sql.end({ timeout: 5 }),
            (sql) => measureBoth(database, dataDir, sql),
          ),
      );
    },
  );
}

async function main() {
  const machine = ensureBuildAndDescribeMachine();
  console.log('Hearth audit benchmark: an audited page with and without the audit rows of its reads');
  console.log(describeMachine(machine));
  console.log(
    `${connections} connections, ${seconds} s per round after ${warmupSeconds} s warm-up, ${pairs * 4} rounds; ` +
      'the benchmark client shares the machine with the servers.',
  );

  const results = await benchmarkPostgres();
  if (results.skipped) {
    console.error(`\nPostgreSQL is needed and is not available: ${results.skipped}`);
    return 2;
  }
  const { auditedRate, unauditedRate, ratio } = results;
  const header = ['round', 'server', 'path', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx', 'errors', '2xx', 'audit rows'];
  const rows = results.results.map((r, index) => [
    String(index + 1),
    r.target,
    r.path.replace(/[0-9a-f-]{36}$/, ':client'),
    r.requestsPerSecond.toFixed(1),
    milliseconds(r.p50),
    milliseconds(r.p95),
    milliseconds(r.p99),
    String(r.non2xx),
    String(r.errors),
    String(r.statusCodes[200] ?? 0),
    String(r.auditRows),
  ]);
  printTable('PostgreSQL, one practice, one therapist', header, rows, 3);
  console.log(
    `\nMean req/s: reads audited ${auditedRate.toFixed(1)}, reads not audited ${unauditedRate.toFixed(1)}. ` +
      `Ratio audited ÷ not audited: ${ratio ?? '-'} (aim ≥ ${AIM_RATIO}: ${ratio !== null && ratio >= AIM_RATIO ? 'met' : 'NOT met'}).`,
  );
  console.log(`Rows still unlinked when the servers stopped: ${results.unlinkedAtEnd} (the audit.link job links every 5 s).`);

  const problems = failures('PostgreSQL', results.results);
  // Figures that compare nothing: only the audited server may write the page's audit rows, and it must.
  for (const r of results.results) {
    if (r.target === 'reads audited' && r.auditRows === 0) problems.push('An audited round wrote no client.viewed rows.');
    if (r.target === 'reads not audited' && r.auditRows !== 0) problems.push(`A round with ${SWITCH}=yes wrote ${r.auditRows} client.viewed rows.`);
  }
  reportFailures(problems);
  console.log(JSON.stringify({ machine, settings: { seconds, warmupSeconds, connections, pairs }, results, aim: AIM_RATIO, failed: problems.length > 0 }));
  return problems.length > 0 ? 1 : 0;
}

await runBenchmark(main);
