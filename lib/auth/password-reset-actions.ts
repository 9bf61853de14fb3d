'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicAction } from '../actions/safe-action';
import { emailSchema } from './email';
import { newPasswordSchema } from './password';
import { INVALID_RESET_LINK_MESSAGE, requestPasswordReset, resetPassword } from './password-reset';

const RESET_REQUESTED_MESSAGE = 'If an account exists for that email, we have sent a link to reset the password. It works for one hour.';

export const requestPasswordResetAction = publicAction(z.object({ email: emailSchema }), async (input, { db, request }) => {
  await requestPasswordReset(db, input.email, request);
  return { ok: true, message: RESET_REQUESTED_MESSAGE };
});

const setNewPasswordSchema = z
  .object({
    token: z.string().min(1).max(200),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords do not match.' });

export const setNewPasswordAction = publicAction(setNewPasswordSchema, async (input, { db, request }) => {
  const result = await resetPassword(db, { token: input.token, password: input.newPassword }, request);
  if (result.status === 'invalid') return { message: INVALID_RESET_LINK_MESSAGE };
  if (result.status === 'weak-password') return { errors: { newPassword: [result.problem] } };
  redirect('/login?reset=1');
});
