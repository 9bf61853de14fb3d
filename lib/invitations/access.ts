import type { Role } from '@/db/schema';
import { can, type Action } from '../auth/permissions';

// Inviting a client is part of care; inviting staff is administration.
const PERMISSION_FOR_ROLE: Record<Role, Action> = {
  client: 'clients:invite',
  therapist: 'staff:invite',
  admin: 'staff:invite',
};

/**
 * Whether someone may invite a person with this role, and so also revoke or replace a pending
 * invitation for that role: replacing an invitation is revoking it, and needs the same permission.
 */
export function mayManageInvitation(inviterRole: Role, invitedRole: Role): boolean {
  return can(inviterRole, PERMISSION_FOR_ROLE[invitedRole]);
}

/**
 * The therapist an invited client will be in the care of, or null for none yet. Someone who
 * manages care (an admin) may choose any therapist, to be checked against the practice; a
 * therapist's clients are always their own. Only clients are assigned a therapist, and asking
 * for one that the inviter may not choose is refused.
 */
export function therapistForInvitation(
  inviter: { id: string; role: Role },
  input: { role: Role; therapistId?: string },
): { allowed: true; therapistId: string | null } | { allowed: false } {
  if (input.role !== 'client') return input.therapistId ? { allowed: false } : { allowed: true, therapistId: null };
  let therapistId: string | null = null;
  if (can(inviter.role, 'care:manage')) therapistId = input.therapistId ?? null;
  else if (can(inviter.role, 'clients:view-assigned')) therapistId = inviter.id;
  if (input.therapistId && input.therapistId !== therapistId) return { allowed: false };
  return { allowed: true, therapistId };
}

/**
 * Whether an inviter may be told that an address already has an account. Only someone who sees
 * everyone in their practice anyway ('users:manage', the People page), and only for an account
 * of that same practice. Anyone else (a therapist, or anyone asking about an address that belongs
 * to another practice) must get the answer a new address gets: in a therapy portal, "this
 * address has an account" says that someone is, or works with, a patient somewhere.
 */
export function mayLearnAccountExists(inviter: { role: Role; practiceId: string }, account: { practiceId: string }): boolean {
  return can(inviter.role, 'users:manage') && account.practiceId === inviter.practiceId;
}
