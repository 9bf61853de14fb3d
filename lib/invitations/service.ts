import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { careRelationships, invitations, practices, users, type Role } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { hashPassword, passwordProblem } from '../auth/password';
import { can, type Action } from '../auth/permissions';
import { createSession } from '../auth/sessions';
import { randomToken, sha256Hex } from '@/lib/platform/crypto/tokens';
import type { RequestContext } from '@/lib/platform/http';
import { locationErrors } from '../jurisdictions/regions';
import { env } from '@/lib/platform/config';
import { sendMail } from '@/lib/platform/mail/mailer';
import { routes } from '@/lib/routes';
import { invitationMail } from '@/lib/platform/mail/templates';
import { todayInTimeZone } from '@/lib/platform/clock';

export const INVITATION_VALID_DAYS = 7;
const INVITATION_TTL_MS = INVITATION_VALID_DAYS * 24 * 60 * 60 * 1000;

/** The signed-in person sending or managing invitations, as the session knows them. */
export interface Inviter {
  id: string;
  practiceId: string;
  role: Role;
}

// Inviting a client is part of care; inviting staff is administration.
const PERMISSION_TO_INVITE: Record<Role, Action> = {
  client: 'clients:invite',
  therapist: 'staff:invite',
  admin: 'staff:invite',
};

export const INVALID_INVITATION_MESSAGE = 'This invitation link is no longer valid. Ask your practice to send a new one.';

/** A not yet accepted, revoked or expired invitation. */
const isPending = (now: Date) => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

/** Active therapists of the practice, for the "Therapist" choice on client invitations. */
export function listActiveTherapists(db: DbOrTx, practiceId: string) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.practiceId, practiceId), eq(users.role, 'therapist'), eq(users.status, 'active')))
    .orderBy(asc(users.name));
}

const therapist = alias(users, 'therapist');
const inviterUser = alias(users, 'inviter');

export function listPendingInvitations(db: DbOrTx, practiceId: string, now = new Date()) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      therapistName: therapist.name,
      invitedByName: inviterUser.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(inviterUser, eq(inviterUser.id, invitations.invitedById))
    .leftJoin(therapist, eq(therapist.id, invitations.therapistId))
    .where(and(eq(invitations.practiceId, practiceId), isPending(now)))
    .orderBy(asc(invitations.expiresAt));
}

export type CreateInvitationResult =
  | { status: 'sent'; invitationId: string }
  | { status: 'forbidden' | 'email-taken' | 'therapist-not-found' | 'therapist-not-allowed' };

/**
 * Invites someone to the inviter's practice and e-mails them a single-use link (only the token's
 * hash is stored). Staff roles need 'staff:invite'. A client invited by someone who manages care
 * (an admin) may be assigned any active therapist of the practice; a client invited by a
 * therapist is always assigned to that therapist. An earlier pending invitation to the same
 * email in this practice stops working.
 */
