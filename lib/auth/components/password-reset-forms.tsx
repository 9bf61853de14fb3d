'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton, TextField } from '@/lib/ui/form';
import { INVALID_RESET_LINK_MESSAGE, MIN_PASSWORD_LENGTH } from '../model';
import { requestPasswordResetAction, setNewPasswordAction } from '../actions';

export function RequestResetForm() {
  const [state, action] = useActionState(requestPasswordResetAction, initialActionState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField label="Email" name="email" type="email" autoComplete="email" state={state} required />
      <SubmitButton pendingText="Sending…">Send reset link</SubmitButton>
    </form>
  );
}

export function SetNewPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(setNewPasswordAction, initialActionState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.`}
        state={state}
        required
      />
      <TextField label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" state={state} required />
      <SubmitButton pendingText="Saving…">Set new password</SubmitButton>
    </form>
  );
}

/** Shown instead of the form for an unknown, used, cancelled or expired link. */
export function InvalidResetLink() {
  return (
    <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
      {INVALID_RESET_LINK_MESSAGE}
    </p>
  );
}
