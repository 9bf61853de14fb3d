'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedAction, type ActionState } from '../actions/safe-action';
import { MFA_ENROLMENT_PATH } from './guards';
import { normalizeTotp } from './mfa';
import { confirmMfaEnrolment, disableMfa, regenerateRecoveryCodes, startMfaEnrolment } from './mfa-enrolment';

// Staff who must enrol are sent to the security page, so every action here stays open to them.
const PENDING_MFA_ALLOWED = { allowPendingMfa: true };

const ALREADY_ON = 'Two-step sign-in is already on.';
const NOT_ON = 'Two-step sign-in is not on for your account.';
const WRONG_CODE = 'That code is not right. Check your authenticator app and try again.';
const LOCKED = 'Too many wrong attempts. For your security, please wait 15 minutes and try again.';

const authenticatorCode = z
  .string()
  .transform(normalizeTotp)
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.'));

// Managing MFA also accepts a recovery code, for someone whose phone is lost.
const secondFactorCode = z
  .string()
  .trim()
  .min(1, 'Enter the 6-digit code from your authenticator app, or a recovery code.')
  .max(40, 'That code is too long.');

export const startMfaEnrolmentAction = authedAction(
  'account:manage',
  z.object({}),
  async (_input, { db, user, request }): Promise<ActionState> => {
    const result = await startMfaEnrolment(db, { userId: user.id, sessionId: user.sessionId }, request);
    if (result.status === 'already-enabled') return { message: ALREADY_ON };
    return { ok: true, data: { qrDataUrl: result.qrDataUrl, setupKey: result.setupKey } };
  },
  PENDING_MFA_ALLOWED,
);

export const confirmMfaEnrolmentAction = authedAction(
  'account:manage',
  z.object({ code: authenticatorCode }),
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await confirmMfaEnrolment(db, { userId: user.id, sessionId: user.sessionId }, input.code, request);
    switch (result.status) {
      case 'wrong-code':
        return { errors: { code: [WRONG_CODE] } };
      case 'no-pending-setup':
        return { message: 'This setup has expired. Reload the page and start again.' };
      case 'already-enabled':
        return { message: ALREADY_ON };
      case 'enabled':
        revalidatePath(MFA_ENROLMENT_PATH);
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
  z.object({ code: secondFactorCode }),
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await regenerateRecoveryCodes(db, { userId: user.id, sessionId: user.sessionId }, input.code, request);
    switch (result.status) {
      case 'wrong-code':
        return { errors: { code: [WRONG_CODE] } };
      case 'locked':
        return { message: LOCKED };
      case 'not-enabled':
        return { message: NOT_ON };
      case 'regenerated':
        revalidatePath(MFA_ENROLMENT_PATH);
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
  z.object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(1024, 'That password is too long.'),
    code: secondFactorCode,
  }),
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await disableMfa(
      db,
      { userId: user.id, sessionId: user.sessionId },
      { password: input.currentPassword, code: input.code },
      request,
    );
    switch (result.status) {
      case 'wrong-password':
        return { errors: { currentPassword: ['That is not your current password.'] } };
      case 'wrong-code':
        return { errors: { code: [WRONG_CODE] } };
      case 'locked':
        return { message: LOCKED };
      case 'not-enabled':
        return { message: NOT_ON };
      case 'required-by-practice':
        return { message: 'Your practice requires two-step sign-in for staff, so it cannot be turned off.' };
      case 'disabled':
        revalidatePath(MFA_ENROLMENT_PATH);
        return { ok: true, message: 'Two-step sign-in has been turned off. Other devices have been signed out.' };
    }
  },
  PENDING_MFA_ALLOWED,
);
