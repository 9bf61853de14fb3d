import { DatabaseLockedError, getDatabase } from '@/db/client';

/**
 * Opens the database (applying migrations) when the server starts, so a schema problem or a
 * locked embedded database stops the server at once with a clear message instead of failing
 * on the first request.
 */
export async function openDatabaseAtStartup() {
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
}
