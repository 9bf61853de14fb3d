'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FieldError, FormMessage, SubmitButton } from '@/lib/ui/form';
import { deactivateUserAction, reactivateUserAction } from '../actions';

/** Deactivate or reactivate, whichever applies; the button names the person for screen readers. */
export function AccountStatusForm({ person }: { person: { id: string; name: string; status: 'active' | 'deactivated' } }) {
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
