import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, careRelationships, practices, sessions, users } from '@/db/schema';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { consumeHandoff, createSession, validateSession } from '@/lib/auth/commands/sessions';
import type { Actor } from '@/lib/platform/actor';
import { changeUserRole, deactivateUser, reactivateUser } from '@/lib/users/commands';
import { listPracticeUsers } from '@/lib/users/queries';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { seedDemoWithIds } from '../helpers/demo';

describe.each(testDatabases)('managing people on $name', (database) => {
  let handle: DatabaseHandle;
  let admin: Actor;
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    const seeded = await seedDemoWithIds(handle.db);
    for (const [email, id] of seeded.idOf) idOf.set(email, id);
    admin = await actorOf('admin@demo.test');
  });
  afterAll(() => handle?.close());

  const userRow = async (email: string) => (await handle.db.select().from(users).where(eq(users.id, idOf.get(email)!)))[0];
  const auditsFor = (action: string, subjectId: string) =>
    handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));

  /** A live session for a user, as after signing in. */
  async function signedIn(email: string) {
    const { ticket } = await createSession(handle.db, idOf.get(email)!, testContext());
    return (await consumeHandoff(handle.db, ticket))!;
  }

  /** The actor a session would give this person. */
  async function actorOf(email: string): Promise<Actor> {
    const [row] = await handle.db
      .select({ id: users.id, practiceId: users.practiceId, role: users.role, timeZone: practices.timeZone })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId))
      .where(eq(users.email, email));
    return row;
  }

  /** A second admin in the demo practice. */
  async function addAdmin(email: string): Promise<Actor> {
    const [created] = await handle.db
      .insert(users)
      .values({ practiceId: admin.practiceId, email, name: 'Second Admin', role: 'admin' })
      .returning({ id: users.id });
    idOf.set(email, created.id);
    return { ...admin, id: created.id };
  }

  it('lists only the admin’s own practice, with MFA shown as a flag', async () => {
    const people = await listPracticeUsers(handle.db, admin.practiceId);
    expect(people.map((person) => person.email).sort()).toEqual(
      ['admin@demo.test', 'client2@demo.test', 'client@demo.test', 'therapist2@demo.test', 'therapist@demo.test'],
    );
    expect(people.every((person) => person.mfaEnabledAt === null)).toBe(true);
  });

  it('refuses an admin changing their own role or deactivating themselves', async () => {
    expect(await changeUserRole(handle.db, admin, { userId: admin.id, role: 'therapist' }, testContext())).toEqual({ status: 'self' });
    expect(await deactivateUser(handle.db, admin, { userId: admin.id }, testContext())).toEqual({ status: 'self' });
    expect(await userRow('admin@demo.test')).toMatchObject({ role: 'admin', status: 'active' });
  });

  it('refuses a role change while the person has open care relationships', async () => {
    const therapistId = idOf.get('therapist@demo.test')!;
    const result = await changeUserRole(handle.db, admin, { userId: therapistId, role: 'admin' }, testContext());
    expect(result).toEqual({ status: 'open-care' });
    expect((await userRow('therapist@demo.test')).role).toBe('therapist');
    expect(await auditsFor('user.role_changed', therapistId)).toHaveLength(0);
  });

  it('changes the role of someone without open care and records from and to', async () => {
    const admin2 = await addAdmin('second-admin@demo.test');
    const result = await changeUserRole(handle.db, admin, { userId: admin2.id, role: 'therapist' }, testContext());
    expect(result).toEqual({ status: 'changed', from: 'admin', to: 'therapist' });
    expect((await userRow('second-admin@demo.test')).role).toBe('therapist');
    const [audit] = await auditsFor('user.role_changed', admin2.id);
    expect(audit).toMatchObject({ actorId: admin.id, practiceId: admin.practiceId, metadata: { from: 'admin', to: 'therapist' } });
    expect(await changeUserRole(handle.db, admin, { userId: admin2.id, role: 'therapist' }, testContext())).toEqual({ status: 'unchanged' });
  });

  it('never leaves the practice without an active admin, even when two admins demote each other at once', async () => {
    const other = await addAdmin('third-admin@demo.test');
    const results = await Promise.all([
      changeUserRole(handle.db, admin, { userId: other.id, role: 'therapist' }, testContext()),
      changeUserRole(handle.db, other, { userId: admin.id, role: 'therapist' }, testContext()),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['changed', 'last-admin']);
    const activeAdmins = await handle.db
      .select()
      .from(users)
      .where(and(eq(users.practiceId, admin.practiceId), eq(users.role, 'admin'), eq(users.status, 'active')));
    expect(activeAdmins).toHaveLength(1);

    // Whoever is left is the last admin: a stale session of the demoted one cannot remove them.
    const survivor = activeAdmins[0].id === admin.id ? admin : other;
    const demoted = survivor === admin ? other : admin;
    expect(await deactivateUser(handle.db, demoted, { userId: survivor.id }, testContext())).toEqual({ status: 'last-admin' });
    expect(await userRow(survivor === admin ? 'admin@demo.test' : 'third-admin@demo.test')).toMatchObject({ role: 'admin', status: 'active' });
    if (survivor !== admin) {
      // Put the demo admin back for the tests that follow.
      await handle.db.update(users).set({ role: 'admin' }).where(eq(users.id, admin.id));
    }
  });

  it('deactivation ends every session at once, keeps care relationships, and is audited', async () => {
    const email = 'client2@demo.test';
    const clientId = idOf.get(email)!;
    const first = await signedIn(email);
    const second = await signedIn(email);
    expect(await validateSession(handle.db, first)).not.toBeNull();

    const result = await deactivateUser(handle.db, admin, { userId: clientId }, testContext());
    expect(result).toEqual({ status: 'deactivated', sessionsEnded: 2 });
    expect(await validateSession(handle.db, first)).toBeNull();
    expect(await validateSession(handle.db, second)).toBeNull();
    expect((await userRow(email)).status).toBe('deactivated');
    const [audit] = await auditsFor('user.deactivated', clientId);
    expect(audit).toMatchObject({ actorId: admin.id, metadata: { sessionsEnded: 2 } });
    const stillOpen = await handle.db
      .select()
      .from(careRelationships)
      .where(and(eq(careRelationships.clientId, clientId), isNull(careRelationships.endedOn)));
    expect(stillOpen).toHaveLength(1);
    expect(await deactivateUser(handle.db, admin, { userId: clientId }, testContext())).toEqual({ status: 'unchanged' });
  });

  it('reactivation lets them sign in afresh but does not bring old sessions back', async () => {
    const email = 'client2@demo.test';
    const clientId = idOf.get(email)!;
    const [old] = await handle.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, clientId));

    expect(await reactivateUser(handle.db, admin, { userId: clientId }, testContext())).toEqual({ status: 'reactivated' });
    expect((await userRow(email)).status).toBe('active');
    expect(await validateSession(handle.db, old.id)).toBeNull();
    expect(await validateSession(handle.db, await signedIn(email))).toMatchObject({ email });
    expect(await auditsFor('user.reactivated', clientId)).toHaveLength(1);
    expect(await reactivateUser(handle.db, admin, { userId: clientId }, testContext())).toEqual({ status: 'unchanged' });
  });

  it('treats a user of another practice as not found and changes nothing', async () => {
    const outsiderId = idOf.get('therapist@harbor.test')!;
    const outsiderSession = await signedIn('therapist@harbor.test');
    expect(await changeUserRole(handle.db, admin, { userId: outsiderId, role: 'admin' }, testContext())).toEqual({ status: 'not-found' });
    expect(await deactivateUser(handle.db, admin, { userId: outsiderId }, testContext())).toEqual({ status: 'not-found' });
    expect(await reactivateUser(handle.db, admin, { userId: outsiderId }, testContext())).toEqual({ status: 'not-found' });
    expect(await userRow('therapist@harbor.test')).toMatchObject({ role: 'therapist', status: 'active' });
    expect(await validateSession(handle.db, outsiderSession)).not.toBeNull();
    const outsiderAudits = await handle.db.select().from(auditEvents).where(eq(auditEvents.subjectId, outsiderId));
    expect(outsiderAudits).toHaveLength(0);
  });

  it('keeps every audit chain intact', async () => {
    const reports = await verifyAllChains(handle.db);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.verdict.ok)).toBe(true);
  });
});
