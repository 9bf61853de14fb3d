// Prepares the end-to-end database before the server starts (the server then holds it):
// migrations, the demo practices (read-only for the suite), and the pool of fresh practices
// that tests changing state lease one of (see pool.ts and fixtures.ts); password `hearth-demo`
// everywhere. Writes the pool's ids and emails to E2E_POOL_FILE.
// Uses DATABASE_URL when set, otherwise the PGlite folder in DATA_DIR.
import fs from 'node:fs';
import path from 'node:path';
import { openFromEnvironment } from '../db/client';
import { seedDemo } from '../db/seed';
import {
  createAppointment,
  createCare,
  createFailedJob,
  createInvitation,
  createNotification,
  createPerson,
  createPractice,
  policyVersionIds,
  publishDemoPolicies,
  type FactoryPerson,
} from '../tests/helpers/factories';
import type { PoolPerson, PoolPractice, PracticeKind } from './pool';

// How many fresh practices of each kind; every test that uses the `practice` or `otherPractice`
// fixture takes one for itself (318 tests, many taking two, needed more than 160).
const POOL: Record<PracticeKind, number> = {
  standard: Number(process.env.E2E_PRACTICE_POOL || 280),
  'staff-mfa': 3,
};

const TIME_ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Dublin'];
const PRACTICE_NAMES = ['Cedar Path Practice', 'Alder Court Counselling', 'Birch Lane Therapy', 'Rowan Street Counselling', 'Elm Bank Therapy'];

const poolFile = process.env.E2E_POOL_FILE;
if (!poolFile) throw new Error('E2E_POOL_FILE is not set (e2e/server.mjs sets it).');

const person = ({ id, email, name, role }: FactoryPerson): PoolPerson => ({ id, email, name, role });

const handle = await openFromEnvironment();
try {
  await seedDemo(handle.db);
  const started = Date.now();
  const practices: PoolPractice[] = [];
  await handle.db.transaction(async (tx) => {
    for (const kind of Object.keys(POOL) as PracticeKind[]) {
      for (let index = 0; index < POOL[kind]; index++) {
        // Numbers are zero-padded, so no name or email is a prefix of another.
        const tag = `${kind === 'standard' ? 'p' : 'm'}${String(index).padStart(3, '0')}`;
        const practice = await createPractice(tx, {
          slug: `e2e-${tag}`,
          name: `${PRACTICE_NAMES[index % PRACTICE_NAMES.length]} ${tag.toUpperCase()}`,
          timeZone: TIME_ZONES[index % TIME_ZONES.length],
          requireStaffMfa: kind === 'staff-mfa',
        });
        const make = (role: PoolPerson['role'], key: string, name: string, status: 'active' | 'deactivated' = 'active') =>
          createPerson(tx, practice, role, { email: `${key}-${tag}@e2e.test`, name: `${name} ${tag.toUpperCase()}`, status });
        const admin = await make('admin', 'admin', 'Avery Admin');
        const therapist = await make('therapist', 'therapist', 'Dr. Robin Therapist');
        const otherTherapist = await make('therapist', 'other-therapist', 'Sam Othertherapist');
        const client = await make('client', 'client', 'Jordan Client');
        const otherClient = await make('client', 'other-client', 'Casey Otherclient');
        const formerClient = await make('client', 'former-client', 'Morgan Formerclient', 'deactivated');
        const careIds = {
          client: (await createCare(tx, { client, therapist })).id,
          otherClient: (await createCare(tx, { client: otherClient, therapist: otherTherapist })).id,
        };
        const invitation = await createInvitation(tx, { invitedBy: admin, role: 'therapist', email: `invitee-${tag}@e2e.test` });
        const notificationIds = {
          client: (await createNotification(tx, { person: client })).id,
          otherClient: (await createNotification(tx, { person: otherClient })).id,
        };
        const failedJob = await createFailedJob(tx, { practice });
        const appointment = await createAppointment(tx, { care: { id: careIds.client }, client, therapist });
        practices.push({
          kind,
          index,
          ...practice,
          admin: person(admin),
          therapist: person(therapist),
          otherTherapist: person(otherTherapist),
          client: person(client),
          otherClient: person(otherClient),
          formerClient: person(formerClient),
          careIds,
          pendingInvitation: { id: invitation.id, email: invitation.email },
          notificationIds,
          failedJobId: failedJob.id,
          appointmentId: appointment.id,
          policyVersionIds: {},
        });
      }
    }
  });
  await publishDemoPolicies(
    handle.db,
    practices.map((p) => ({
      practice: p,
      admin: { ...p.admin, practiceId: p.id },
      acknowledgedBy: [p.client, p.otherClient].map((c) => ({ ...c, practiceId: p.id })),
    })),
  );
  for (const practice of practices) practice.policyVersionIds = await policyVersionIds(handle.db, practice.id);
  fs.mkdirSync(path.dirname(poolFile), { recursive: true });
  fs.writeFileSync(poolFile, JSON.stringify(practices, null, 1));
  console.log(`[e2e] database seeded (${handle.kind}): demo practices and ${practices.length} fresh practices in ${Date.now() - started} ms.`);
} finally {
  await handle.close();
}
