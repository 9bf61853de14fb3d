// Test data built for the test that needs it: a practice, its people and their care
// relationships, instead of every test leaning on the demo seed. Rows go straight into the
// tables (no audit, no mail), so a factory never depends on the feature code under test.
//
// Passwords: hashing with argon2id takes tens of milliseconds, so every factory person gets the
// precomputed hash of FACTORY_PASSWORD unless the test passes a hash of its own.
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { appointments, careRelationships, invitations, jobs, notifications, policyVersions, practices, users, type Role } from '@/db/schema';
import { seedDemo } from '@/db/seed';

export const FACTORY_PASSWORD = 'hearth-demo';
/** argon2id (m=19456, t=2, p=1, the product's parameters) of FACTORY_PASSWORD. */
export const FACTORY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$37tgfIiwCDN/hNxb2UPFmQ$JwldMPeuDAe1Zdh9XZyN/iPb5fJkf1tSgNigY8hNSyE';

let sequence = 0;
/** A short value unique in this process and, with high probability, across processes and runs. */
export function uniqueSuffix() {
  sequence += 1;
  return `${sequence.toString(36)}${randomBytes(3).toString('hex')}`;
}

export interface FactoryPractice {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
}

export interface FactoryPerson {
  id: string;
  practiceId: string;
  email: string;
  name: string;
  role: Role;
}

export async function createPractice(
  db: DbOrTx,
  overrides: Partial<Omit<typeof practices.$inferInsert, 'id'>> = {},
): Promise<FactoryPractice> {
  const suffix = uniqueSuffix();
  const [row] = await db
    .insert(practices)
    .values({ slug: `practice-${suffix}`, name: `Practice ${suffix}`, timeZone: 'America/New_York', country: 'US', region: 'US-NY', ...overrides })
    .returning({ id: practices.id, slug: practices.slug, name: practices.name, timeZone: practices.timeZone });
  return row;
}

const DEFAULT_NAMES: Record<Role, string> = { admin: 'Alex Admin', therapist: 'Dr. Terry Therapist', client: 'Charlie Client' };

export async function createPerson(
  db: DbOrTx,
  practice: { id: string },
  role: Role,
  overrides: { email?: string; name?: string; status?: 'active' | 'deactivated'; passwordHash?: string | null } = {},
): Promise<FactoryPerson> {
  const suffix = uniqueSuffix();
  const [row] = await db
    .insert(users)
    .values({
      practiceId: practice.id,
      role,
      email: overrides.email ?? `${role}-${suffix}@factory.test`,
      name: overrides.name ?? `${DEFAULT_NAMES[role]} ${suffix}`,
      status: overrides.status ?? 'active',
      passwordHash: overrides.passwordHash === undefined ? FACTORY_PASSWORD_HASH : overrides.passwordHash,
      passwordChangedAt: new Date(),
    })
    .returning({ id: users.id, practiceId: users.practiceId, email: users.email, name: users.name, role: users.role });
  return row;
}

/** An open care relationship (or an ended one, with `endedOn`), started today unless told. */
export async function createCare(
  db: DbOrTx,
  { client, therapist, startedOn, endedOn }: { client: FactoryPerson; therapist: FactoryPerson; startedOn?: string; endedOn?: string },
): Promise<{ id: string }> {
  if (client.practiceId !== therapist.practiceId) throw new Error('createCare: client and therapist must be in one practice');
  const [row] = await db
    .insert(careRelationships)
    .values({ practiceId: client.practiceId, clientId: client.id, therapistId: therapist.id, startedOn: startedOn ?? new Date().toISOString().slice(0, 10), endedOn })
    .returning({ id: careRelationships.id });
  return row;
}

/** A pending invitation (7 days unless told) and its token, as the link in the mail would carry it. */
export async function createInvitation(
  db: DbOrTx,
  {
    invitedBy,
    role = 'client',
    email,
    therapist,
    expiresAt,
  }: { invitedBy: FactoryPerson; role?: Role; email?: string; therapist?: FactoryPerson; expiresAt?: Date },
): Promise<{ id: string; email: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(invitations)
    .values({
      practiceId: invitedBy.practiceId,
      email: email ?? `invitee-${uniqueSuffix()}@factory.test`,
      role,
      invitedById: invitedBy.id,
      therapistId: therapist?.id ?? null,
      tokenHash: createHash('sha256').update(token, 'utf8').digest('hex'),
      expiresAt: expiresAt ?? new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
    })
    .returning({ id: invitations.id, email: invitations.email });
  return { ...row, token };
}

