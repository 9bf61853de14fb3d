'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { addSessionAction } from '../actions';
import { SessionFields } from './session-fields';

/** One new session with this client, at the practice's wall-clock time. */
export function AddSessionForm({
  clientId,
  today,
  window,
  timeZoneName,
}: {
  clientId: string;
  today: string;
  window: { earliest: string; latest: string };
  timeZoneName: string;
}) {
  const [state, action] = useActionState(addSessionAction, initialActionState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="clientId" value={clientId} />
      <FormMessage state={state} />
      <SessionFields state={state} defaults={{ date: today, start: '', duration: 50, channel: 'in_person' }} window={window} timeZoneName={timeZoneName} />
      <SubmitButton pendingText="Adding…">Add session</SubmitButton>
    </form>
  );
}
