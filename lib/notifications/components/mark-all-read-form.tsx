'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { markAllReadAction } from '../actions';
import { useUnreadRefresh } from './use-unread-refresh';

export function MarkAllReadForm() {
  const [state, action] = useActionState(markAllReadAction, initialActionState);
  useUnreadRefresh(state);
  return (
    <form action={action} className="space-y-2">
      <SubmitButton variant="secondary" pendingText="Marking…">
        Mark all read
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
