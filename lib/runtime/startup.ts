import { DatabaseLockedError, getDatabase, getDb } from '@/db/client';
import { env } from '@/lib/platform/config';
import { startWorker } from '@/lib/platform/jobs/worker';
import { jobHandlers, recurringJobs } from './jobs';

/**
 * Opens the database (applying migrations) when the server starts, so a schema problem or a
 * locked embedded database stops the server at once with a clear message instead of failing
 * on the first request. Then starts the job worker inside the server, unless HEARTH_WORKER=off
 * says a separate `npm run worker` does that.
 */
export async function openDatabaseAtStartup() {
  if (env.isProduction && !env.appUrl) {
    // Links in e-mail would otherwise have no trustworthy origin.
    console.error('[hearth] APP_URL must be set in production (the public address of the portal, e.g. https://portal.example.org).');
    process.exit(1);
  }
  try {
    const handle = await getDatabase();
    console.log(`[hearth] database ready (${handle.kind})`);
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      console.error(`[hearth] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (env.inProcessWorker) {
    startWorker(getDb, { handlers: jobHandlers, recurring: recurringJobs });
    console.log('[hearth] job worker running in the server process');
  }
}
