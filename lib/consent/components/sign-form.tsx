'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton, TextField } from '@/lib/ui/form';
import { signAction } from '../actions';

/**
 * Signing the exact terms shown: the person types their full name as on their account and enters their password
 * again (and a code from their authenticator app when they use two-step sign-in). The terms' fingerprint goes with
 * it, so a signature can only be given to the terms that were read.
 */
export function SignForm({ requestId, termsSha256, accountName, hasTwoStep }: { requestId: string; termsSha256: string; accountName: string; hasTwoStep: boolean }) {
  const [state, action] = useActionState(signAction, initialActionState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="termsSha256" value={termsSha256} />
      <FormMessage state={state} />
      <TextField label="Your full name" name="fullName" hint={`Type it as on your account: ${accountName}`} autoComplete="name" state={state} required />
      <TextField label="Your password" name="password" type="password" autoComplete="current-password" hint="To confirm it is really you." state={state} required />
      {hasTwoStep && (
        <TextField
          label="Code from your authenticator app"
          name="totpCode"
          inputMode="numeric"
          autoComplete="one-time-code"
          hint="Or one of your recovery codes."
          state={state}
          required
        />
      )}
      <SubmitButton pendingText="Signing…">Sign the agreement</SubmitButton>
    </form>
  );
}
