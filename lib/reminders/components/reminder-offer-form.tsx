'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { setUpRemindersAction } from '../actions';

/** The one-click set-up's button: done, it leads to the reminders page; refused, it says why. */
export function ReminderOfferForm() {
  const [state, action] = useActionState(setUpRemindersAction, initialActionState);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <SubmitButton pendingText="Setting up…">Set up reminders</SubmitButton>
    </form>
  );
}
