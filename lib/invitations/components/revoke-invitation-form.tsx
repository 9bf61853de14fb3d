'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { revokeInvitationAction } from '../actions';

export function RevokeInvitationForm({ invitationId }: { invitationId: string }) {
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
