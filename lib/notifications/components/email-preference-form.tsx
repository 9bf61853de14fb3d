'use client';

import { useActionState, useId } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FieldError, FormMessage, SubmitButton } from '@/lib/ui/form';
import { setEmailPreferenceAction } from '../actions';

export function EmailPreferenceForm({ email, address }: { email: boolean; address: string }) {
  const [state, action] = useActionState(setEmailPreferenceAction, initialActionState);
  const id = useId();
  // After saving, the box shows what was saved; a refused post keeps what was ticked.
  const checked = state.values ? state.values.email === 'on' : email;
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <div className="flex items-start gap-3">
        <input
          key={String(checked)}
          id={id}
          type="checkbox"
          name="email"
          defaultChecked={checked}
          aria-describedby={`${id}-hint`}
          className="mt-1 h-5 w-5 rounded border-stone-400"
        />
        <div>
          <label htmlFor={id} className="font-medium text-stone-900">
            Email me when I have a new notification
          </label>
          <p id={`${id}-hint`} className="text-sm text-stone-600">
            Sent to {address}. The email only says there is something new and links here: it never says what it is about.
          </p>
        </div>
      </div>
      <FieldError errors={state.errors?.email} />
      <SubmitButton pendingText="Saving…">Save</SubmitButton>
    </form>
  );
}
