// npm test: the linter and the type check (one counted step each), unit and integration tests
// (vitest), then the end-to-end suite (Playwright; half on PGlite and half on PostgreSQL when
// E2E_DATABASE_URL is set), then the several-instances test when a PostgreSQL server answers. Every step runs even if
// an earlier one failed. The test runners write JSON reports that are counted here; the last line
// printed is `N passed, N failed`, and the exit status is non-zero when anything failed, a runner
// crashed, or a runner ran no tests.
//
// The steps run one after another. Running vitest beside the PGlite end-to-end run was measured
// on the 2-core machine: 282 s against 300 s one after the other (6% faster), with every suite
// taking half as long again, so timing-sensitive tests and Playwright's timeouts lose their margin.
// Not worth it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const reportDir = path.join(root, 'test-results');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    const settle = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => settle(true));
    socket.once('timeout', () => settle(false));
    socket.once('error', () => settle(false));
  });
}

if (!env.TEST_DATABASE_URL) {
  if (await answers('127.0.0.1', 5432)) {
    env.TEST_DATABASE_URL = DEFAULT_POSTGRES;
  } else {
    console.log('No PostgreSQL server answers on 127.0.0.1:5432 and TEST_DATABASE_URL is unset: integration tests run on PGlite only.');
  }
}
if (env.TEST_DATABASE_URL) console.log(`Integration tests also run on PostgreSQL (${new URL(env.TEST_DATABASE_URL).host}).`);

function run(title, command, args, extraEnv = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  return result.status ?? 1;
}

// The names of failed tests and the first lines of their errors, printed just above the totals so
// that a log cut to its last lines still says what failed.
const failures = [];
const firstLines = (text, count = 4) =>
  stripVTControlCharacters(String(text ?? ''))
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, count)
    .map((line) => `    ${line.slice(0, 200)}`)
    .join('\n');

function collectVitestFailures(report) {
  for (const file of report?.testResults ?? []) {
    const where = path.relative(root, file.name);
    const failedTests = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failedTests) failures.push(`vitest ${where} › ${test.fullName}\n${firstLines(test.failureMessages?.join('\n'))}`);
    if (file.status === 'failed' && !failedTests.length) failures.push(`vitest ${where}\n${firstLines(file.message)}`);
  }
}

function collectPlaywrightFailures(suiteName, report) {
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'expected' || test.status === 'skipped') continue;
        const error = test.results?.find((result) => result.error)?.error;
        failures.push(`${suiteName} ${spec.file}:${spec.line} › ${[...titles, spec.title].join(' › ')}\n${firstLines(error?.message ?? test.status)}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child, child.file === child.title ? titles : [...titles, child.title]);
  };
  for (const suite of report?.suites ?? []) visit(suite, []);
  for (const error of report?.errors ?? []) failures.push(`${suiteName} (outside any test)\n${firstLines(error.message)}`);
}

function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

fs.mkdirSync(reportDir, { recursive: true });
const suites = [];

// Checks that pass or fail as a whole: each counts as one test. A missing npm script fails.
const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts ?? {};
for (const [script, title] of [
  ['lint', 'Lint (npm run lint)'],
  ['typecheck', 'Type check (npm run typecheck)'],
]) {
  let status;
  if (!scripts[script]) {
    console.log(`\n=== ${title} ===\nThere is no "${script}" script in package.json: counted as failed.`);
    status = 1;
  } else {
    status = run(title, npm, ['run', '--silent', script]);
  }
  suites.push({ name: script, status, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, failedFiles: 0, reported: true });
}

// vitest's JSON report follows Jest's format.
const vitestReport = path.join(reportDir, 'vitest.json');
fs.rmSync(vitestReport, { force: true });
const vitestStatus = run('Unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`]);
const vitest = readReport(vitestReport);
collectVitestFailures(vitest);
suites.push({
  name: 'vitest',
  status: vitestStatus,
  passed: vitest?.numPassedTests ?? 0,
  failed: vitest?.numFailedTests ?? 0,
  // Files that failed without running a test (an import error, a failing beforeAll).
  failedFiles: vitest?.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')).length ?? 0,
  reported: !!vitest,
});

