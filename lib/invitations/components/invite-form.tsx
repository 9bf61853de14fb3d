'use client';

import { useActionState, useState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { ROLES } from '@/lib/auth/permissions';
import { FormMessage, SelectField, SubmitButton, TextField } from '@/lib/ui/form';
import { ROLE_LABELS } from '@/lib/users/model';
import { inviteAction } from '../actions';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

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
