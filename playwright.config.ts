import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT || 3210);
const baseURL = `http://127.0.0.1:${port}`;

// One folder per run (per port, so two runs on two ports never meet), emptied by e2e/server.mjs
// when it starts: the pool of fresh practices and the leases on them (e2e/pool.ts), the
// signed-in states (e2e/roles.ts), and the mailbox the server writes mail into (e2e/mailbox.ts).
// Set here, so the web server, the runner and every worker process agree on it.
process.env.E2E_RUN_DIR = path.resolve(import.meta.dirname, 'test-results', `e2e-${port}`);
process.env.E2E_MAILBOX_DIR = path.join(process.env.E2E_RUN_DIR, 'mailbox');

// Playwright cannot download its own browser on this machine; Debian's Chromium is used where
// it is installed, Playwright's bundled one elsewhere.
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
// For the recorder (e2e/files.spec.ts): the microphone is allowed without a prompt and plays a steady tone.
const FAKE_MICROPHONE = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
const launchOptions = fs.existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        // The machine has no outside network: Chromium's own background connections would only fail.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        ...FAKE_MICROPHONE,
      ],
    }
  : { args: FAKE_MICROPHONE };

export default defineConfig({
  testDir: 'e2e',
  // Reports sit beside, not inside, the output folder that Playwright empties at the start.
  outputDir: 'test-results/playwright',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  // Generous: on a loaded 2-core machine the longest flows (a 20 MB upload paused and resumed, a
  // journal shared and revoked by two signed-in people) were seen taking 55 s, against 15 s on a quiet one.
  timeout: 150_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: process.env.E2E_REPORT_FILE || 'test-results/playwright.json' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    // The multi-instance spec starts its own servers: it runs under e2e/multi-instance.config.ts only.
    { name: 'e2e', testMatch: /.*\.spec\.ts/, testIgnore: /multi-instance\.spec\.ts/, dependencies: ['setup'] },
  ],
  webServer: {
    command: 'node e2e/server.mjs',
    url: `${baseURL}/login`,
    // The first run builds the app, which takes a few minutes on a small machine.
    timeout: 600_000,
    // Every run needs its own freshly seeded database, so a running server is never reused.
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: { E2E_PORT: String(port), E2E_RUN_DIR: process.env.E2E_RUN_DIR, E2E_MAILBOX_DIR: process.env.E2E_MAILBOX_DIR },
  },
});
