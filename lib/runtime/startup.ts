import { DatabaseLockedError, getDatabase, getDb } from '@/db/client';
import { env } from '@/lib/platform/config';
import { currentMasterKeyId } from '@/lib/platform/crypto/keyring';
import { startWorker, type RunningWorker } from '@/lib/platform/jobs/worker';
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
  if (env.isProduction && env.trustedProxyHops === 0) {
    console.warn('[hearth] TRUSTED_PROXY_HOPS is 0: client addresses are recorded as "unknown" and per-address sign-in limits are off. Set it to the number of proxies in front of Hearth.');
  }
  try {
    // Files cannot be stored or read without the master key: refuse to start rather than fail on the first upload.
    currentMasterKeyId();
  } catch (error) {
    console.error(`[hearth] ${error instanceof Error ? error.message : String(error)}`);
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
  // On globalThis, like the database handle, so a development reload does not start a second one.
  const holder = globalThis as unknown as { hearthWorker?: RunningWorker };
  if (env.inProcessWorker && !holder.hearthWorker) {
    holder.hearthWorker = startWorker(getDb, { handlers: jobHandlers, recurring: recurringJobs });
    console.log('[hearth] job worker running in the server process');
  }
}
