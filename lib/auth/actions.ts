'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { authedAction, publicAction, type ActionState } from '@/lib/actions/safe-action';
import { routes } from '@/lib/routes';
import { confirmMfaEnrolment, disableMfa, regenerateRecoveryCodes, startMfaEnrolment } from './commands/mfa';
import { changePassword } from './commands/password';
import { requestPasswordReset, resetPassword } from './commands/password-reset';
import { signOut as endSession, signOutEverywhere } from './commands/sessions';
import { completeMfaSignIn, signInWithPassword, type SignInResult } from './commands/signin';
import { signIn, signOut } from './config';
import { INVALID_RESET_LINK_MESSAGE } from './model';
import { safeNextPath } from './permissions';
import {
  EMAIL_AS_PASSWORD_MESSAGE,
  authenticatorCodeSchema,
  changePasswordSchema,
  disableMfaSchema,
  noInputSchema,
  requestResetSchema,
  secondFactorSchema,
  setNewPasswordSchema,
  signInCodeSchema,
  signInSchema,
} from './schemas';

const SIGN_IN_LOCKED =
  'Too many sign-in attempts. For your security, sign-in is paused for 15 minutes. You can try again later or reset your password.';
const SIGN_IN_INVALID = 'That email and password do not match an active account. Check them and try again.';
const WRONG_SIGN_IN_CODE = 'That code is not right. Check your authenticator app and try again.';

async function finishSignIn(result: SignInResult, next: string | undefined): Promise<ActionState> {
  switch (result.status) {
    case 'signed-in':
      // Throws the redirect to the landing page.
      return signIn('credentials', { ticket: result.ticket, redirectTo: safeNextPath(result.user.role, next) });
    case 'mfa-required':
      return { data: { challenge: result.challenge }, message: 'Enter the 6-digit code from your authenticator app.' };
    case 'locked':
      return { message: SIGN_IN_LOCKED };
    case 'challenge-expired':
      return { message: 'That sign-in took too long or had too many wrong codes. Please start again.' };
    case 'invalid':
      return { message: SIGN_IN_INVALID };
  }
}

const passwordStep = publicAction(signInSchema, async (input, { db, request }) =>
  finishSignIn(await signInWithPassword(db, input, request), input.next),
);

const codeStep = publicAction(signInCodeSchema, async (input, { db, request }) => {
  const result = await completeMfaSignIn(db, input, request);
  if (result.status === 'invalid') return { data: { challenge: input.challenge }, errors: { code: [WRONG_SIGN_IN_CODE] } };
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
  noInputSchema,
  async (_input, { db, user, request }) => {
    await endSession(db, user, request);
    await signOut({ redirectTo: routes.signedOut });
  },
  { allowPendingMfa: true },
);

export const signOutEverywhereAction = authedAction(
  'account:manage',
  noInputSchema,
  async (_input, { db, user, request }) => {
    await signOutEverywhere(db, user, request);
    await signOut({ redirectTo: routes.signedOut });
  },
  { allowPendingMfa: true },
);

export const changePasswordAction = authedAction(
  'account:manage',
  changePasswordSchema,
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await changePassword(db, user, input, request);
    switch (result.status) {
      case 'wrong-password':
        return { errors: { currentPassword: ['That is not your current password.'] } };
      case 'weak-password':
        return { errors: { newPassword: [EMAIL_AS_PASSWORD_MESSAGE] } };
      case 'changed':
        return { ok: true, message: 'Your password has been changed. Other devices have been signed out.' };
    }
  },
  { allowPendingMfa: true },
);

const RESET_REQUESTED = 'If an account exists for that email, we have sent a link to reset the password. It works for one hour.';

export const requestPasswordResetAction = publicAction(requestResetSchema, async (input, { db, request }) => {
  await requestPasswordReset(db, input.email, request);
  return { ok: true, message: RESET_REQUESTED };
});

export const setNewPasswordAction = publicAction(setNewPasswordSchema, async (input, { db, request }) => {
  const result = await resetPassword(db, { token: input.token, password: input.newPassword }, request);
  if (result.status === 'invalid') return { message: INVALID_RESET_LINK_MESSAGE };
  if (result.status === 'weak-password') return { errors: { newPassword: [EMAIL_AS_PASSWORD_MESSAGE] } };
  redirect(`${routes.login}?reset=1`);
});

// Staff who must enrol are sent to the security page, so every MFA action stays open to them.
const PENDING_MFA_ALLOWED = { allowPendingMfa: true };

const MFA_ALREADY_ON = 'Two-step sign-in is already on.';
const MFA_NOT_ON = 'Two-step sign-in is not on for your account.';
const WRONG_MFA_CODE = 'That code is not right. Check your authenticator app and try again.';
const MFA_LOCKED = 'Too many wrong attempts. For your security, please wait 15 minutes and try again.';

export const startMfaEnrolmentAction = authedAction(
  'account:manage',
  noInputSchema,
  async (_input, { db, user, request }): Promise<ActionState> => {
    const result = await startMfaEnrolment(db, user, request);
    if (result.status === 'already-enabled') return { message: MFA_ALREADY_ON };
    return { ok: true, data: { qrDataUrl: result.qrDataUrl, setupKey: result.setupKey } };
  },
  PENDING_MFA_ALLOWED,
);

export const confirmMfaEnrolmentAction = authedAction(
  'account:manage',
  authenticatorCodeSchema,
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await confirmMfaEnrolment(db, user, input, request);
    switch (result.status) {
      case 'wrong-code':
        return { errors: { code: [WRONG_MFA_CODE] } };
      case 'no-pending-setup':
        return { message: 'This setup has expired. Reload the page and start again.' };
      case 'already-enabled':
        return { message: MFA_ALREADY_ON };
      case 'enabled':
        revalidatePath(routes.accountSecurity);
        return {
          ok: true,
          message: 'Two-step sign-in is on. Other devices have been signed out.',
          data: { recoveryCodes: result.recoveryCodes },
        };
    }
  },
  PENDING_MFA_ALLOWED,
);

export const regenerateRecoveryCodesAction = authedAction(
  'account:manage',
  secondFactorSchema,
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await regenerateRecoveryCodes(db, user, input, request);
    switch (result.status) {
      case 'wrong-code':
        return { errors: { code: [WRONG_MFA_CODE] } };
      case 'locked':
        return { message: MFA_LOCKED };
      case 'not-enabled':
        return { message: MFA_NOT_ON };
      case 'regenerated':
        revalidatePath(routes.accountSecurity);
        return {
          ok: true,
          message: 'New recovery codes are ready and the old ones no longer work. Other devices have been signed out.',
          data: { recoveryCodes: result.recoveryCodes },
        };
    }
  },
  PENDING_MFA_ALLOWED,
);

export const disableMfaAction = authedAction(
  'account:manage',
  disableMfaSchema,
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await disableMfa(db, user, { password: input.currentPassword, code: input.code }, request);
    switch (result.status) {
      case 'wrong-password':
        return { errors: { currentPassword: ['That is not your current password.'] } };
      case 'wrong-code':
        return { errors: { code: [WRONG_MFA_CODE] } };
      case 'locked':
        return { message: MFA_LOCKED };
      case 'not-enabled':
        return { message: MFA_NOT_ON };
      case 'required-by-practice':
        return { message: 'Your practice requires two-step sign-in for staff, so it cannot be turned off.' };
      case 'disabled':
        revalidatePath(routes.accountSecurity);
        return { ok: true, message: 'Two-step sign-in has been turned off. Other devices have been signed out.' };
    }
  },
  PENDING_MFA_ALLOWED,
);
