/**
 * Issue 7, finding 6: an invitation must not tell the inviter that an address has an account in
 * another practice ("There is already an account for this email address" says that someone is a
 * patient elsewhere). Each test is an attempt to learn it, through everything the inviting
 * practice can see: the answer, the pending list, the outbox and its own audit trail.
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, invitations, jobs, outboxMessages, users } from '@/db/schema';
import { acceptInvitation, createInvitation } from '@/lib/invitations/commands';
import { listPendingInvitations } from '@/lib/invitations/queries';
import type { Actor } from '@/lib/platform/actor';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { sha256Hex } from '@/lib/platform/crypto/tokens';
import { open } from '@/lib/platform/crypto/secretbox';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { createPracticeWithPeople, type FactoryPerson, type PracticeWithPeople } from '../helpers/factories';

const BASE_URL = 'https://portal.example.org';

describe.each(testDatabases)('invitations reveal no account of another practice, on $name', (database) => {
  let handle: DatabaseHandle;
  // A: where the patients have their accounts. B: the practice whose people try to find out.
  let a: PracticeWithPeople;
  let b: PracticeWithPeople;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    a = await createPracticeWithPeople(handle.db);
    b = await createPracticeWithPeople(handle.db, { practice: { timeZone: 'Europe/Dublin' } });
  });
  afterAll(() => handle?.close());
  beforeEach(() => vi.stubEnv('APP_URL', BASE_URL));

  const actor = (person: FactoryPerson): Actor => ({
    id: person.id,
    practiceId: person.practiceId,
    role: person.role,
    timeZone: [a, b].find((p) => p.practice.id === person.practiceId)!.practice.timeZone,
  });
  const invite = (inviter: FactoryPerson, email: string) => createInvitation(handle.db, actor(inviter), { email, role: 'client' }, testContext());

  /** The newest outbox row to an address, and the text its delivery job will send. */
  async function newestMailTo(email: string) {
    const [message] = await handle.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email)).orderBy(desc(outboxMessages.createdAt)).limit(1);
    const [delivery] = await handle.db.select().from(jobs).where(eq(jobs.key, `mail:${message.id}`));
    return { message, text: open(String(delivery.payload.sealedBody)) };
  }

  /** What an inviting practice's admin can see of one invitation: the outbox row and the audit row, without ids and times. */
  async function whatThePracticeSees(invitationId: string, email: string) {
    const { message } = await newestMailTo(email);
    const [created] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'invitation.created'), eq(auditEvents.subjectId, invitationId)));
    return {
      outbox: { practiceId: message.practiceId, kind: message.kind, subject: message.subject, state: message.state, attempts: message.attempts },
      audit: { practiceId: created.practiceId, actorId: created.actorId, outcome: created.outcome, metadata: created.metadata },
    };
  }

  it('answers a therapist of another practice exactly as for a new address', async () => {
    const patientElsewhere = await invite(b.therapist, a.client.email);
    const newAddress = await invite(b.therapist, 'first.visit@example.test');
    expect(newAddress).toEqual({ status: 'sent', invitationId: expect.any(String) });
    expect(patientElsewhere).toEqual({ status: 'sent', invitationId: expect.any(String) });
  });

  it('shows another practice’s admin the same pending invitation, outbox row and audit row as for a new address', async () => {
    const patientElsewhere = await invite(b.admin, a.otherClient.email);
    const newAddress = await invite(b.admin, 'second.visit@example.test');
    if (patientElsewhere.status !== 'sent' || newAddress.status !== 'sent') throw new Error('not sent');

    const pending = await listPendingInvitations(handle.db, b.practice.id);
    const listed = (email: string) => pending.filter((row) => row.email === email).map(({ role, therapistName, invitedByName }) => ({ role, therapistName, invitedByName }));
    expect(listed(a.otherClient.email)).toEqual(listed('second.visit@example.test'));
    expect(listed(a.otherClient.email)).toHaveLength(1);

    expect(await whatThePracticeSees(patientElsewhere.invitationId, a.otherClient.email)).toEqual(
      await whatThePracticeSees(newAddress.invitationId, 'second.visit@example.test'),
    );
  });

  it('mails the account holder no link, and records nothing in the account’s own practice', async () => {
    const chainOfA = () => handle.db.select().from(auditEvents).where(eq(auditEvents.practiceId, a.practice.id));
    const before = (await chainOfA()).length;

    expect(await invite(b.therapist, a.client.email)).toMatchObject({ status: 'sent' });
    const { message, text } = await newestMailTo(a.client.email);
    expect(message.practiceId).toBe(b.practice.id);
    expect(text).not.toContain('/invite/');
    expect(text).not.toContain(BASE_URL);
    expect(text).toContain('There is already a Hearth account for this email address');
    expect(await chainOfA()).toHaveLength(before);
    const [account] = await handle.db.select().from(users).where(eq(users.email, a.client.email));
    expect(account).toMatchObject({ practiceId: a.practice.id, role: 'client', status: 'active' });
  });

  it('refuses acceptance of such an invitation even by someone holding its token', async () => {
    const sent = await invite(b.admin, a.client.email);
    if (sent.status !== 'sent') throw new Error('not sent');
    // The token was never mailed; pretend it leaked by giving the stored invitation a known one.
    await handle.db.update(invitations).set({ tokenHash: sha256Hex('leaked-token') }).where(eq(invitations.id, sent.invitationId));
    const accounts = await handle.db.select().from(users);

    expect(await acceptInvitation(handle.db, { token: 'leaked-token', name: 'Someone', password: 'lantern orchard pebble' }, testContext())).toEqual({
      status: 'invalid',
    });
    expect(await handle.db.select().from(users)).toEqual(accounts);
    const [invitation] = await handle.db.select().from(invitations).where(eq(invitations.id, sent.invitationId));
    expect(invitation).toMatchObject({ acceptedAt: null, acceptedUserId: null });
  });

  it('does not tell a therapist that a client outside their care has an account in their own practice', async () => {
    expect(await invite(a.otherTherapist, a.client.email)).toEqual({ status: 'sent', invitationId: expect.any(String) });
    expect((await newestMailTo(a.client.email)).text).not.toContain('/invite/');
  });

  it('still tells an admin that someone of their own practice, whom they see on the People page, has an account', async () => {
    const mailTo = () => handle.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, a.otherClient.email));
    const mailedBefore = (await mailTo()).length;
    expect(await invite(a.admin, a.otherClient.email)).toEqual({ status: 'email-taken' });
    expect(await mailTo()).toHaveLength(mailedBefore);
  });

  it('keeps every audit chain intact', async () => {
    const reports = await verifyAllChains(handle.db);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.verdict.ok)).toBe(true);
  });
});
