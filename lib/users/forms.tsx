'use client';

import { useActionState } from 'react';
import type { Role } from '@/db/schema';
import { initialActionState } from '../actions/state';
import { ROLES } from '../auth/permissions';
import { FieldError, FormMessage, SelectField, SubmitButton } from '../ui/form';
import { changeRoleAction, deactivateUserAction, reactivateUserAction } from './actions';
import { ROLE_LABELS } from './labels';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

interface Person {
  id: string;
  name: string;
  role: Role;
  status: 'active' | 'deactivated';
}

export function RoleForm({ person }: { person: Person }) {
  const [state, action] = useActionState(changeRoleAction, initialActionState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="userId" value={person.id} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-40 flex-1">
          <SelectField
            label={`Role for ${person.name}`}
            name="role"
            options={ROLE_OPTIONS}
            defaultValue={person.role}
            state={state}
          />
        </div>
        <SubmitButton variant="secondary" pendingText="Changing…">
          Change role
        </SubmitButton>
      </div>
      <FieldError errors={state.errors?.userId} />
      <FormMessage state={state} />
    </form>
  );
}

/** Deactivate or reactivate, whichever applies; the button names the person for screen readers. */
export function AccountStatusForm({ person }: { person: Person }) {
  const active = person.status === 'active';
  const [state, action] = useActionState(active ? deactivateUserAction : reactivateUserAction, initialActionState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="userId" value={person.id} />
      <SubmitButton variant="secondary" pendingText={active ? 'Deactivating…' : 'Reactivating…'}>
        {active ? 'Deactivate' : 'Reactivate'}
        <span className="sr-only"> {person.name}</span>
      </SubmitButton>
      <FieldError errors={state.errors?.userId} />
      <FormMessage state={state} />
    </form>
  );
}
