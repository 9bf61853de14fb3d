// The test factories build what they say, on every database, without the demo seed: two
// practices side by side, who is in whose care, and people who can sign in with the factory
// password. Care's queries see exactly the relationships the factories made, and never across
// practices (the rule every page and action relies on).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { invitations, policyAcknowledgements, practices, users } from '@/db/schema';
import { verifyPassword } from '@/lib/auth/commands/password';
import { assignedClient, currentClientsOf, currentTherapistsOf, hasOpenCare } from '@/lib/care/queries';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import {
  FACTORY_PASSWORD,
  FACTORY_PASSWORD_HASH,
  createCare,
  createInvitation,
  createPerson,
  createPracticeWithPeople,
  policyVersionIds,
  publishDemoPolicies,
  type PracticeWithPeople,
} from '../helpers/factories';

describe.each(testDatabases)('test factories on $name', (database) => {
  let handle: DatabaseHandle;
  let a: PracticeWithPeople;
  let b: PracticeWithPeople;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    a = await createPracticeWithPeople(handle.db);
    b = await createPracticeWithPeople(handle.db, { practice: { timeZone: 'Europe/Dublin', country: 'IE', region: null } });
  });

  afterAll(async () => {
    await handle?.close();
  });

  it('builds two separate practices, each with its own people', async () => {
    expect(a.practice.id).not.toBe(b.practice.id);
    expect(a.practice.slug).not.toBe(b.practice.slug);
    const inA = await handle.db.select({ id: users.id, role: users.role }).from(users).where(eq(users.practiceId, a.practice.id));
    expect(inA.map((row) => row.role).sort()).toEqual(['admin', 'client', 'client', 'therapist', 'therapist']);
    const [practice] = await handle.db.select().from(practices).where(eq(practices.id, b.practice.id));
    expect(practice).toMatchObject({ timeZone: 'Europe/Dublin', country: 'IE', region: null });
  });

  it('gives everyone the precomputed hash of the factory password, which the product accepts', async () => {
    const [row] = await handle.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, a.client.id));
    expect(row.passwordHash).toBe(FACTORY_PASSWORD_HASH);
    expect(await verifyPassword(FACTORY_PASSWORD_HASH, FACTORY_PASSWORD)).toBe(true);
    expect(await verifyPassword(FACTORY_PASSWORD_HASH, `${FACTORY_PASSWORD}x`)).toBe(false);
  });

  it("puts each client in their own therapist's care, and in nobody else's", async () => {
    expect((await currentClientsOf(handle.db, a.practice.id, a.therapist.id)).map((row) => row.id)).toEqual([a.client.id]);
    expect((await currentTherapistsOf(handle.db, a.practice.id, a.otherClient.id)).map((row) => row.id)).toEqual([a.otherTherapist.id]);
    expect(await assignedClient(handle.db, a.practice.id, a.therapist.id, a.client.id)).toMatchObject({ id: a.client.id });
    // Not the other therapist's client, and not visible from the other practice.
    expect(await assignedClient(handle.db, a.practice.id, a.otherTherapist.id, a.client.id)).toBeNull();
    expect(await assignedClient(handle.db, b.practice.id, b.therapist.id, a.client.id)).toBeNull();
    expect(await assignedClient(handle.db, a.practice.id, b.therapist.id, a.client.id)).toBeNull();
  });

  it('makes ended care relationships, deactivated people and pending invitations on request', async () => {
    const former = await createPerson(handle.db, a.practice, 'client', { status: 'deactivated' });
    await createCare(handle.db, { client: former, therapist: a.therapist, startedOn: '2024-01-01', endedOn: '2024-06-30' });
    expect(await hasOpenCare(handle.db, former.id)).toBe(false);
    expect((await currentClientsOf(handle.db, a.practice.id, a.therapist.id)).map((row) => row.id)).toEqual([a.client.id]);
    await expect(createCare(handle.db, { client: former, therapist: b.therapist })).rejects.toThrow(/one practice/);

    const invitation = await createInvitation(handle.db, { invitedBy: a.admin, role: 'therapist' });
    const [row] = await handle.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row).toMatchObject({ practiceId: a.practice.id, role: 'therapist', revokedAt: null, acceptedAt: null });
    expect(row.tokenHash).not.toContain(invitation.token);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('publishes the demo policies and records the clients’ acknowledgement of the versions in force', async () => {
    await publishDemoPolicies(handle.db, [{ practice: a.practice, admin: a.admin, acknowledgedBy: [a.client] }]);
    const versions = await policyVersionIds(handle.db, a.practice.id);
    expect(Object.keys(versions).length).toBeGreaterThan(0);
    const inForce = Object.values(versions).map((ids) => ids[ids.length - 1]);
    const acknowledged = await handle.db.select({ versionId: policyAcknowledgements.versionId }).from(policyAcknowledgements).where(eq(policyAcknowledgements.userId, a.client.id));
    expect(acknowledged.map((row) => row.versionId).sort()).toEqual([...inForce].sort());
    // The other practice got none.
    expect(await policyVersionIds(handle.db, b.practice.id)).toEqual({});
  });
});
