'use client';

import { useActionState } from 'react';
import type { Role } from '@/db/schema';
import { initialActionState } from '@/lib/actions/state';
import { ROLES } from '@/lib/auth/permissions';
import { FieldError, FormMessage, SelectField, SubmitButton } from '@/lib/ui/form';
import { changeRoleAction } from '../actions';
import { ROLE_LABELS } from '../model';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export function RoleForm({ person }: { person: { id: string; name: string; role: Role } }) {
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
