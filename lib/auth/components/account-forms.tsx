'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton, TextField } from '@/lib/ui/form';
import { MIN_PASSWORD_LENGTH } from '../model';
import { changePasswordAction, signOutEverywhereAction } from '../actions';

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, initialActionState);
  return (
    <form action={action} className="max-w-md space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" state={state} required />
      <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.`} state={state} required />
      <TextField label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" state={state} required />
      <SubmitButton pendingText="Saving…">Change password</SubmitButton>
    </form>
  );
}

export function SignOutEverywhereForm() {
  const [state, action] = useActionState(signOutEverywhereAction, initialActionState);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <SubmitButton variant="secondary" pendingText="Signing out…">
        Sign out everywhere
      </SubmitButton>
    </form>
  );
}
