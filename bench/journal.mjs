// npm run bench:journal: the client's journal page (/portal/journal: a page of 20 entries opened, the mood chart of the
// last 90 days) and a search over the journal (POST /api/journal/search: words, a mood range, one page of results), each
// for a client with 5,000 entries (bench/journal-seed.ts) beside the same for a client with none, on the same server in
// the same run. The headline figure is the slowdown, empty req/s ÷ full req/s (aim: at most 2). On the embedded
// database (PGlite) and on PostgreSQL.
//
// Needs a production build (runs `next build` when it is missing or older than the sources). Starts its own
// `next start` servers on 127.0.0.1, each on a fresh, seeded database that is removed afterwards. Run it as
// `flock /tmp/e2e.lock npm run bench:journal` when other builds or servers may run beside it.
//
//   BENCH_SECONDS          measured seconds per target (default 10, after a short warm-up)
//   BENCH_CONNECTIONS      concurrent connections (default 10)
//   BENCH_PORT             first port tried for the servers (default 3300)
//   BENCH_DATABASE_URL     PostgreSQL server to create the throw-away database on
//                          (default postgres://postgres@127.0.0.1:5432/postgres; skipped when unreachable)
//   BENCH_DATABASES        which to run: "pglite", "postgres" or "pglite,postgres" (default both)
//   BENCH_JOURNAL_ENTRIES  entries of the full journal (default 5000)
//
// Then the companion's real-time factor: the time to synthesise a two-minute episode beside its length
// (measureSynthesis() in bench/tts.mjs), measured after the servers have stopped so nothing else shares the CPU.
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
import { measureSynthesis } from './tts.mjs';

const settings = benchSettings();
const { seconds, connections, warmupSeconds, firstPort, postgresServerUrl } = settings;
const databases = (process.env.BENCH_DATABASES || 'pglite,postgres').split(',').map((name) => name.trim());
const entries = Number(process.env.BENCH_JOURNAL_ENTRIES || 5000);
const GOAL = 2;

const ACCOUNTS = { empty: 'empty@journal.bench.test', full: 'writer@journal.bench.test' };
// A search as a person would run it: a common word (in about half the entries of the full journal), any tag, a mood
// range, the first page.
const SEARCH = JSON.stringify({ words: 'breathing', tags: '', from: '', to: '', moodMin: '3', moodMax: '8', page: 1 });
const searchTarget = { path: '/api/journal/search', method: 'POST', body: SEARCH, headers: { 'content-type': 'application/json' } };

// Interleaved, so a drift of the machine during the run touches both journals alike.
const TARGETS = [
  { name: 'journal page', journal: 'empty', path: '/portal/journal', account: ACCOUNTS.empty },
  { name: 'journal page', journal: 'full', path: '/portal/journal', account: ACCOUNTS.full },
  { name: 'search', journal: 'empty', ...searchTarget, account: ACCOUNTS.empty },
  { name: 'search', journal: 'full', ...searchTarget, account: ACCOUNTS.full },
];

/** Before measuring: each answer is the one meant (a full page of the full journal, matches found), not an error or an empty list. */
async function checkTargets(origin, cookies) {
  const answer = async (target) => {
    const response = await fetch(origin + target.path, {
      method: target.method ?? 'GET',
      body: target.body,
      headers: { ...target.headers, cookie: cookies[target.account] },
      redirect: 'manual',
    });
    if (response.status !== 200) throw new Error(`${target.journal} ${target.name} answered ${response.status}`);
    // React separates adjacent text with empty comments ("Page <!-- -->1<!-- --> of …"): read the page as its text.
    return target.method ? response.json() : (await response.text()).replaceAll('<!-- -->', '');
  };
  const [emptyPage, fullPage, emptySearch, fullSearch] = await Promise.all(TARGETS.map(answer));
  const pages = Math.ceil(entries / 20);
  const problems = [];
  if (!fullPage.includes(`Page 1 of ${pages}`)) problems.push(`the full journal page does not say "Page 1 of ${pages}"`);
  if (!fullPage.includes('role="img"')) problems.push('the full journal page has no mood chart');
  if (!emptyPage.includes('No entries yet.')) problems.push('the empty journal page is not empty');
  if (!(fullSearch.entries.length === 20 && fullSearch.more)) problems.push(`the search of the full journal found ${fullSearch.entries.length} entries and no more`);
  if (emptySearch.entries.length !== 0) problems.push('the search of the empty journal found something');
  if (problems.length > 0) throw new Error(`The answers are not what the benchmark means to measure: ${problems.join('; ')}.`);
}

