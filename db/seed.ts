import { and, eq } from 'drizzle-orm';
import { hashPassword } from '../lib/auth/password';
import type { Db } from './client';
import { careRelationships, practices, users, type Role } from './schema';

export const DEMO_PASSWORD = 'hearth-demo';

interface SeedPractice {
  slug: string;
  name: string;
  timeZone: string;
  people: { email: string; name: string; role: Role }[];
  care: [client: string, therapist: string][];
}

export const DEMO_PRACTICES: SeedPractice[] = [
  {
    slug: 'demo',
    name: 'Willow Grove Counselling',
    timeZone: 'America/New_York',
    people: [
      { email: 'admin@demo.test', name: 'Avery Admin', role: 'admin' },
      { email: 'therapist@demo.test', name: 'Dr. Robin Hale', role: 'therapist' },
      { email: 'therapist2@demo.test', name: 'Sam Okafor, LCSW', role: 'therapist' },
      { email: 'client@demo.test', name: 'Jordan Lee', role: 'client' },
      { email: 'client2@demo.test', name: 'Casey Morgan', role: 'client' },
    ],
    care: [
      ['client@demo.test', 'therapist@demo.test'],
      ['client2@demo.test', 'therapist2@demo.test'],
    ],
  },
  {
    slug: 'harbor',
    name: 'Harbor Light Therapy',
    timeZone: 'Europe/Dublin',
    people: [
      { email: 'admin@harbor.test', name: 'Niamh Byrne', role: 'admin' },
      { email: 'therapist@harbor.test', name: 'Dr. Cian Walsh', role: 'therapist' },
      { email: 'client@harbor.test', name: 'Aoife Kelly', role: 'client' },
    ],
    care: [['client@harbor.test', 'therapist@harbor.test']],
  },
];

/**
 * Creates the demo practices and accounts (password `hearth-demo`, MFA off). Running it again
 * changes nothing: every row is matched by its natural key first.
 */
export async function seedDemo(db: Db, practicesToSeed: SeedPractice[] = DEMO_PRACTICES) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const startedOn = new Date().toISOString().slice(0, 10);
  await db.transaction(async (tx) => {
    for (const practice of practicesToSeed) {
      await tx.insert(practices).values({ slug: practice.slug, name: practice.name, timeZone: practice.timeZone }).onConflictDoNothing();
      const [{ id: practiceId }] = await tx.select({ id: practices.id }).from(practices).where(eq(practices.slug, practice.slug));
      for (const person of practice.people) {
        await tx
          .insert(users)
          .values({ ...person, practiceId, passwordHash, passwordChangedAt: new Date() })
          .onConflictDoNothing();
      }
      const ids = new Map(
        (await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.practiceId, practiceId))).map((u) => [u.email, u.id]),
      );
      for (const [clientEmail, therapistEmail] of practice.care) {
        const clientId = ids.get(clientEmail)!;
        const therapistId = ids.get(therapistEmail)!;
        const existing = await tx
          .select({ id: careRelationships.id })
          .from(careRelationships)
          .where(and(eq(careRelationships.clientId, clientId), eq(careRelationships.therapistId, therapistId)));
        if (existing.length === 0) {
          await tx.insert(careRelationships).values({ practiceId, clientId, therapistId, startedOn });
        }
      }
    }
  });
}
