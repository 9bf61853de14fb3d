'use server';

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/db/schema';
import { authedAction, publicAction, type ActionState } from '../actions/safe-action';
import { recordAudit } from '@/lib/platform/audit/record';
import { signIn, signOut } from './config';
import { emailSchema } from './email';
import { hashPassword, newPasswordSchema, passwordProblem, verifyPassword } from './password';
import { safeNextPath } from './permissions';
import { revokeSession, revokeUserSessions } from './sessions';
import { completeMfaSignIn, signInWithPassword, type SignInResult } from './signin';

const LOCKED_MESSAGE =
  'Too many sign-in attempts. For your security, sign-in is paused for 15 minutes. You can try again later or reset your password.';
const INVALID_MESSAGE = 'That email and password do not match an active account. Check them and try again.';

async function finishSignIn(result: SignInResult, next: string | undefined): Promise<ActionState> {
  switch (result.status) {
    case 'signed-in':
      // Throws the redirect to the landing page.
      await signIn('credentials', { ticket: result.ticket, redirectTo: safeNextPath(result.user.role, next) });
      return { ok: true };
    case 'mfa-required':
      return { data: { challenge: result.challenge }, message: 'Enter the 6-digit code from your authenticator app.' };
    case 'locked':
      return { message: LOCKED_MESSAGE };
    case 'challenge-expired':
      return { message: 'That sign-in took too long or had too many wrong codes. Please start again.' };
    case 'invalid':
      return { message: INVALID_MESSAGE };
  }
}

const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
  next: z.string().max(2000).optional(),
});

const passwordStep = publicAction(signInSchema, async (input, { db, request }) =>
  finishSignIn(await signInWithPassword(db, input, request), input.next),
);

const mfaSchema = z.object({
  challenge: z.string().min(1).max(200),
  code: z.string().trim().min(1, 'Enter the code from your authenticator app, or a recovery code.').max(40),
  next: z.string().max(2000).optional(),
});

const codeStep = publicAction(mfaSchema, async (input, { db, request }) => {
  const result = await completeMfaSignIn(db, input, request);
  if (result.status === 'invalid') {
    return { data: { challenge: input.challenge }, errors: { code: ['That code is not right. Check your authenticator app and try again.'] } };
  }
  return finishSignIn(result, input.next);
});

/** Both sign-in steps share one form state: a challenge in the form means the code step. */
export async function signInAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await (formData.has('challenge') ? codeStep : passwordStep)(previous, formData);
  // A refused code keeps the challenge, so the person stays on the code step.
  if (formData.has('challenge') && state.errors && !state.data) {
    return { ...state, data: { challenge: String(formData.get('challenge')) } };
  }
  return state;
}

export const signOutAction = authedAction(
  'account:manage',
  z.object({}),
  async (_input, { db, user, request }) => {
    await db.transaction(async (tx) => {
      await revokeSession(tx, user.sessionId, 'signed-out');
      await recordAudit(tx, { practiceId: user.practiceId, actorId: user.id, action: 'auth.signout', subjectType: 'user', subjectId: user.id, context: request });
    });
    await signOut({ redirectTo: '/login?signed-out=1' });
  },
  { allowPendingMfa: true },
);

export const signOutEverywhereAction = authedAction(
  'account:manage',
  z.object({}),
  async (_input, { db, user, request }) => {
    await db.transaction(async (tx) => {
      const ended = await revokeUserSessions(tx, user.id, 'signed-out-everywhere');
      await recordAudit(tx, {
        practiceId: user.practiceId,
        actorId: user.id,
        action: 'auth.signout_everywhere',
        subjectType: 'user',
        subjectId: user.id,
        metadata: { sessionsEnded: ended },
        context: request,
      });
    });
    await signOut({ redirectTo: '/login?signed-out=1' });
  },
  { allowPendingMfa: true },
);

const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords do not match.' });

export const changePasswordAction = authedAction(
  'account:manage',
  changePasswordSchema,
  async (input, { db, user, request }) => {
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
      return { errors: { currentPassword: ['That is not your current password.'] } };
    }
    const problem = passwordProblem(input.newPassword, { email: user.email });
    if (problem) return { errors: { newPassword: [problem] } };
    const passwordHash = await hashPassword(input.newPassword);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, user.id));
      // Anyone else holding a session (a lost phone, a shared computer) is signed out.
      const ended = await revokeUserSessions(tx, user.id, 'password-changed', user.sessionId);
      await recordAudit(tx, {
        practiceId: user.practiceId,
        actorId: user.id,
        action: 'auth.password_changed',
        subjectType: 'user',
        subjectId: user.id,
        metadata: { otherSessionsEnded: ended },
        context: request,
      });
    });
    return { ok: true, message: 'Your password has been changed. Other devices have been signed out.' };
  },
  { allowPendingMfa: true },
);
