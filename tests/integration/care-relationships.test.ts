import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, careRelationships, practices, users } from '@/db/schema';
import { assignCare, endCare } from '@/lib/care/commands';
import { careCandidates, listPracticeRelationships } from '@/lib/care/queries';
import type { Actor } from '@/lib/platform/actor';
import { changeUserRole, deactivateUser } from '@/lib/users/commands';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { seedDemoWithIds } from '../helpers/demo';

describe.each(testDatabases)('care relationships on $name', (database) => {
  let handle: DatabaseHandle;
  let admin: Actor;
  const idOf = new Map<string, string>();

  /** The actor a session would give the demo admin, with the practice's time zone as it is now. */
  async function demoAdmin(): Promise<Actor> {
    const [row] = await handle.db
      .select({ id: users.id, practiceId: users.practiceId, role: users.role, timeZone: practices.timeZone })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId))
      .where(eq(users.email, 'admin@demo.test'));
    return row;
  }

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    const seeded = await seedDemoWithIds(handle.db);
    for (const [email, id] of seeded.idOf) idOf.set(email, id);
    admin = await demoAdmin();
  });
  afterAll(() => handle?.close());

  const pair = (client: string, therapist: string) => ({ clientId: idOf.get(client)!, therapistId: idOf.get(therapist)! });

  it('lists the practice’s relationships and active candidates only', async () => {
    const relationships = await listPracticeRelationships(handle.db, admin.practiceId);
    expect(relationships.map((r) => [r.clientName, r.therapistName])).toEqual(
      expect.arrayContaining([
        ['Jordan Lee', 'Dr. Robin Hale'],
        ['Casey Morgan', 'Sam Okafor, LCSW'],
      ]),
    );
    expect(relationships).toHaveLength(2);
    const candidates = await careCandidates(handle.db, admin.practiceId);
    expect(candidates.clients.map((c) => c.name)).toEqual(['Casey Morgan', 'Jordan Lee']);
    expect(candidates.therapists.map((t) => t.name)).toEqual(['Dr. Robin Hale', 'Sam Okafor, LCSW']);
  });

  it('assigns a new pair starting today in the practice time zone, and audits it', async () => {
    // 03:30 UTC is still the previous evening in New York, the demo practice's zone.
    const now = new Date('2025-06-02T03:30:00Z');
    const result = await assignCare(handle.db, admin, pair('client@demo.test', 'therapist2@demo.test'), testContext(), now);
    expect(result).toMatchObject({ status: 'assigned', startedOn: '2025-06-01' });
    if (result.status !== 'assigned') return;
    const [row] = await handle.db.select().from(careRelationships).where(eq(careRelationships.id, result.id));
    expect(row).toMatchObject({ practiceId: admin.practiceId, startedOn: '2025-06-01', endedOn: null });
    const audits = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'care.assigned'), eq(auditEvents.subjectId, result.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: admin.id, subjectType: 'care_relationship' });
  });

  it('refuses a pair that is already open, changing nothing', async () => {
    const before = await handle.db.select().from(careRelationships);
    const result = await assignCare(handle.db, admin, pair('client@demo.test', 'therapist@demo.test'), testContext());
    expect(result).toEqual({ status: 'already-open' });
    expect(await handle.db.select().from(careRelationships)).toHaveLength(before.length);
  });

  it('refuses wrong roles, deactivated people and people of another practice', async () => {
    const swapped = await assignCare(handle.db, admin, pair('therapist@demo.test', 'client@demo.test'), testContext());
    expect(swapped).toEqual({ status: 'invalid-client' });
    const outsider = await assignCare(handle.db, admin, pair('client@demo.test', 'therapist@harbor.test'), testContext());
    expect(outsider).toEqual({ status: 'invalid-therapist' });
    const outsideClient = await assignCare(handle.db, admin, pair('client@harbor.test', 'therapist@demo.test'), testContext());
    expect(outsideClient).toEqual({ status: 'invalid-client' });

    const [inactive] = await handle.db
      .insert(users)
      .values({ practiceId: admin.practiceId, email: 'inactive-client@demo.test', name: 'Former Client', role: 'client', status: 'deactivated' })
      .returning({ id: users.id });
    const deactivated = await assignCare(handle.db, admin, { clientId: inactive.id, therapistId: idOf.get('therapist@demo.test')! }, testContext());
    expect(deactivated).toEqual({ status: 'invalid-client' });
    expect(await handle.db.select().from(careRelationships).where(eq(careRelationships.clientId, inactive.id))).toHaveLength(0);
  });

  it('ends an open relationship as of today in the practice time zone, then allows a fresh one', async () => {
    const { clientId, therapistId } = pair('client2@demo.test', 'therapist2@demo.test');
    const [open] = await handle.db
      .select()
      .from(careRelationships)
      .where(and(eq(careRelationships.clientId, clientId), eq(careRelationships.therapistId, therapistId)));
    const now = new Date('2025-07-10T02:00:00Z');
    expect(await endCare(handle.db, admin, { relationshipId: open.id }, testContext(), now)).toEqual({ status: 'ended', endedOn: '2025-07-09' });
    const [ended] = await handle.db.select().from(careRelationships).where(eq(careRelationships.id, open.id));
    expect(ended.endedOn).toBe('2025-07-09');
    const audits = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'care.ended'), eq(auditEvents.subjectId, open.id)));
    expect(audits).toHaveLength(1);

    expect(await endCare(handle.db, admin, { relationshipId: open.id }, testContext())).toEqual({ status: 'already-ended' });
    expect(await assignCare(handle.db, admin, { clientId, therapistId }, testContext())).toMatchObject({ status: 'assigned' });
  });

  it('uses the practice’s own time zone for the date', async () => {
    await handle.db.update(practices).set({ timeZone: 'Pacific/Kiritimati' }).where(eq(practices.id, admin.practiceId));
    const { clientId } = pair('client2@demo.test', 'therapist@demo.test');
    // 10:30 UTC on 31 December is already New Year's Day on Kiritimati (UTC+14).
    const result = await assignCare(handle.db, await demoAdmin(), { clientId, therapistId: idOf.get('therapist@demo.test')! }, testContext(), new Date('2025-12-31T10:30:00Z'));
    expect(result).toMatchObject({ status: 'assigned', startedOn: '2026-01-01' });
    await handle.db.update(practices).set({ timeZone: 'America/New_York' }).where(eq(practices.id, admin.practiceId));
  });

  it('never ends another practice’s relationship', async () => {
    const [harbor] = await handle.db.select().from(careRelationships).where(eq(careRelationships.clientId, idOf.get('client@harbor.test')!));
    expect(await endCare(handle.db, admin, { relationshipId: harbor.id }, testContext())).toEqual({ status: 'not-found' });
    const [after] = await handle.db.select().from(careRelationships).where(eq(careRelationships.id, harbor.id));
    expect(after.endedOn).toBeNull();
  });

  it('blocks a role change while care is open, and allows it once care has ended', async () => {
    const { clientId, therapistId } = pair('client@demo.test', 'therapist2@demo.test');
    expect(await changeUserRole(handle.db, admin, { userId: clientId, role: 'therapist' }, testContext())).toEqual({ status: 'open-care' });
    const open = await handle.db.select().from(careRelationships).where(eq(careRelationships.clientId, clientId));
    for (const relationship of open.filter((r) => r.endedOn === null)) {
      expect(await endCare(handle.db, admin, { relationshipId: relationship.id }, testContext())).toMatchObject({ status: 'ended' });
    }
    expect(await changeUserRole(handle.db, admin, { userId: clientId, role: 'therapist' }, testContext())).toMatchObject({ status: 'changed' });
    // A therapist is no longer offered as a client, nor accepted as one.
    expect(await assignCare(handle.db, admin, { clientId, therapistId }, testContext())).toEqual({ status: 'invalid-client' });
  });

  it('keeps relationships of a deactivated person open', async () => {
    const therapistId = idOf.get('therapist@demo.test')!;
    const openBefore = (await listPracticeRelationships(handle.db, admin.practiceId)).filter((r) => r.therapistId === therapistId && !r.endedOn);
    expect(await deactivateUser(handle.db, admin, { userId: therapistId }, testContext())).toMatchObject({ status: 'deactivated' });
    const openAfter = (await listPracticeRelationships(handle.db, admin.practiceId)).filter((r) => r.therapistId === therapistId && !r.endedOn);
    expect(openAfter.map((r) => r.id)).toEqual(openBefore.map((r) => r.id));
    expect((await careCandidates(handle.db, admin.practiceId)).therapists.map((t) => t.id)).not.toContain(therapistId);
  });
});
