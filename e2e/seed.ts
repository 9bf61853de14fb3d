// Prepares the end-to-end database before the server starts: migrations, the demo practices,
// the dedicated e2e accounts (in the demo practice) and a practice of their own for tests that
// change practice-wide things; password `hearth-demo` everywhere.
// Uses DATABASE_URL when set, otherwise the PGlite folder in DATA_DIR.
import { openFromEnvironment } from '../db/client';
import { DEMO_PRACTICES, seedDemo } from '../db/seed';
import { eq } from 'drizzle-orm';
import { practices } from '../db/schema';
import { E2E, MFA_REQUIRED_PRACTICE, POLICY_PRACTICE, RECORDING_PRACTICE } from './accounts';

const demoPractice = DEMO_PRACTICES.find((practice) => practice.slug === 'demo')!;

const handle = await openFromEnvironment();
try {
  await seedDemo(handle.db);
  // seedDemo matches the practice by slug, so this adds the e2e people to the demo practice.
  await seedDemo(handle.db, [{ ...demoPractice, people: Object.values(E2E), care: [] }]);
  for (const { slug, name, timeZone, admin, therapist, ...clients } of [POLICY_PRACTICE, RECORDING_PRACTICE]) {
    const clientPeople = Object.values(clients);
    await seedDemo(handle.db, [
      {
        slug,
        name,
        timeZone,
        people: [admin, therapist, ...clientPeople],
        care: clientPeople.map((client) => [client.email, therapist.email] as [string, string]),
      },
    ]);
  }
  await seedDemo(handle.db, [
    { slug: MFA_REQUIRED_PRACTICE.slug, name: MFA_REQUIRED_PRACTICE.name, timeZone: MFA_REQUIRED_PRACTICE.timeZone, people: [MFA_REQUIRED_PRACTICE.therapist], care: [] },
  ]);
  await handle.db.update(practices).set({ requireStaffMfa: true }).where(eq(practices.slug, MFA_REQUIRED_PRACTICE.slug));
  console.log(`[e2e] database seeded (${handle.kind}).`);
} finally {
  await handle.close();
}