async function benchmarkServer(label, env) {
  console.log(`\n${label}: starting next start…`);
  return withServer(env, firstPort, async (server) => {
    console.log(`${label}: serving on ${server.origin}; signing in…`);
    const cookies = await sessionCookiesFor(
      server.origin,
      Object.values(ACCOUNTS).map((account) => ({ account, landing: '/portal' })),
    );
    await checkTargets(server.origin, cookies);
    const results = [];
    for (const target of TARGETS) {
      process.stdout.write(`${label}: ${target.name}, ${target.journal} journal (${warmupSeconds} s warm-up, ${seconds} s measured)… `);
      const figures = await measure(server.origin, target, cookies[target.account], settings);
      console.log(`${Math.round(figures.requestsPerSecond)} req/s`);
      results.push({ ...figures, journal: target.journal });
    }
    return results;
  });
}

function seed(env) {
  // Before the server starts: PGlite allows one process per data folder.
  const started = Date.now();
  runToCompletion(bin('tsx'), ['bench/journal-seed.ts'], { ...env, BENCH_JOURNAL_ENTRIES: String(entries) });
  console.log(`Seeded ${entries} entries in ${Math.round((Date.now() - started) / 1000)} s.`);
}

async function benchmarkPglite() {
  return withResource(
    () => fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-journal-')),
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
    () => createPostgresDatabase(postgresServerUrl, 'hearth_bench_journal'),
    (database) => dropPostgresDatabase(postgresServerUrl, database),
    (database) => {
      if (database.unreachable) return { skipped: database.unreachable };
      const env = {
        ...baseEnv,
        DATABASE_URL: database.url,
        // Required with DATABASE_URL; throw-away values for a throw-away database.
        AUTH_SECRET: randomBytes(32).toString('base64'),
        HEARTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        HEARTH_MASTER_KEY: `bench:${randomBytes(32).toString('base64')}`,
      };
      seed(env);
      return benchmarkServer('PostgreSQL', env);
    },
  );
}

/** Per target: the slowdown (empty req/s ÷ full req/s; at most GOAL is the aim) and full p50 ÷ empty p50. */
function ratios(results) {
  return [...new Set(results.map((r) => r.target))].map((name) => {
    const empty = results.find((r) => r.target === name && r.journal === 'empty');
    const full = results.find((r) => r.target === name && r.journal === 'full');
    return {
      target: name,
      slowdown: full.requestsPerSecond > 0 ? rounded(empty.requestsPerSecond / full.requestsPerSecond, 3) : null,
      p50: empty.p50 && full.p50 !== null ? rounded(full.p50 / empty.p50, 3) : null,
    };
  });
}

function printResults(label, results) {
  const header = ['target', 'journal', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx', 'errors'];
  const rows = results.map((r) => [
    r.target,
    r.journal === 'full' ? `${entries} entries` : 'empty',
    r.requestsPerSecond.toFixed(1),
    milliseconds(r.p50),
    milliseconds(r.p95),
    milliseconds(r.p99),
    String(r.non2xx),
    String(r.errors),
  ]);
  printTable(label, header, rows, 2);
  for (const ratio of ratios(results)) {
    const verdict = ratio.slowdown === null ? '' : ratio.slowdown <= GOAL ? ' (within the aim)' : ` (over the aim of ${GOAL})`;
    console.log(
      `  ${ratio.target}: empty ÷ full = ${ratio.slowdown === null ? '-' : ratio.slowdown.toFixed(2)}× slower with ${entries} entries${verdict}; ` +
        `${ratio.p50 === null ? '-' : ratio.p50.toFixed(2)}× the p50`,
    );
  }
}

async function main() {
  const machine = ensureBuildAndDescribeMachine();
  console.log(`Hearth journal benchmark: the journal page and a search, ${entries} entries vs an empty journal`);
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
  console.log('\nSpeaking a two-minute between-session episode…');
  const speech = await measureSynthesis();
  printTable(
    'The companion: speaking a two-minute episode (eSpeak NG, WebAssembly, in process)',
    ['episode', 'audio s', 'synthesis s', 'real-time factor'],
    [['after the session', speech.audioSeconds.toFixed(1), speech.synthesisSeconds.toFixed(2), speech.realTimeFactor.toFixed(3)]],
    1,
  );
  reportFailures(problems);
  const summary = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, Array.isArray(r) ? { figures: r, ratios: ratios(r) } : r]));
  console.log(JSON.stringify({ machine, settings: { seconds, warmupSeconds, connections, entries }, results: summary, speech, failed: problems.length > 0 }));
  return problems.length > 0 ? 1 : 0;
}

await runBenchmark(main);
