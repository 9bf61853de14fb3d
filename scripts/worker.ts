// npm run worker: runs background jobs in a process of its own, for deployments with several
// server instances (start those with HEARTH_WORKER=off). Any number of workers may run: each
// job is claimed by one of them. Stops cleanly on SIGTERM/SIGINT after the jobs in hand.
import { getDatabase, getDb } from '../db/client';
import { startWorker } from '../lib/platform/jobs/worker';
import { jobHandlers, recurringJobs } from '../lib/runtime/jobs';

const handle = await getDatabase();
console.log(`[hearth] worker started (${handle.kind})`);
const worker = startWorker(getDb, { handlers: jobHandlers, recurring: recurringJobs });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    await worker.stop();
    console.log('[hearth] worker stopped');
  });
}
