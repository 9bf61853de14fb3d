'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedAction, type ActionState } from '../actions/safe-action';
import { ROLES } from '../auth/permissions';
import { changeUserRole, deactivateUser, reactivateUser, type Refusal } from './service';
import { ROLE_LABELS } from './labels';

const NOT_FOUND = 'We could not find that person in your practice.';
const userIdSchema = z.uuid({ error: NOT_FOUND });

const REFUSALS: Record<Refusal, string> = {
  'not-found': NOT_FOUND,
  self: 'You cannot change your own role or deactivate yourself. Ask another admin to do it.',
  'last-admin': 'The practice must keep at least one active admin. Make someone else an admin first.',
  'open-care': 'This person is in open care relationships. End their care relationships first, then change the role.',
  unchanged: 'Nothing changed: that is already the case.',
};

export const changeRoleAction = authedAction(
  'users:manage',
  z.object({ userId: userIdSchema, role: z.enum(ROLES, { error: 'Choose a role.' }) }),
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await changeUserRole(db, user, input, request);
    if (result.status !== 'changed') return { message: REFUSALS[result.status] };
    revalidatePath('/admin/users');
    return { ok: true, message: `Role changed from ${ROLE_LABELS[result.from]} to ${ROLE_LABELS[result.to]}.` };
  },
);

const statusSchema = z.object({ userId: userIdSchema });

export const deactivateUserAction = authedAction('users:manage', statusSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await deactivateUser(db, user, input.userId, request);
  if (result.status !== 'deactivated') return { message: REFUSALS[result.status] };
  revalidatePath('/admin/users');
  const signedOut = result.sessionsEnded === 1 ? '1 signed-in session was ended.' : `${result.sessionsEnded} signed-in sessions were ended.`;
  return { ok: true, message: `Deactivated. ${signedOut}` };
});

export const reactivateUserAction = authedAction('users:manage', statusSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await reactivateUser(db, user, input.userId, request);
  if (result.status !== 'reactivated') return { message: REFUSALS[result.status] };
  revalidatePath('/admin/users');
  return { ok: true, message: 'Reactivated. They can sign in again.' };
});