export async function createInvitation(
  db: Db,
  inviter: Inviter,
  input: { email: string; role: Role; therapistId?: string },
  context: RequestContext,
  now = new Date(),
): Promise<CreateInvitationResult> {
  if (!can(inviter.role, PERMISSION_TO_INVITE[input.role])) return { status: 'forbidden' };
  if (input.therapistId && input.role !== 'client') return { status: 'therapist-not-allowed' };

  let therapistId: string | null = null;
  if (input.role === 'client') {
    if (can(inviter.role, 'care:manage')) therapistId = input.therapistId ?? null;
    else if (can(inviter.role, 'clients:view-assigned')) therapistId = inviter.id;
    if (input.therapistId && input.therapistId !== therapistId) return { status: 'therapist-not-allowed' };
  }

  const token = randomToken();
  return db.transaction(async (tx) => {
    // Two invitations to one address at once would both stay pending; one at a time instead.
    await lockInvitationEmail(tx, input.email);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (existing) return { status: 'email-taken' as const };
    if (therapistId && !(await isActiveTherapist(tx, inviter.practiceId, therapistId))) {
      return { status: 'therapist-not-found' as const };
    }

    const superseded = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.practiceId, inviter.practiceId), eq(invitations.email, input.email), isPending(now)))
      .returning({ id: invitations.id, role: invitations.role });
    for (const old of superseded) {
      await recordAudit(tx, {
        practiceId: inviter.practiceId,
        actorId: inviter.id,
        action: 'invitation.revoked',
        subjectType: 'invitation',
        subjectId: old.id,
        metadata: { role: old.role, reason: 'superseded' },
        context,
      });
    }

    const [invitation] = await tx
      .insert(invitations)
      .values({
        practiceId: inviter.practiceId,
        email: input.email,
        role: input.role,
        invitedById: inviter.id,
        therapistId,
        tokenHash: sha256Hex(token),
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        createdAt: now,
      })
      .returning({ id: invitations.id });
    await recordAudit(tx, {
      practiceId: inviter.practiceId,
      actorId: inviter.id,
      action: 'invitation.created',
      subjectType: 'invitation',
      subjectId: invitation.id,
      metadata: { role: input.role, assignedTherapist: !!therapistId },
      context,
    });

    const [practice] = await tx.select({ name: practices.name }).from(practices).where(eq(practices.id, inviter.practiceId));
    await sendMail(tx, {
      practiceId: inviter.practiceId,
      to: input.email,
      ...invitationMail({ practiceName: practice.name, link: `${env.publicOrigin}${routes.invitationLink(token)}`, validDays: INVITATION_VALID_DAYS }),
    });
    return { status: 'sent' as const, invitationId: invitation.id };
  });
}

