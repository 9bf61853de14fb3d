'use server';

import { revalidatePath } from 'next/cache';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import { changeUserRole, deactivateUser, reactivateUser } from './commands';
import { ROLE_LABELS, type Refusal } from './model';
import { accountStatusSchema, changeRoleSchema, PERSON_NOT_FOUND } from './schemas';

const REFUSALS: Record<Refusal, string> = {
  'not-found': PERSON_NOT_FOUND,
  self: 'You cannot change your own role or deactivate yourself. Ask another admin to do it.',
  'last-admin': 'The practice must keep at least one active admin. Make someone else an admin first.',
  'open-care': 'This person is in open care relationships. End their care relationships first, then change the role.',
  unchanged: 'Nothing changed: that is already the case.',
};

export const changeRoleAction = authedAction('users:manage', changeRoleSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await changeUserRole(db, user, input, request);
  if (result.status !== 'changed') return { message: REFUSALS[result.status] };
  revalidatePath(routes.adminUsers);
  return { ok: true, message: `Role changed from ${ROLE_LABELS[result.from]} to ${ROLE_LABELS[result.to]}.` };
});

export const deactivateUserAction = authedAction('users:manage', accountStatusSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await deactivateUser(db, user, input, request);
  if (result.status !== 'deactivated') return { message: REFUSALS[result.status] };
  revalidatePath(routes.adminUsers);
  const signedOut = result.sessionsEnded === 1 ? '1 signed-in session was ended.' : `${result.sessionsEnded} signed-in sessions were ended.`;
  return { ok: true, message: `Deactivated. ${signedOut}` };
});

export const reactivateUserAction = authedAction('users:manage', accountStatusSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await reactivateUser(db, user, input, request);
  if (result.status !== 'reactivated') return { message: REFUSALS[result.status] };
  revalidatePath(routes.adminUsers);
  return { ok: true, message: 'Reactivated. They can sign in again.' };
});
