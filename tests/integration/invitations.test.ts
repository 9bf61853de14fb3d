import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, careRelationships, invitations, jobs, outboxMessages, practices, users, type Role } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { verifyPassword } from '@/lib/auth/commands/password';
import { consumeHandoff, validateSession } from '@/lib/auth/commands/sessions';
import { acceptInvitation, createInvitation, revokeInvitation } from '@/lib/invitations/commands';
import { findOpenInvitation, listPendingInvitations } from '@/lib/invitations/queries';
import type { Actor } from '@/lib/platform/actor';
import { todayInTimeZone } from '@/lib/platform/clock';
import { open } from '@/lib/platform/crypto/secretbox';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

const BASE_URL = 'https://portal.example.org';
const PASSWORD = 'lantern orchard pebble';
const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(testDatabases)('invitations on $name', (database) => {
  let handle: DatabaseHandle;
  const people = new Map<string, Actor>();
  const person = (email: string) => people.get(email)!;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
    const rows = await handle.db
      .select({ email: users.email, id: users.id, practiceId: users.practiceId, role: users.role, timeZone: practices.timeZone })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId));
    for (const { email, ...actor } of rows) people.set(email, actor);
  });
  afterAll(() => handle?.close());
  // Links in mail start with the configured public address.
  beforeEach(() => vi.stubEnv('APP_URL', BASE_URL));

  /** The token from the newest invitation mail to this address, read from its queued delivery as the mail job would. */
  async function tokenMailedTo(email: string) {
    const [mail] = await handle.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, email))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(1);
    const delivery = mail && (await handle.db.select().from(jobs).where(eq(jobs.key, `mail:${mail.id}`)))[0];
    const match = new RegExp(`${BASE_URL}/invite/([A-Za-z0-9_-]+)`).exec(delivery ? open(String(delivery.payload.sealedBody)) : '');
    expect(match, `an invitation link mailed to ${email}`).not.toBeNull();
    return match![1];
  }

  async function invite(inviterEmail: string, input: { email: string; role: Role; therapistId?: string }, now?: Date) {
    return createInvitation(handle.db, person(inviterEmail), input, testContext(), now);
  }

  const auditsFor = (action: string, subjectId: string) =>
    handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));

  it('lets an admin invite a therapist who then accepts, signs in and lands in the practice', async () => {
    const admin = person('admin@demo.test');
    const result = await invite('admin@demo.test', { email: 'new.therapist@example.test', role: 'therapist' });
    expect(result).toMatchObject({ status: 'sent' });
    if (result.status !== 'sent') return;

    const [stored] = await handle.db.select().from(invitations).where(eq(invitations.id, result.invitationId));
    const token = await tokenMailedTo('new.therapist@example.test');
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(7 * DAY_MS);
    const [created] = await auditsFor('invitation.created', result.invitationId);
    expect(created).toMatchObject({ actorId: admin.id, practiceId: admin.practiceId, metadata: { role: 'therapist', assignedTherapist: false } });

    expect(await findOpenInvitation(handle.db, token)).toMatchObject({ email: 'new.therapist@example.test', practiceName: 'Willow Grove Counselling' });
    const accepted = await acceptInvitation(handle.db, { token, name: 'Dr. New Person', password: PASSWORD }, testContext());
    expect(accepted.status).toBe('accepted');
    if (accepted.status !== 'accepted') return;

    const [user] = await handle.db.select().from(users).where(eq(users.id, accepted.user.id));
    expect(user).toMatchObject({ email: 'new.therapist@example.test', name: 'Dr. New Person', role: 'therapist', practiceId: admin.practiceId, status: 'active' });
    expect(await verifyPassword(user.passwordHash!, PASSWORD)).toBe(true);
    const sessionId = await consumeHandoff(handle.db, accepted.ticket);
    expect(await validateSession(handle.db, sessionId!)).toMatchObject({ id: user.id, role: 'therapist' });

    const [after] = await handle.db.select().from(invitations).where(eq(invitations.id, result.invitationId));
    expect(after.acceptedUserId).toBe(user.id);
    expect(after.acceptedAt).not.toBeNull();
    const [acceptedAudit] = await auditsFor('invitation.accepted', result.invitationId);
    expect(acceptedAudit).toMatchObject({ actorId: user.id, practiceId: admin.practiceId, metadata: { role: 'therapist', careRelationship: false } });
    expect(await handle.db.select().from(careRelationships).where(eq(careRelationships.clientId, user.id))).toHaveLength(0);

    // The link works once.
    expect(await findOpenInvitation(handle.db, token)).toBeNull();
    expect(await acceptInvitation(handle.db, { token, name: 'Someone Else', password: PASSWORD }, testContext())).toEqual({ status: 'invalid' });
  });

  it('puts a client invited by a therapist into that therapist’s care from today', async () => {
    const therapist = person('therapist@demo.test');
    expect(await invite('therapist@demo.test', { email: 'new.client@example.test', role: 'client' })).toMatchObject({ status: 'sent' });
    const token = await tokenMailedTo('new.client@example.test');
    const accepted = await acceptInvitation(handle.db, { token, name: 'River Stone', password: PASSWORD }, testContext());
    expect(accepted).toMatchObject({ status: 'accepted', user: { role: 'client' } });
    if (accepted.status !== 'accepted') return;
    const care = await handle.db.select().from(careRelationships).where(eq(careRelationships.clientId, accepted.user.id));
    expect(care).toHaveLength(1);
    expect(care[0]).toMatchObject({
      therapistId: therapist.id,
      practiceId: therapist.practiceId,
      startedOn: todayInTimeZone('America/New_York'),
      endedOn: null,
    });
  });

  it('starts that care through care’s command, audited as care assigned by the new client', async () => {
    const therapist = person('therapist@demo.test');
    await invite('therapist@demo.test', { email: 'audited.client@example.test', role: 'client' });
    const accepted = await acceptInvitation(handle.db, { token: await tokenMailedTo('audited.client@example.test'), name: 'Ash Vale', password: PASSWORD }, testContext());
    if (accepted.status !== 'accepted') throw new Error(`not accepted: ${accepted.status}`);
    const [care] = await handle.db.select().from(careRelationships).where(eq(careRelationships.clientId, accepted.user.id));
    expect(care.therapistId).toBe(therapist.id);
    expect(await auditsFor('care.assigned', care.id)).toEqual([
      expect.objectContaining({ actorId: accepted.user.id, practiceId: therapist.practiceId, subjectType: 'care_relationship' }),
    ]);
  });

  it('still creates the account, without care, when the inviting therapist has left', async () => {
    const [leaving] = await handle.db
      .insert(users)
      .values({ practiceId: person('admin@demo.test').practiceId, email: 'leaving.therapist@demo.test', name: 'Leaving Therapist', role: 'therapist' })
      .returning({ id: users.id });
    await invite('admin@demo.test', { email: 'orphaned.client@example.test', role: 'client', therapistId: leaving.id });
    await handle.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, leaving.id));
    const accepted = await acceptInvitation(handle.db, { token: await tokenMailedTo('orphaned.client@example.test'), name: 'Rowan Lake', password: PASSWORD }, testContext());
    expect(accepted).toMatchObject({ status: 'accepted', user: { role: 'client' } });
    if (accepted.status !== 'accepted') return;
    expect(await handle.db.select().from(careRelationships).where(eq(careRelationships.clientId, accepted.user.id))).toEqual([]);
    const [acceptedAudit] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'invitation.accepted'), eq(auditEvents.actorId, accepted.user.id)));
    expect(acceptedAudit.metadata).toMatchObject({ careRelationship: false });
  });

  it('lets an admin assign an invited client to a therapist of the practice only', async () => {
    const therapist2 = person('therapist2@demo.test');
    const harborTherapist = person('therapist@harbor.test');
    const before = await handle.db.select().from(invitations);
    expect(await invite('admin@demo.test', { email: 'assigned@example.test', role: 'client', therapistId: harborTherapist.id })).toEqual({
      status: 'therapist-not-found',
    });
    expect(await invite('admin@demo.test', { email: 'assigned@example.test', role: 'client', therapistId: person('client@demo.test').id })).toEqual({
      status: 'therapist-not-found',
    });
    expect(await invite('admin@demo.test', { email: 'assigned@example.test', role: 'admin', therapistId: therapist2.id })).toEqual({
      status: 'therapist-not-allowed',
    });
    expect(await handle.db.select().from(invitations)).toHaveLength(before.length);

    expect(await invite('admin@demo.test', { email: 'assigned@example.test', role: 'client', therapistId: therapist2.id })).toMatchObject({ status: 'sent' });
    const accepted = await acceptInvitation(handle.db, { token: await tokenMailedTo('assigned@example.test'), name: 'Quinn Ash', password: PASSWORD }, testContext());
    if (accepted.status !== 'accepted') throw new Error(`not accepted: ${accepted.status}`);
    const care = await handle.db.select().from(careRelationships).where(eq(careRelationships.clientId, accepted.user.id));
    expect(care.map((row) => row.therapistId)).toEqual([therapist2.id]);
  });

  it('keeps therapists to inviting clients for themselves', async () => {
    const before = await handle.db.select().from(invitations);
    expect(await invite('therapist@demo.test', { email: 'staff@example.test', role: 'therapist' })).toEqual({ status: 'forbidden' });
    expect(await invite('therapist@demo.test', { email: 'staff@example.test', role: 'admin' })).toEqual({ status: 'forbidden' });
    expect(await invite('client@demo.test', { email: 'friend@example.test', role: 'client' })).toEqual({ status: 'forbidden' });
    expect(
      await invite('therapist@demo.test', { email: 'other.client@example.test', role: 'client', therapistId: person('therapist2@demo.test').id }),
    ).toEqual({ status: 'therapist-not-allowed' });
    expect(await handle.db.select().from(invitations)).toHaveLength(before.length);
  });

  // Another practice's account is answered like a new address: tests/security/invitations-account-disclosure.test.ts.
  it('refuses an email that already has an account in the admin’s own practice', async () => {
    expect(await invite('admin@demo.test', { email: 'client2@demo.test', role: 'client' })).toEqual({ status: 'email-taken' });
    expect(await handle.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'client2@demo.test'))).toHaveLength(0);
  });

  it('refuses an expired invitation', async () => {
    await invite('admin@demo.test', { email: 'late@example.test', role: 'client' }, new Date(Date.now() - 8 * DAY_MS));
    const token = await tokenMailedTo('late@example.test');
    expect(await findOpenInvitation(handle.db, token)).toBeNull();
    expect(await acceptInvitation(handle.db, { token, name: 'Late Comer', password: PASSWORD }, testContext())).toEqual({ status: 'invalid' });
    expect(await handle.db.select().from(users).where(eq(users.email, 'late@example.test'))).toHaveLength(0);
  });

  it('refuses a weak password and changes nothing', async () => {
    await invite('admin@demo.test', { email: 'weak@example.test', role: 'client' });
    const token = await tokenMailedTo('weak@example.test');
    const result = await acceptInvitation(handle.db, { token, name: 'Weak Password', password: 'password1234' }, testContext());
    expect(result.status).toBe('weak-password');
    expect(await handle.db.select().from(users).where(eq(users.email, 'weak@example.test'))).toHaveLength(0);
    expect(await findOpenInvitation(handle.db, token)).not.toBeNull();
  });

  it('replaces a pending invitation when the same email is invited again', async () => {
    await invite('admin@demo.test', { email: 'twice@example.test', role: 'client' });
    const first = await tokenMailedTo('twice@example.test');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await invite('admin@demo.test', { email: 'twice@example.test', role: 'therapist' });
    const latest = await tokenMailedTo('twice@example.test');
    expect(latest).not.toBe(first);
    expect(await findOpenInvitation(handle.db, first)).toBeNull();
    expect(await findOpenInvitation(handle.db, latest)).toMatchObject({ role: 'therapist' });
    const pending = await listPendingInvitations(handle.db, person('admin@demo.test').practiceId);
    expect(pending.filter((row) => row.email === 'twice@example.test').map((row) => row.role)).toEqual(['therapist']);
    const revoked = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'invitation.revoked'));
    expect(revoked.some((row) => row.metadata?.reason === 'superseded')).toBe(true);
    expect(second.status).toBe('sent');
  });

  it('lets only the practice’s own admin see and revoke its invitations', async () => {
    const result = await invite('admin@demo.test', { email: 'revocable@example.test', role: 'client' });
    if (result.status !== 'sent') throw new Error('not sent');
    const token = await tokenMailedTo('revocable@example.test');
    const harborAdmin = person('admin@harbor.test');

    const harborPending = await listPendingInvitations(handle.db, harborAdmin.practiceId);
    expect(harborPending.some((row) => row.email === 'revocable@example.test')).toBe(false);
    expect(await revokeInvitation(handle.db, harborAdmin, { invitationId: result.invitationId }, testContext())).toEqual({ status: 'not-found' });
    expect(await findOpenInvitation(handle.db, token)).not.toBeNull();

    expect(await revokeInvitation(handle.db, person('admin@demo.test'), { invitationId: result.invitationId }, testContext())).toEqual({ status: 'revoked' });
    expect(await findOpenInvitation(handle.db, token)).toBeNull();
    expect(await acceptInvitation(handle.db, { token, name: 'Too Late', password: PASSWORD }, testContext())).toEqual({ status: 'invalid' });
    const [audit] = await auditsFor('invitation.revoked', result.invitationId);
    expect(audit).toMatchObject({ actorId: person('admin@demo.test').id, metadata: { role: 'client', reason: 'revoked' } });
    expect(await revokeInvitation(handle.db, person('admin@demo.test'), { invitationId: result.invitationId }, testContext())).toEqual({ status: 'not-found' });
  });

  it('accepts a link only once when two acceptances race', async () => {
    await invite('admin@demo.test', { email: 'race@example.test', role: 'client' });
    const token = await tokenMailedTo('race@example.test');
    const results = await Promise.all([
      acceptInvitation(handle.db, { token, name: 'Racer One', password: PASSWORD }, testContext()),
      acceptInvitation(handle.db, { token, name: 'Racer Two', password: PASSWORD }, testContext()),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['accepted', 'invalid']);
    expect(await handle.db.select().from(users).where(eq(users.email, 'race@example.test'))).toHaveLength(1);
  });

  it('lets the first of two practices’ invitations to one address win', async () => {
    await invite('admin@demo.test', { email: 'wanted@example.test', role: 'client' });
    const demoToken = await tokenMailedTo('wanted@example.test');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await invite('admin@harbor.test', { email: 'wanted@example.test', role: 'client' });
    const harborToken = await tokenMailedTo('wanted@example.test');
    expect(harborToken).not.toBe(demoToken);
    const [harbor] = await handle.db.select().from(practices).where(eq(practices.slug, 'harbor'));
    expect(await acceptInvitation(handle.db, { token: harborToken, name: 'Wanted', password: PASSWORD }, testContext())).toMatchObject({ status: 'accepted' });
    expect(await acceptInvitation(handle.db, { token: demoToken, name: 'Wanted', password: PASSWORD }, testContext())).toEqual({ status: 'invalid' });
    const [user] = await handle.db.select().from(users).where(eq(users.email, 'wanted@example.test'));
    expect(user.practiceId).toBe(harbor.id);
  });

  it('keeps every audit chain intact', async () => {
    const reports = await verifyAllChains(handle.db);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.verdict.ok)).toBe(true);
  });
});
