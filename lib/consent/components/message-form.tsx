'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { sendMessageAction } from '../actions';
import { MESSAGE_MAX } from '../model';
import { ConsentTextArea } from './terms-fields';

/** A plain-text message to the other person. A refused message stays in the box. */
export function MessageForm({ requestId, otherName }: { requestId: string; otherName: string }) {
  const [state, action] = useActionState(sendMessageAction, initialActionState);
  const value = state.values && !state.ok ? (state.values.body ?? '') : '';
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage state={state} />
      <ConsentTextArea
        key={JSON.stringify(state)}
        label={`Message to ${otherName}`}
        name="body"
        hint={`Plain text, up to ${MESSAGE_MAX} characters.`}
        defaultValue={value}
        errors={state.errors?.body}
        rows={3}
      />
      <SubmitButton pendingText="Sending…">Send message</SubmitButton>
    </form>
  );
}
