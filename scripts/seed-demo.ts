// Migrates and seeds the demo data. Refuses a DATABASE_URL database unless HEARTH_SEED_DEMO=yes,
// so a production database is never filled with demo accounts by accident.
import { openFromEnvironment } from '../db/client';
import { seedDemoShowcase } from '../db/seed';
import { env } from '@/lib/platform/config';

if (env.databaseUrl && process.env.HEARTH_SEED_DEMO !== 'yes') {
  console.error('Refusing to seed demo accounts into DATABASE_URL. Set HEARTH_SEED_DEMO=yes if you really mean it.');
  process.exit(1);
}

const handle = await openFromEnvironment();
try {
  // The demo practices, with sessions and recording requests in every state, so every screen has something to show.
  const { told } = await seedDemoShowcase(handle.db);
  console.log(`Demo practices seeded (${handle.kind})${told.length > 0 ? `, with ${told.length} recording stories` : ''}.`);
} finally {
  await handle.close();
}
