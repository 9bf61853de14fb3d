'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedAction, publicAction, type ActionState } from '../actions/safe-action';
import { signIn } from '../auth/config';
import { emailSchema } from '../auth/email';
import { newPasswordSchema } from '../auth/password';
import { HOME_BY_ROLE, ROLES } from '../auth/permissions';
import { optionalLocationShape } from '../jurisdictions/regions';
import { acceptInvitation, createInvitation, INVALID_INVITATION_MESSAGE, INVITATION_VALID_DAYS, revokeInvitation } from './service';

const ADMIN_INVITE_PATH = '/admin/users/invite';

const inviteSchema = z.object({
  email: emailSchema,
  // The therapist's form has no role field: therapists invite clients.
  role: z.enum(ROLES, { error: 'Choose a role.' }).default('client'),
  therapistId: z
    .union([z.literal(''), z.uuid({ error: 'Choose a therapist from the list.' })])
    .optional()
    .transform((value) => value || undefined),
});

const INVITE_REFUSALS: Record<string, ActionState> = {
  'email-taken': { errors: { email: ['There is already an account for this email address.'] } },
  'therapist-not-found': { errors: { therapistId: ['Choose an active therapist of this practice.'] } },
  'therapist-not-allowed': { errors: { therapistId: ['Only a client can be assigned a therapist here.'] } },
  forbidden: { errors: { role: ['You cannot invite someone with this role.'] } },
};

export const inviteAction = authedAction('clients:invite', inviteSchema, async (input, { db, user, request }) => {
  const result = await createInvitation(db, user, input, request);
  if (result.status !== 'sent') return { message: 'Please check the highlighted fields.', ...INVITE_REFUSALS[result.status] };
  revalidatePath(ADMIN_INVITE_PATH);
  return { ok: true, message: `Invitation sent to ${input.email}. The link works for ${INVITATION_VALID_DAYS} days.` };
});

export const revokeInvitationAction = authedAction('staff:invite', z.object({ invitationId: z.uuid() }), async (input, { db, user, request }) => {
  const revoked = await revokeInvitation(db, user, input.invitationId, request);
  revalidatePath(ADMIN_INVITE_PATH);
  return revoked
    ? { ok: true, message: 'The invitation was revoked. Its link no longer works.' }
    : { message: 'That invitation had already been accepted, revoked or had expired.' };
});

const acceptSchema = z
  .object({
    token: z.string().min(1).max(200),
    name: z.string({ error: 'Enter your name.' }).trim().min(1, 'Enter your name.').max(200, 'Use at most 200 characters.'),
    password: newPasswordSchema,
    confirmPassword: z.string(),
    // Checked against the reference data by acceptInvitation, which knows whether the invitation is a client's.
    ...optionalLocationShape,
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords do not match.' });

export const acceptInvitationAction = publicAction(acceptSchema, async (input, { db, request }) => {
  const result = await acceptInvitation(db, input, request);
  if (result.status === 'invalid') return { message: INVALID_INVITATION_MESSAGE };
  if (result.status === 'weak-password') return { errors: { password: [result.problem] } };
  if (result.status === 'invalid-location') return { errors: result.errors, message: 'Please check the highlighted fields.' };
  // Throws the redirect to the new account's home page.
  await signIn('credentials', { ticket: result.ticket, redirectTo: HOME_BY_ROLE[result.user.role] });
});
