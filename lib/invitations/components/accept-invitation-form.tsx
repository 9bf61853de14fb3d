'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { LocationFields } from '@/lib/jurisdictions/components/location-form';
import type { CountryOption } from '@/lib/jurisdictions/regions';
import { FormMessage, SubmitButton, TextField } from '@/lib/ui/form';
import { acceptInvitationAction } from '../actions';

/** `countries` is given for a client's invitation: they may then say where they are. */
export function AcceptInvitationForm({ token, countries }: { token: string; countries?: readonly CountryOption[] }) {
  const [state, action] = useActionState(acceptInvitationAction, initialActionState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} />
      <TextField label="Your name" name="name" autoComplete="name" state={state} required />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. A few unrelated words work well."
        state={state}
        required
      />
      <TextField label="Confirm password" name="confirmPassword" type="password" autoComplete="new-password" state={state} required />
      {countries && (
        <LocationFields
          countries={countries}
          location={{ country: null, region: null }}
          state={state}
          countryHint="Optional. Where you usually are during sessions: the law on recording sessions depends on it. You can change it later in your account settings."
          allowUnset
        />
      )}
      <SubmitButton pendingText="Creating your account…">Create account</SubmitButton>
    </form>
  );
}
