// Applies pending migrations to the configured database (PGlite, or DATABASE_URL) and exits.
import { openFromEnvironment } from '../db/client';

const handle = await openFromEnvironment();
await handle.close();
console.log(`Database is up to date (${handle.kind}).`);
