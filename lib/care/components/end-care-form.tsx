'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { endCareAction } from '../actions';

/**
 * The "End" button of an open relationship. Rendered for ended ones too (without the button),
 * so the confirmation stays on screen when the row moves down among the ended relationships.
 */
export function EndCareForm({ relationship }: { relationship: { id: string; clientName: string; therapistName: string; endedOn: string | null } }) {
  const [state, action] = useActionState(endCareAction, initialActionState);
  if (relationship.endedOn) return <FormMessage state={state} />;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="relationshipId" value={relationship.id} />
      <SubmitButton variant="secondary" pendingText="Ending…">
        <span aria-hidden="true">End</span>
        <span className="sr-only">
          End care: {relationship.clientName} with {relationship.therapistName}
        </span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