// Each end-to-end test runs once. With a PostgreSQL server (E2E_DATABASE_URL; e2e/server.mjs creates and drops a
// database there) the suite is split in two halves by Playwright's sharding, the first on the embedded database and the
// second on PostgreSQL, so both engines serve real browser flows and CI stays within its 30 minutes on a 2-core machine
// (two whole passes would have taken about 46 minutes there on a slow day). Every query runs on both engines in the integration suite.
const e2eRuns = env.E2E_DATABASE_URL
  ? [
      { name: 'playwright', title: 'End-to-end tests, first half (Playwright, PGlite)', env: { E2E_DATABASE_URL: '' }, args: ['--shard=1/2'] },
      { name: 'playwright-postgres', title: 'End-to-end tests, second half (Playwright, PostgreSQL)', env: { E2E_DATABASE_URL: env.E2E_DATABASE_URL }, args: ['--shard=2/2'] },
    ]
  : [{ name: 'playwright', title: 'End-to-end tests (Playwright, PGlite)', env: { E2E_DATABASE_URL: '' }, args: [] }];
for (const e2eRun of e2eRuns) {
  const report = path.join(reportDir, `${e2eRun.name}.json`);
  fs.rmSync(report, { force: true });
  const status = run(e2eRun.title, bin('playwright'), ['test', ...e2eRun.args], { ...e2eRun.env, E2E_REPORT_FILE: report });
  const result = readReport(report);
  collectPlaywrightFailures(e2eRun.name, result);
  suites.push({
    name: e2eRun.name,
    status,
    passed: result?.stats?.expected ?? 0,
    // Flaky cannot happen with retries off; counted as failed all the same if it ever does.
    failed: (result?.stats?.unexpected ?? 0) + (result?.stats?.flaky ?? 0),
    // Errors outside any test (a broken config, a web server that never started, a file that does not load).
    failedFiles: result?.errors?.length ?? 0,
    reported: !!result,
  });
}

// Several instances on one PostgreSQL database (e2e/multi-instance.config.ts starts its own database, S3 server,
// two instances and two workers), after the other Playwright runs, when a PostgreSQL server answers.
const multiInstanceDatabase = env.E2E_DATABASE_URL || DEFAULT_POSTGRES;
const multiInstanceServer = new URL(multiInstanceDatabase);
if (await answers(multiInstanceServer.hostname, Number(multiInstanceServer.port || 5432))) {
  const report = path.join(reportDir, 'playwright-multi-instance.json');
  fs.rmSync(report, { force: true });
  const status = run('Several instances on one PostgreSQL (Playwright)', bin('playwright'), ['test', '-c', 'e2e/multi-instance.config.ts'], {
    E2E_DATABASE_URL: multiInstanceDatabase,
    E2E_REPORT_FILE: report,
  });
  const result = readReport(report);
  collectPlaywrightFailures('playwright-multi-instance', result);
  suites.push({
    name: 'playwright-multi-instance',
    status,
    passed: result?.stats?.expected ?? 0,
    failed: (result?.stats?.unexpected ?? 0) + (result?.stats?.flaky ?? 0),
    failedFiles: result?.errors?.length ?? 0,
    reported: !!result,
  });
} else {
  console.log(`\nNo PostgreSQL server answers at ${multiInstanceServer.host}: the several-instances test is skipped.`);
}

console.log('');
if (failures.length) {
  console.log(`Failed (${failures.length}):`);
  for (const failure of failures.slice(0, 12)) console.log(`  ${failure}`);
  if (failures.length > 12) console.log(`  … and ${failures.length - 12} more, in the reports under test-results/`);
  console.log('');
}
let passed = 0;
let failed = 0;
let broken = false;
for (const suite of suites) {
  passed += suite.passed;
  failed += suite.failed;
  const problems = [];
  if (!suite.reported) problems.push('no report (the runner crashed)');
  else if (suite.passed + suite.failed === 0) problems.push('ran no tests');
  if (suite.failedFiles) problems.push(`${suite.failedFiles} error(s) outside tests`);
  if (suite.status !== 0 && suite.failed === 0 && !problems.length) problems.push(`exited with status ${suite.status}`);
  if (problems.length) broken = true;
  console.log(`${suite.name}: ${suite.passed} passed, ${suite.failed} failed${problems.length ? ` — ${problems.join(', ')}` : ''}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken ? 1 : 0);
