// npm run bench: requests per second and latency of every signed-in page of every role, each beside /login and a
// static file served by the same server in the same run, on the embedded database (PGlite) and on PostgreSQL.
// The headline figure is a page's req/s divided by /login's: the aim is at least 0.6 on PostgreSQL and 0.5 on PGlite.
//
// Needs a production build (runs `next build` when it is missing or older than the sources). Starts its own
// `next start` servers on 127.0.0.1, each on a fresh, seeded database that is removed afterwards. Run it as
// `flock /tmp/e2e.lock node bench/pages.mjs` when other builds or servers may run beside it.
//
//   BENCH_SECONDS       measured seconds per target (default 10, after a short warm-up)
//   BENCH_CONNECTIONS   concurrent connections (default 10)
//   BENCH_PORT          first port tried for the servers (default 3300)
//   BENCH_DATABASE_URL  PostgreSQL server to create the throw-away database on
//                       (default postgres://postgres@127.0.0.1:5432/postgres; skipped when unreachable)
//   BENCH_PAGES         only the pages whose path pattern contains one of these comma-separated strings
//                       (e.g. "/portal,/admin/audit"; default every page); /login and the static file always run
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  STATIC_PATH,
  root,
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
const pageFilter = (process.env.BENCH_PAGES || '').split(',').map((part) => part.trim()).filter(Boolean);

const ACCOUNTS = { client: 'client@demo.test', therapist: 'therapist@demo.test', admin: 'admin@demo.test' };
const HOMES = { client: '/portal', therapist: '/practice', admin: '/admin' };
const GOAL = { PGlite: 0.5, PostgreSQL: 0.6 };

/** Every page under app/ as a URL pattern such as /practice/clients/[clientId], with its route groups. */
function pagesOnDisk(dir = path.join(root, 'app'), segments = [], groups = [], found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && /^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name)) {
      found.push({ pattern: '/' + segments.join('/'), groups });
    } else if (entry.isDirectory() && !entry.name.startsWith('_')) {
      // Route groups (x) and parallel-route slots @x do not appear in the URL.
      const group = /^\(.*\)$/.test(entry.name) || entry.name.startsWith('@');
      pagesOnDisk(path.join(dir, entry.name), group ? segments : [...segments, entry.name], group ? [...groups, entry.name] : groups, found);
    }
  }
  return found;
}

const matcherOf = (pattern) =>
  new RegExp(`^${pattern.replace(/\[\[?\.\.\.[^\]]+\]\]?/g, '.+').replace(/\[[^\]]+\]/g, '[^/]+')}$`);

/**
 * Every signed-in page (every page but the home redirect and the (auth) group's), each with a path that answers 200
 * and the role it answers: a page without segments as the first of client, therapist and admin it answers; a page with
 * segments at a link found on the pages (followed as the role that saw it), so a new page joins the benchmark as soon
 * as a demo page links to it. A page no link leads to, or that answers every role with a redirect, is reported.
 */
