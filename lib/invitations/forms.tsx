'use client';

import { useActionState, useState } from 'react';
import type { Role } from '@/db/schema';
import { initialActionState } from '../actions/state';
import { LocationFields } from '../jurisdictions/location-form';
import type { CountryOption } from '../jurisdictions/regions';
import { FormMessage, SelectField, SubmitButton, TextField } from '../ui/form';
import { acceptInvitationAction, inviteAction, revokeInvitationAction } from './actions';

const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: 'client', label: 'Client' },
  { value: 'therapist', label: 'Therapist' },
  { value: 'admin', label: 'Admin' },
];

/**
 * Admins choose a role and, for clients, optionally a therapist. Therapists get the email field
 * only: the clients they invite are assigned to them.
 */
export function InviteForm({ chooseRole, therapists }: { chooseRole: boolean; therapists?: { id: string; name: string }[] }) {
  const [state, action] = useActionState(inviteAction, initialActionState);
  const [role, setRole] = useState(state.values?.role ?? 'client');
  return (
    <form action={action} onReset={() => setRole('client')} className="max-w-md space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField label="Email" name="email" type="email" autoComplete="off" state={state} required />
      {chooseRole && <SelectField label="Role" name="role" options={ROLE_OPTIONS} state={state} onChange={(event) => setRole(event.target.value)} />}
      {therapists && (
        <SelectField
          label="Therapist"
          name="therapistId"
          options={[{ value: '', label: 'None for now' }, ...therapists.map((t) => ({ value: t.id, label: t.name }))]}
          state={state}
          // Only clients are assigned a therapist; a disabled select is not submitted.
          disabled={role !== 'client'}
        />
      )}
      <SubmitButton pendingText="Sending…">Send invitation</SubmitButton>
    </form>
  );
}

export function RevokeInvitationButton({ invitationId }: { invitationId: string }) {
  const [state, action] = useActionState(revokeInvitationAction, initialActionState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="invitationId" value={invitationId} />
      {!state.ok && <FormMessage state={state} />}
      <SubmitButton variant="secondary" pendingText="Revoking…">
        Revoke
      </SubmitButton>
    </form>
  );
}

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
