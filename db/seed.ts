import { and, eq } from 'drizzle-orm';
import { hashPassword } from '../lib/auth/commands/password';
import { demoPolicies } from '../lib/policies/demo-content';
import { policyContentSha256 } from '../lib/policies/hash';
import { versionInForce } from '../lib/policies/queries';
import { POLICY_KINDS } from '../lib/policies/model';
import { todayInTimeZone } from '@/lib/platform/clock';
import type { Db, Tx } from './client';
import { careRelationships, policyAcknowledgements, policyVersions, practices, users, type Role } from './schema';

export const DEMO_PASSWORD = 'hearth-demo';

interface SeedPractice {
  slug: string;
  name: string;
  timeZone: string;
  /** Where the practice is (ISO codes), so the recording guidance has a place to start from. */
  location?: { country: string; region: string | null };
  people: { email: string; name: string; role: Role }[];
  care: [client: string, therapist: string][];
}

export const DEMO_PRACTICES: SeedPractice[] = [
  {
    slug: 'demo',
    name: 'Willow Grove Counselling',
    timeZone: 'America/New_York',
    location: { country: 'US', region: 'US-NY' },
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
    location: { country: 'IE', region: null },
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
      await tx
        .insert(practices)
        .values({ slug: practice.slug, name: practice.name, timeZone: practice.timeZone, ...practice.location })
        .onConflictDoNothing();
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
      await seedPolicies(tx, practiceId, practice);
    }
  });
}

const daysBefore = (isoDate: string, days: number) => {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - days)).toISOString().slice(0, 10);
};

/**
 * Two published versions of each policy, by the practice's admin, for a practice with none yet
 * (published history is never rewritten); then the seeded clients' acknowledgement of each
 * version in force, so demo clients can go straight in, including clients added by a later run.
 */
async function seedPolicies(tx: Tx, practiceId: string, practice: SeedPractice) {
  const adminEmail = practice.people.find((person) => person.role === 'admin')?.email;
  const people = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.practiceId, practiceId));
  const idOf = (email: string) => people.find((person) => person.email === email)?.id;
  const today = todayInTimeZone(practice.timeZone);
  const existing = await tx.select({ id: policyVersions.id }).from(policyVersions).where(eq(policyVersions.practiceId, practiceId)).limit(1);
  if (existing.length === 0 && adminEmail) {
    const documents = demoPolicies({ name: practice.name, contactEmail: adminEmail });
    for (const kind of POLICY_KINDS) {
      await tx.insert(policyVersions).values(
        documents[kind].map((document, index) => {
          const effectiveOn = daysBefore(today, document.effectiveDaysAgo);
          return {
            practiceId,
            kind,
            version: index + 1,
            title: document.title,
            body: document.body,
            contentSha256: policyContentSha256(document),
            effectiveOn,
            changeSummary: document.changeSummary,
            publishedById: idOf(adminEmail)!,
            // Published a week ahead of taking effect, as a practice would.
            publishedAt: new Date(`${daysBefore(effectiveOn, 7)}T12:00:00Z`),
          };
        }),
      );
    }
  }
  const seededClientIds = practice.people.filter((person) => person.role === 'client').map((person) => idOf(person.email)!);
  for (const kind of POLICY_KINDS) {
    const inForce = await versionInForce(tx, practiceId, kind, today);
    if (!inForce || seededClientIds.length === 0) continue;
    await tx
      .insert(policyAcknowledgements)
      .values(seededClientIds.map((userId) => ({ userId, versionId: inForce.id, contentSha256: inForce.contentSha256 })))
      .onConflictDoNothing();
  }
}
