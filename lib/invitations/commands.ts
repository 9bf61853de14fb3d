import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { invitations, users, type Role } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import { env } from '@/lib/platform/config';
import { randomToken, sha256Hex } from '@/lib/platform/crypto/tokens';
import type { RequestContext } from '@/lib/platform/http';
import { sendMail } from '@/lib/platform/mail/mailer';
import { invitationMail, type MailContent } from '@/lib/platform/mail/templates';
import { routes } from '@/lib/routes';
import { hashPassword } from '../auth/commands/password';
import { passwordProblem } from '../auth/schemas';
import { createSession } from '../auth/commands/sessions';
import { startCare } from '../care/commands';
import { getPracticeName } from '../practice/queries';
import { findAccountByEmail, isActiveTherapist } from '../users/queries';
import { mayLearnAccountExists, mayManageInvitation, therapistForInvitation } from './access';
import { CLIENTS_ONLY_LOCATION_MESSAGE, INVITATION_VALID_DAYS } from './model';
import { findOpenInvitation, isPending } from './queries';

const INVITATION_TTL_MS = INVITATION_VALID_DAYS * 24 * 60 * 60 * 1000;

export type CreateInvitationResult =
  | { status: 'sent'; invitationId: string }
  | { status: 'forbidden' | 'email-taken' | 'therapist-not-found' | 'therapist-not-allowed' | 'pending-not-replaceable' };

/**
 * Invites someone to the actor's practice and e-mails them a single-use link (only the token's
 * hash is stored). Staff roles need 'staff:invite'; who an invited client's therapist is follows
 * `therapistForInvitation`. An earlier pending invitation to the same email in this practice
 * stops working, if the actor may revoke it; otherwise nothing changes and the old one stays.
 *
 * An address that already has an account is refused only where `mayLearnAccountExists` allows
 * the inviter to know it. Elsewhere the invitation is stored, audited, listed and mailed exactly
 * as for a new address, so nothing the inviter or their practice can see (the answer, the pending
 * list, the outbox row's recipient, kind, subject and state, the audit trail) tells the two
 * apart. Only the mail's body differs: the account holder, who owns the address and knows they
 * have an account, is told this invitation cannot be used with it, and gets no link. Nothing is
 * recorded in the account's own practice, which would tell it who invited one of its people.
 * Acceptance refuses such an invitation in any case (`findOpenInvitation`, `acceptInvitation`).
 */
export async function createInvitation(
  db: Db,
  actor: Actor,
  input: { email: string; role: Role; therapistId?: string },
  request: RequestContext,
  now = new Date(),
): Promise<CreateInvitationResult> {
  if (!mayManageInvitation(actor.role, input.role)) return { status: 'forbidden' };
  const assignment = therapistForInvitation(actor, input);
  if (!assignment.allowed) return { status: 'therapist-not-allowed' };
  const { therapistId } = assignment;

  const token = randomToken();
  return db.transaction(async (tx) => {
    // Two invitations to one address at once would both stay pending; one at a time instead.
    await lockInvitationEmail(tx, input.email);
    const account = await findAccountByEmail(tx, input.email);
    if (account && mayLearnAccountExists(actor, account)) return { status: 'email-taken' as const };
    if (therapistId && !(await isActiveTherapist(tx, actor.practiceId, therapistId))) {
      return { status: 'therapist-not-found' as const };
    }

    const pending = await tx
      .select({ id: invitations.id, role: invitations.role })
      .from(invitations)
      .where(and(eq(invitations.practiceId, actor.practiceId), eq(invitations.email, input.email), isPending(now)))
      .for('update');
    if (pending.some((old) => !mayManageInvitation(actor.role, old.role))) return { status: 'pending-not-replaceable' as const };
    for (const old of pending) {
      await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, old.id));
      await audit(tx, actor, request, 'invitation.revoked', {
        subjectType: 'invitation',
        subjectId: old.id,
        metadata: { role: old.role, reason: 'superseded' },
      });
    }

    const [invitation] = await tx
      .insert(invitations)
      .values({
        practiceId: actor.practiceId,
        email: input.email,
        role: input.role,
        invitedById: actor.id,
        therapistId,
        tokenHash: sha256Hex(token),
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        createdAt: now,
      })
      .returning({ id: invitations.id });
    await audit(tx, actor, request, 'invitation.created', {
      subjectType: 'invitation',
      subjectId: invitation.id,
      metadata: { role: input.role, assignedTherapist: !!therapistId },
    });

    const practiceName = await getPracticeName(tx, actor.practiceId);
    // Built either way, so that a missing public address fails both answers alike.
    const link = `${env.publicOrigin}${routes.invitationLink(token)}`;
    const mail = account ? accountExistsMail(practiceName) : invitationMail({ practiceName, link, validDays: INVITATION_VALID_DAYS });
    await sendMail(tx, { practiceId: actor.practiceId, to: input.email, ...mail });
    return { status: 'sent' as const, invitationId: invitation.id };
  });
}

