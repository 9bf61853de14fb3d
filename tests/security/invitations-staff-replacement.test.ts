/**
 * Issue 7, finding 7: inviting an address revokes the pending invitation it replaces, so
 * replacing one needs the permission that revoking it needs. A therapist (who may invite and
 * revoke client invitations only) must not be able to withdraw an admin's staff invitation by
 * inviting the same address as a client; they are refused and the staff invitation stays.
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, invitations, jobs, outboxMessages, type Role } from '@/db/schema';
import { mayManageInvitation } from '@/lib/invitations/access';
import { createInvitation } from '@/lib/invitations/commands';
import { findOpenInvitation } from '@/lib/invitations/queries';
import type { Actor } from '@/lib/platform/actor';
import { open } from '@/lib/platform/crypto/secretbox';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { createPracticeWithPeople, type FactoryPerson, type PracticeWithPeople } from '../helpers/factories';

const BASE_URL = 'https://portal.example.org';

describe('who may replace a pending invitation', () => {
  it('is whoever may revoke it: admins any, therapists client invitations only, clients none', () => {
    expect((['client', 'therapist', 'admin'] as const).map((role) => mayManageInvitation('admin', role))).toEqual([true, true, true]);
    expect((['client', 'therapist', 'admin'] as const).map((role) => mayManageInvitation('therapist', role))).toEqual([true, false, false]);
    expect((['client', 'therapist', 'admin'] as const).map((role) => mayManageInvitation('client', role))).toEqual([false, false, false]);
  });
});

describe.each(testDatabases)('a therapist replacing an admin’s staff invitation, on $name', (database) => {
  let handle: DatabaseHandle;
  let practice: PracticeWithPeople;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    practice = await createPracticeWithPeople(handle.db);
  });
  afterAll(() => handle?.close());
  beforeEach(() => vi.stubEnv('APP_URL', BASE_URL));

  const actor = (person: FactoryPerson): Actor => ({ id: person.id, practiceId: person.practiceId, role: person.role, timeZone: practice.practice.timeZone });
  const invite = (inviter: FactoryPerson, email: string, role: Role) => createInvitation(handle.db, actor(inviter), { email, role }, testContext());

  /** The token from the newest invitation mail to this address, read from its queued delivery. */
  async function tokenMailedTo(email: string) {
    const [message] = await handle.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email)).orderBy(desc(outboxMessages.createdAt)).limit(1);
    const [delivery] = await handle.db.select().from(jobs).where(eq(jobs.key, `mail:${message.id}`));
    return new RegExp(`${BASE_URL}/invite/([A-Za-z0-9_-]+)`).exec(open(String(delivery.payload.sealedBody)))![1];
  }
  const revocationsOf = (invitationId: string) =>
    handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'invitation.revoked'), eq(auditEvents.subjectId, invitationId)));

  it.each(['therapist', 'admin'] as const)('refuses a therapist’s invitation to an address with a pending %s invitation, and keeps that one', async (role) => {
    const email = `new.${role}@example.test`;
    const staff = await invite(practice.admin, email, role);
    if (staff.status !== 'sent') throw new Error('not sent');
    const staffToken = await tokenMailedTo(email);
    const invitationsBefore = await handle.db.select().from(invitations);
    const mailBefore = await handle.db.select().from(outboxMessages);

    expect(await invite(practice.therapist, email, 'client')).toEqual({ status: 'pending-not-replaceable' });

    expect(await findOpenInvitation(handle.db, staffToken)).toMatchObject({ id: staff.invitationId, role });
    expect(await handle.db.select().from(invitations)).toEqual(invitationsBefore);
    expect(await handle.db.select().from(outboxMessages)).toHaveLength(mailBefore.length);
    expect(await revocationsOf(staff.invitationId)).toEqual([]);
  });

  it('still lets a therapist replace a pending client invitation, as they may revoke it', async () => {
    const first = await invite(practice.admin, 'returning.client@example.test', 'client');
    if (first.status !== 'sent') throw new Error('not sent');
    const firstToken = await tokenMailedTo('returning.client@example.test');
    await new Promise((resolve) => setTimeout(resolve, 5));

    expect(await invite(practice.therapist, 'returning.client@example.test', 'client')).toMatchObject({ status: 'sent' });
    expect(await findOpenInvitation(handle.db, firstToken)).toBeNull();
    expect(await findOpenInvitation(handle.db, await tokenMailedTo('returning.client@example.test'))).toMatchObject({ role: 'client' });
    expect(await revocationsOf(first.invitationId)).toEqual([
      expect.objectContaining({ actorId: practice.therapist.id, metadata: { role: 'client', reason: 'superseded' } }),
    ]);
  });
});
