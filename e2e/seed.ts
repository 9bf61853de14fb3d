// Prepares the end-to-end database before the server starts: migrations, the demo practices,
// and the dedicated e2e accounts (all in the demo practice, password `hearth-demo`).
// Uses DATABASE_URL when set, otherwise the PGlite folder in DATA_DIR.
import { openFromEnvironment } from '../db/client';
import { DEMO_PRACTICES, seedDemo } from '../db/seed';
import { E2E } from './accounts';

const demoPractice = DEMO_PRACTICES.find((practice) => practice.slug === 'demo')!;

const handle = await openFromEnvironment();
try {
  await seedDemo(handle.db);
  // seedDemo matches the practice by slug, so this adds the e2e people to the demo practice.
  await seedDemo(handle.db, [{ ...demoPractice, people: Object.values(E2E), care: [] }]);
  console.log(`[e2e] database seeded (${handle.kind}).`);
} finally {
  await handle.close();
}
