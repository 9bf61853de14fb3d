'use server';

import { revalidatePath } from 'next/cache';
import { routes } from '@/lib/routes';
import { authedAction, publicAction, type ActionState } from '../actions/safe-action';
import { signIn } from '../auth/config';
import { HOME_BY_ROLE } from '../auth/permissions';
import { acceptInvitation, createInvitation, revokeInvitation, type CreateInvitationResult } from './commands';
import { INVALID_INVITATION_MESSAGE, INVITATION_VALID_DAYS } from './model';
import { acceptInvitationSchema, inviteSchema, revokeInvitationSchema } from './schemas';

const INVITE_REFUSALS: Record<Exclude<CreateInvitationResult['status'], 'sent'>, ActionState> = {
  'email-taken': { errors: { email: ['There is already an account for this email address.'] } },
  'pending-not-replaceable': { errors: { email: ['This email address already has a pending invitation that only an admin can replace.'] } },
  'therapist-not-found': { errors: { therapistId: ['Choose an active therapist of this practice.'] } },
  'therapist-not-allowed': { errors: { therapistId: ['Only a client can be assigned a therapist here.'] } },
  forbidden: { errors: { role: ['You cannot invite someone with this role.'] } },
};

export const inviteAction = authedAction('clients:invite', inviteSchema, async (input, { db, user, request }) => {
  const result = await createInvitation(db, user, input, request);
  if (result.status !== 'sent') return { message: 'Please check the highlighted fields.', ...INVITE_REFUSALS[result.status] };
  revalidatePath(routes.adminInvite);
  return { ok: true, message: `Invitation sent to ${input.email}. The link works for ${INVITATION_VALID_DAYS} days.` };
});

export const revokeInvitationAction = authedAction('staff:invite', revokeInvitationSchema, async (input, { db, user, request }) => {
  const result = await revokeInvitation(db, user, input, request);
  revalidatePath(routes.adminInvite);
  return result.status === 'revoked'
    ? { ok: true, message: 'The invitation was revoked. Its link no longer works.' }
    : { message: 'That invitation had already been accepted, revoked or had expired.' };
});

export const acceptInvitationAction = publicAction(acceptInvitationSchema, async (input, { db, request }) => {
  const result = await acceptInvitation(db, input, request);
  if (result.status === 'invalid') return { message: INVALID_INVITATION_MESSAGE };
  if (result.status === 'weak-password') return { errors: { password: [result.problem] } };
  if (result.status === 'invalid-location') return { errors: result.errors, message: 'Please check the highlighted fields.' };
  // Throws the redirect to the new account's home page.
  await signIn('credentials', { ticket: result.ticket, redirectTo: HOME_BY_ROLE[result.user.role] });
});
