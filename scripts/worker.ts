// npm run worker: runs background jobs in a process of its own, for deployments with several
// server instances (start those with HEARTH_WORKER=off). Any number of workers may run: each
// job is claimed by one of them. On SIGTERM/SIGINT it finishes the jobs in hand, then closes
// the database and exits; a job cut short anyway runs again once its lease has run out.
import { DatabaseLockedError, openFromEnvironment, type DatabaseHandle } from '../db/client';
import { startWorker } from '../lib/platform/jobs/worker';
import { jobHandlers, recurringJobs } from '../lib/runtime/jobs';

// Opened here rather than through getDatabase(), whose shutdown hook would close the database
// under the jobs in hand; handlers are given this handle in their context.
let handle: DatabaseHandle;
try {
  handle = await openFromEnvironment();
} catch (error) {
  // The embedded database is one process's: with PGlite the worker runs inside the server.
  if (!(error instanceof DatabaseLockedError)) throw error;
  console.error(`[hearth] ${error.message}`);
  process.exit(1);
}
console.log(`[hearth] worker started (${handle.kind})`);
const worker = startWorker(async () => handle.db, { handlers: jobHandlers, recurring: recurringJobs, keepAlive: true });

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await handle.close();
    console.log('[hearth] worker stopped');
    process.exit(0);
  });
}
