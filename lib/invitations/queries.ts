import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { invitations, practices, users } from '@/db/schema';
import { sha256Hex } from '@/lib/platform/crypto/tokens';

/** A not yet accepted, revoked or expired invitation. */
export const isPending = (now: Date) => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

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

/** A practice's invitations that can still be accepted, the soonest to expire first. */
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

/**
 * The invitation behind a token, or null for a link that no longer works. Unknown, used, revoked
 * and expired tokens all look the same, and so does an invitation whose email has an account
 * (one created since, or one that already existed when the invitation was sent).
 */
export async function findOpenInvitation(db: DbOrTx, token: string, now = new Date()) {
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      practiceName: practices.name,
      timeZone: practices.timeZone,
      existingUserId: users.id,
    })
    .from(invitations)
    .innerJoin(practices, eq(practices.id, invitations.practiceId))
    .leftJoin(users, eq(users.email, invitations.email))
    .where(and(eq(invitations.tokenHash, sha256Hex(token)), isPending(now)))
    .limit(1);
  if (!row || row.existingUserId) return null;
  return { id: row.id, email: row.email, role: row.role, practiceName: row.practiceName, timeZone: row.timeZone };
}
