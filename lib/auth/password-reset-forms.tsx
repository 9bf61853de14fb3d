'use client';

import { useActionState } from 'react';
import { initialActionState } from '../actions/state';
import { FormMessage, SubmitButton, TextField } from '../ui/form';
import { requestPasswordResetAction, setNewPasswordAction } from './password-reset-actions';

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
        hint="At least 12 characters. A few unrelated words work well."
        state={state}
        required
      />
      <TextField label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" state={state} required />
      <SubmitButton pendingText="Saving…">Set new password</SubmitButton>
    </form>
  );
}