function lockInvitationEmail(tx: Tx, email: string) {
  return tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'invite:' + email}, 0))`);
}

async function isActiveTherapist(tx: Tx, practiceId: string, userId: string) {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.practiceId, practiceId), eq(users.role, 'therapist'), eq(users.status, 'active')))
    .limit(1);
  return !!row;
}

/** Withdraws a pending invitation of the inviter's practice; false when there is none to withdraw. */
export async function revokeInvitation(db: Db, inviter: Inviter, invitationId: string, context: RequestContext, now = new Date()) {
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select({ role: invitations.role })
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.practiceId, inviter.practiceId), isPending(now)))
      .for('update');
    if (!invitation || !can(inviter.role, PERMISSION_TO_INVITE[invitation.role])) return false;
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, invitationId));
    await recordAudit(tx, {
      practiceId: inviter.practiceId,
      actorId: inviter.id,
      action: 'invitation.revoked',
      subjectType: 'invitation',
      subjectId: invitationId,
      metadata: { role: invitation.role, reason: 'revoked' },
      context,
    });
    return true;
  });
}

/**
 * What the acceptance page shows for a token, or null for a link that no longer works. Unknown,
 * used, revoked and expired tokens all look the same, and so does an invitation whose email has
 * meanwhile got an account (through another practice's invitation, say).
 */
export async function findOpenInvitation(db: DbOrTx, token: string, now = new Date()) {
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      practiceName: practices.name,
      existingUserId: users.id,
    })
    .from(invitations)
    .innerJoin(practices, eq(practices.id, invitations.practiceId))
    .leftJoin(users, eq(users.email, invitations.email))
    .where(and(eq(invitations.tokenHash, sha256Hex(token)), isPending(now)))
    .limit(1);
  if (!row || row.existingUserId) return null;
  return { id: row.id, email: row.email, role: row.role, practiceName: row.practiceName };
}

export type AcceptInvitationResult =
  | { status: 'accepted'; user: { id: string; role: Role }; ticket: string }
  | { status: 'invalid' }
  | { status: 'weak-password'; problem: string }
  | { status: 'invalid-location'; errors: Partial<Record<'country' | 'region', string[]>> };

export const CLIENTS_ONLY_LOCATION_MESSAGE = 'Only clients give their location here.';

/**
 * Turns an invitation into an account and a signed-in session, all in one transaction: the
 * account, the accepted mark, the care relationship for an invitation that names a therapist,
 * the audit rows and the session commit together or not at all. The conditional update on the
 * invitation makes a link usable once, even when two acceptances race. A client may give where
 * they are (optional, checked against the recording-law reference data); staff may not.
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; name: string; password: string; country?: string | null; region?: string | null },
  context: RequestContext,
  now = new Date(),
): Promise<AcceptInvitationResult> {
  const open = await findOpenInvitation(db, input.token, now);
  if (!open) return { status: 'invalid' };
  const location = { country: input.country ?? null, region: input.region ?? null };
  if (open.role !== 'client' && (location.country || location.region)) {
    return { status: 'invalid-location', errors: { country: [CLIENTS_ONLY_LOCATION_MESSAGE] } };
  }
  const wrongLocation = Object.entries(locationErrors(location));
  if (wrongLocation.length > 0) {
    return { status: 'invalid-location', errors: Object.fromEntries(wrongLocation.map(([field, message]) => [field, [message]])) };
  }
  const problem = passwordProblem(input.password, { email: open.email });
  if (problem) return { status: 'weak-password', problem };
  const passwordHash = await hashPassword(input.password);

  return db
    .transaction(async (tx) => {
      // Taken before any row lock, in the same order as createInvitation, so the two cannot deadlock.
      // It also lets the first of two practices' invitations to one address win cleanly.
      await lockInvitationEmail(tx, open.email);
      const [invitation] = await tx
        .update(invitations)
        .set({ acceptedAt: now })
        .where(and(eq(invitations.tokenHash, sha256Hex(input.token)), isPending(now)))
        .returning();
      if (!invitation) return { status: 'invalid' as const };
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).limit(1);
      if (taken) throw new InvitationNoLongerValid();

      const [user] = await tx
        .insert(users)
        .values({
          practiceId: invitation.practiceId,
          email: invitation.email,
          name: input.name,
          role: invitation.role,
          passwordHash,
          passwordChangedAt: now,
          ...location,
          createdAt: now,
        })
        .returning({ id: users.id, role: users.role });
      await tx.update(invitations).set({ acceptedUserId: user.id }).where(eq(invitations.id, invitation.id));

      // The therapist may have left since the invitation was sent: the account is still created,
      // and an admin assigns a therapist later.
      const withTherapist =
        !!invitation.therapistId && (await isActiveTherapist(tx, invitation.practiceId, invitation.therapistId));
      if (withTherapist) {
        const [practice] = await tx.select({ timeZone: practices.timeZone }).from(practices).where(eq(practices.id, invitation.practiceId));
        await tx.insert(careRelationships).values({
          practiceId: invitation.practiceId,
          clientId: user.id,
          therapistId: invitation.therapistId!,
          startedOn: todayInTimeZone(practice.timeZone, now),
        });
      }

      const audit = { practiceId: invitation.practiceId, actorId: user.id, subjectType: 'user' as const, subjectId: user.id, context };
      await recordAudit(tx, {
        ...audit,
        action: 'invitation.accepted',
        subjectType: 'invitation',
        subjectId: invitation.id,
        metadata: { role: invitation.role, careRelationship: withTherapist },
      });
      if (location.country) {
        await recordAudit(tx, { ...audit, action: 'user.location_changed', metadata: location });
      }
      const { ticket } = await createSession(tx, user.id, context, now);
      await recordAudit(tx, { ...audit, action: 'auth.signin', metadata: { method: 'invitation' } });
      return { status: 'accepted' as const, user, ticket };
    })
    .catch((error: unknown) => {
      if (error instanceof InvitationNoLongerValid) return { status: 'invalid' as const };
      throw error;
    });
}

// Thrown inside the acceptance transaction to roll back the accepted mark.
class InvitationNoLongerValid extends Error {}