async function findPages(origin, cookies) {
  const pages = pagesOnDisk()
    .filter(({ pattern, groups }) => pattern !== '/' && !groups.includes('(auth)'))
    .map(({ pattern }) => ({ pattern, matcher: matcherOf(pattern), dynamic: pattern.includes('[') }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
  // As Next.js routes: a page of that exact path before one whose segment would match it.
  const pageOf = (pagePath) => pages.find((page) => page.pattern === pagePath) ?? pages.find((page) => page.dynamic && page.matcher.test(pagePath));
  const found = new Map();
  const linked = new Set();
  const fetched = new Set();
  // Several paths of a page with segments are opened (the first client listed may have no files to link to).
  const opened = new Map();
  const mayOpen = (page) => (opened.get(page.pattern) ?? 0) < (page.dynamic ? 5 : 1);
  const queue = pages.filter((page) => !page.dynamic).flatMap((page) => Object.keys(ACCOUNTS).map((role) => ({ role, path: page.pattern })));
  while (queue.length > 0) {
    const { role, path: pagePath } = queue.shift();
    const page = pageOf(pagePath);
    if (!mayOpen(page) || fetched.has(`${role} ${pagePath}`)) continue;
    fetched.add(`${role} ${pagePath}`);
    const response = await fetch(origin + pagePath, { headers: { cookie: cookies[ACCOUNTS[role]] }, redirect: 'manual' });
    if (response.status !== 200) {
      await response.body?.cancel();
      continue;
    }
    opened.set(page.pattern, (opened.get(page.pattern) ?? 0) + 1);
    if (!found.has(page.pattern)) found.set(page.pattern, { role, path: pagePath });
    for (const [, href] of (await response.text()).matchAll(/href="(\/[^"?#]*)/g)) {
      const target = pageOf(href);
      if (!target?.dynamic || !mayOpen(target)) continue;
      linked.add(target.pattern);
      queue.push({ role, path: href });
    }
  }
  return pages.map(({ pattern }) => {
    if (found.has(pattern)) return { pattern, ...found.get(pattern) };
    return { pattern, skipped: linked.has(pattern) ? 'every link to it answers with a redirect or an error' : 'no demo page links to it' };
  });
}

const wanted = (pattern) => pageFilter.length === 0 || pageFilter.some((part) => pattern.includes(part));

const LOGIN = { name: 'login (signed out)', path: '/login' };

/**
 * The targets in the order measured: the references, every page (or why it could not be measured), and /login again:
 * pages are compared with the mean of the two /login runs, so a machine that slows down during the run (it is shared)
 * shows as the two disagreeing rather than as pages slower than they are.
 */
function targetsFor(pages) {
  return [
    { name: 'static file', path: STATIC_PATH },
    LOGIN,
    ...pages
      .filter(({ pattern }) => wanted(pattern))
      .map((page) =>
        page.skipped ? { name: '-', page: page.pattern, path: page.pattern, skipped: page.skipped } : { name: page.role, page: page.pattern, path: page.path, account: ACCOUNTS[page.role] },
      ),
    LOGIN,
  ];
}

// A fresh server compiles its code paths as they are first used, so the first targets measured used to be measured
// against a colder server than the last (the two /login runs differed by a fifth). Every target is requested a few
// times over before any is measured.
const WARM_UP_ROUNDS = 3;
const WARM_UP_REQUESTS = 20;

async function warmUp(label, origin, targets, cookies) {
  process.stdout.write(`${label}: warming up every target… `);
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    for (const target of targets) {
      if (target.skipped) continue;
      const headers = target.account ? { cookie: cookies[target.account] } : {};
      for (let i = 0; i < WARM_UP_REQUESTS; i++) await (await fetch(origin + target.path, { headers, redirect: 'manual' })).arrayBuffer();
    }
  }
  console.log('done');
}

async function benchmarkServer(label, env) {
  console.log(`\n${label}: starting next start…`);
  return withServer(env, firstPort, async (server) => {
    console.log(`${label}: serving on ${server.origin}; signing in the demo accounts…`);
    const cookies = await sessionCookiesFor(
      server.origin,
      Object.entries(ACCOUNTS).map(([role, account]) => ({ account, landing: HOMES[role] })),
    );
    const targets = targetsFor(await findPages(server.origin, cookies));
    await warmUp(label, server.origin, targets, cookies);
    const results = [];
    for (const target of targets) {
      if (target.skipped) {
        console.log(`${label}: ${target.path} skipped: ${target.skipped}`);
        results.push({ target: target.name, page: target.page, path: target.path, skipped: target.skipped });
        continue;
      }
      process.stdout.write(`${label}: ${target.path} (${warmupSeconds} s warm-up, ${seconds} s measured)… `);
      const figures = await measure(server.origin, target, target.account && cookies[target.account], settings);
      console.log(`${Math.round(figures.requestsPerSecond)} req/s`);
      results.push({ page: target.page ?? target.path, ...figures });
    }
    const staticRate = results[0].requestsPerSecond;
    const logins = results.filter((figures) => figures.path === LOGIN.path);
    const loginRate = logins.reduce((sum, figures) => sum + figures.requestsPerSecond, 0) / logins.length;
    for (const figures of results) {
      if (figures.skipped) continue;
      figures.ratioToStatic = staticRate > 0 ? rounded(figures.requestsPerSecond / staticRate, 4) : null;
      figures.ratioToLogin = loginRate > 0 ? rounded(figures.requestsPerSecond / loginRate, 4) : null;
    }
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
      // Files and mail still go to a data folder: a throw-away one.
      return withResource(
        () => fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-')),
        (dataDir) => fs.rmSync(dataDir, { recursive: true, force: true }),
        (dataDir) => {
          const env = {
            ...baseEnv,
            DATA_DIR: dataDir,
            DATABASE_URL: database.url,
            // Required with DATABASE_URL; throw-away values for a throw-away database.
            AUTH_SECRET: randomBytes(32).toString('base64'),
            HEARTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
            HEARTH_MASTER_KEY: `bench:${randomBytes(32).toString('base64')}`,
          };
          runToCompletion(bin('tsx'), ['scripts/seed-demo.ts'], { ...env, HEARTH_SEED_DEMO: 'yes' });
          return benchmarkServer('PostgreSQL', env);
        },
      );
    },
  );
}

function printResults(label, results) {
  const header = ['role', 'page', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx', 'errors', 'vs static', 'vs login', `goal ${GOAL[label]}`];
  const ratio = (value) => (value === null ? '-' : value.toFixed(3));
  const rows = results.map((r) =>
    r.skipped
      ? [r.target, r.page, 'skipped', '', '', '', '', '', '', '', '']
      : [
          r.target,
          r.page,
          r.requestsPerSecond.toFixed(1),
          milliseconds(r.p50),
          milliseconds(r.p95),
          milliseconds(r.p99),
          String(r.non2xx),
          String(r.errors),
          ratio(r.ratioToStatic),
          ratio(r.ratioToLogin),
          r.target in ACCOUNTS ? (r.ratioToLogin >= GOAL[label] ? 'met' : 'BELOW') : '',
        ],
  );
  printTable(label === 'PGlite' ? 'PGlite (embedded)' : label, header, rows);
  for (const r of results.filter((result) => result.skipped)) console.log(`  ${r.page} skipped: ${r.skipped}`);
}

const measured = (results) => results.filter((result) => !result.skipped);

async function main() {
  const machine = ensureBuildAndDescribeMachine();
  console.log('Hearth page benchmark');
  console.log(describeMachine(machine));
  console.log(`${connections} connections, ${seconds} s per target after ${warmupSeconds} s warm-up; the benchmark client shares the machine with the server.`);

  const results = { pglite: await benchmarkPglite(), postgres: await benchmarkPostgres() };

  printResults('PGlite', results.pglite);
  if (results.postgres.skipped) console.log(`\nPostgreSQL skipped: ${results.postgres.skipped}`);
  else printResults('PostgreSQL', results.postgres);

  const problems = [
    ...failures('PGlite', measured(results.pglite)),
    ...(results.postgres.skipped ? [] : failures('PostgreSQL', measured(results.postgres))),
  ];
  reportFailures(problems);
  console.log(JSON.stringify({ machine, settings: { seconds, warmupSeconds, connections }, results, failed: problems.length > 0 }));
  return problems.length > 0 ? 1 : 0;
}

await runBenchmark(main);