/**
 * What the holder of an existing account gets instead of a link. Its kind and subject are the
 * invitation's own, so the inviting practice's outbox shows the same row as for any invitation.
 */
function accountExistsMail(practiceName: string): MailContent {
  const { kind, subject } = invitationMail({ practiceName, link: '', validDays: INVITATION_VALID_DAYS });
  return {
    kind,
    subject,
    text: [
      'Hello,',
      '',
      `You have been invited to join ${practiceName} on Hearth.`,
      '',
      'There is already a Hearth account for this email address, and an address can belong to one account only, so this invitation cannot be accepted with it. Your account has not changed.',
      '',
      `If you would like to join ${practiceName}, ask them to invite you at another email address.`,
      'If you were not expecting this invitation, you can ignore this email.',
    ].join('\n'),
  };
}

function lockInvitationEmail(tx: Tx, email: string) {
  return tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'invite:' + email}, 0))`);
}

export type RevokeInvitationResult = { status: 'revoked' } | { status: 'not-found' };

/**
 * Withdraws a pending invitation of the actor's practice that the actor may manage; 'not-found'
 * when there is none (accepted, revoked, expired, another practice's, or one they may not touch).
 */
export function revokeInvitation(db: Db, actor: Actor, input: { invitationId: string }, request: RequestContext, now = new Date()): Promise<RevokeInvitationResult> {
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select({ role: invitations.role })
      .from(invitations)
      .where(and(eq(invitations.id, input.invitationId), eq(invitations.practiceId, actor.practiceId), isPending(now)))
      .for('update');
    if (!invitation || !mayManageInvitation(actor.role, invitation.role)) return { status: 'not-found' };
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, input.invitationId));
    await audit(tx, actor, request, 'invitation.revoked', {
      subjectType: 'invitation',
      subjectId: input.invitationId,
      metadata: { role: invitation.role, reason: 'revoked' },
    });
    return { status: 'revoked' };
  });
}

export type AcceptInvitationResult =
  | { status: 'accepted'; user: { id: string; role: Role }; ticket: string }
  | { status: 'invalid' }
  | { status: 'weak-password'; problem: string }
  | { status: 'invalid-location'; errors: Partial<Record<'country' | 'region', string[]>> };

/**
 * Turns an invitation into an account and a signed-in session, all in one transaction: the
 * account, the accepted mark, the care relationship for an invitation that names a therapist
 * (started through care's own command, as the new client), the audit rows and the session commit
 * together or not at all. The conditional update on the invitation makes a link usable once, even
 * when two acceptances race. A client may say where they are (`acceptInvitationSchema` checks the
 * place); staff may not.
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; name: string; password: string; country?: string | null; region?: string | null },
  request: RequestContext,
  now = new Date(),
): Promise<AcceptInvitationResult> {
  const open = await findOpenInvitation(db, input.token, now);
  if (!open) return { status: 'invalid' };
  const location = { country: input.country ?? null, region: input.region ?? null };
  if (open.role !== 'client' && (location.country || location.region)) {
    return { status: 'invalid-location', errors: { country: [CLIENTS_ONLY_LOCATION_MESSAGE] } };
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
      if (await findAccountByEmail(tx, invitation.email)) throw new InvitationNoLongerValid();

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
      const newcomer: Actor = { id: user.id, practiceId: invitation.practiceId, role: user.role, timeZone: open.timeZone };

      // The therapist may have left since the invitation was sent: care then refuses, the account
      // is still created, and an admin assigns a therapist later.
      const care = invitation.therapistId
        ? await startCare(tx, newcomer, { clientId: user.id, therapistId: invitation.therapistId }, request, now)
        : null;

      await audit(tx, newcomer, request, 'invitation.accepted', {
        subjectType: 'invitation',
        subjectId: invitation.id,
        metadata: { role: invitation.role, careRelationship: care?.status === 'assigned' },
      });
      const aboutNewcomer = { subjectType: 'user', subjectId: user.id } as const;
      if (location.country) await audit(tx, newcomer, request, 'user.location_changed', { ...aboutNewcomer, metadata: location });
      const { ticket } = await createSession(tx, user.id, request, now);
      await audit(tx, newcomer, request, 'auth.signin', { ...aboutNewcomer, metadata: { method: 'invitation' } });
      return { status: 'accepted' as const, user, ticket };
    })
    .catch((error: unknown) => {
      if (error instanceof InvitationNoLongerValid) return { status: 'invalid' as const };
      throw error;
    });
}

// Thrown inside the acceptance transaction to roll back the accepted mark.
class InvitationNoLongerValid extends Error {}