/** A scheduled session in an open care relationship (tomorrow at 10:00 UTC, 50 minutes, in person, unless told). */
export async function createAppointment(
  db: DbOrTx,
  {
    care,
    client,
    therapist,
    startsAt,
    durationMinutes = 50,
    channel = 'in_person',
  }: { care: { id: string }; client: FactoryPerson; therapist: FactoryPerson; startsAt?: Date; durationMinutes?: number; channel?: 'in_person' | 'telehealth' },
): Promise<{ id: string }> {
  const tomorrow = new Date();
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  tomorrow.setUTCHours(10, 0, 0, 0);
  const [row] = await db
    .insert(appointments)
    .values({
      practiceId: client.practiceId,
      careRelationshipId: care.id,
      clientId: client.id,
      therapistId: therapist.id,
      startsAt: startsAt ?? tomorrow,
      durationMinutes,
      channel,
      createdById: therapist.id,
    })
    .returning({ id: appointments.id });
  return row;
}

/** An unread in-app notification for this person (the kind must be one of the catalogue's). */
export async function createNotification(
  db: DbOrTx,
  { person, kind = 'policy.version_published', subjectId = null }: { person: FactoryPerson; kind?: string; subjectId?: string | null },
): Promise<{ id: string }> {
  const [row] = await db.insert(notifications).values({ practiceId: person.practiceId, userId: person.id, kind, subjectId }).returning({ id: notifications.id });
  return row;
}

/**
 * A job of this practice that has failed for good, as the admin's job list shows it. By default a
 * mail delivery whose message does not exist, so running it again does nothing at all.
 */
export async function createFailedJob(
  db: DbOrTx,
  { practice, kind = 'mail.deliver', payload }: { practice: { id: string }; kind?: string; payload?: Record<string, unknown> },
): Promise<{ id: number }> {
  const [row] = await db
    .insert(jobs)
    .values({
      practiceId: practice.id,
      kind,
      payload: payload ?? { messageId: '00000000-0000-4000-8000-000000000000' },
      state: 'failed',
      attempts: 8,
      maxAttempts: 8,
      lastError: 'Error',
      finishedAt: new Date(),
    })
    .returning({ id: jobs.id });
  return row;
}

export interface PracticeWithPeople {
  practice: FactoryPractice;
  admin: FactoryPerson;
  /** The client's therapist. */
  therapist: FactoryPerson;
  /** A therapist of the same practice who is not the client's therapist (otherClient's instead). */
  otherTherapist: FactoryPerson;
  /** In the therapist's care. */
  client: FactoryPerson;
  /** In the other therapist's care. */
  otherClient: FactoryPerson;
  care: { client: { id: string }; otherClient: { id: string } };
}

/**
 * A practice with an admin, two therapists and a client in each one's care: the smallest
 * practice in which "not your client" and "not your practice" can both be asked.
 * `name(role, key)` names each person (default: role and a unique suffix); emails are unique.
 */
export async function createPracticeWithPeople(
  db: DbOrTx,
  options: {
    practice?: Partial<Omit<typeof practices.$inferInsert, 'id'>>;
    person?: (key: 'admin' | 'therapist' | 'otherTherapist' | 'client' | 'otherClient') => { email?: string; name?: string };
  } = {},
): Promise<PracticeWithPeople> {
  const practice = await createPractice(db, options.practice);
  const person = (key: Parameters<NonNullable<typeof options.person>>[0], role: Role) => createPerson(db, practice, role, options.person?.(key));
  const admin = await person('admin', 'admin');
  const therapist = await person('therapist', 'therapist');
  const otherTherapist = await person('otherTherapist', 'therapist');
  const client = await person('client', 'client');
  const otherClient = await person('otherClient', 'client');
  const care = {
    client: await createCare(db, { client, therapist }),
    otherClient: await createCare(db, { client: otherClient, therapist: otherTherapist }),
  };
  return { practice, admin, therapist, otherTherapist, client, otherClient, care };
}

/**
 * Publishes the demo policies (two versions of each kind, the later one in force) in each
 * practice, by its admin, and records the clients' acknowledgement of the versions in force,
 * so they can go straight into the portal. One call for many practices hashes one password.
 */
export async function publishDemoPolicies(
  db: Parameters<typeof seedDemo>[0],
  entries: { practice: FactoryPractice; admin: FactoryPerson; acknowledgedBy: FactoryPerson[] }[],
) {
  await seedDemo(
    db,
    entries.map(({ practice, admin, acknowledgedBy }) => ({
      slug: practice.slug,
      name: practice.name,
      timeZone: practice.timeZone,
      // Existing people (matched by email) are left as they are.
      people: [admin, ...acknowledgedBy].map(({ email, name, role }) => ({ email, name, role })),
      care: [],
    })),
  );
}

/** The ids of a practice's published policy versions, by kind, oldest first. */
export async function policyVersionIds(db: DbOrTx, practiceId: string) {
  const rows = await db
    .select({ id: policyVersions.id, kind: policyVersions.kind, version: policyVersions.version })
    .from(policyVersions)
    .where(eq(policyVersions.practiceId, practiceId))
    .orderBy(policyVersions.kind, policyVersions.version);
  const byKind: Record<string, string[]> = {};
  for (const row of rows) (byKind[row.kind] ??= []).push(row.id);
  return byKind;
}
