// npm run test:multi-instance: e2e/multi-instance.spec.ts alone, against what the spec starts for
// itself (a PostgreSQL database, a local S3 server, two `next start` instances and job workers),
// so there is no webServer here. Needs a PostgreSQL server: E2E_DATABASE_URL, or
// postgres://postgres@127.0.0.1:5432/postgres. Run it under `flock /tmp/e2e.lock` (it may build).
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// The spec runs only under this config; the ordinary suite (playwright.config.ts) ignores it.

const root = path.resolve(import.meta.dirname, '..');

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const launchOptions = fs.existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }
  : {};

export default defineConfig({
  testDir: '.',
  testMatch: 'multi-instance.spec.ts',
  outputDir: path.join(root, 'test-results', 'multi-instance'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.E2E_REPORT_FILE || path.join(root, 'test-results', 'multi-instance.json') }]],
  use: { browserName: 'chromium', launchOptions, trace: 'retain-on-failure' },
});
