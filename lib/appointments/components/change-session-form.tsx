'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { cancelSessionAction, rescheduleSessionAction } from '../actions';
import type { SessionView } from '../model';
import { SessionFields } from './session-fields';

/** Moving a scheduled session: its current details, ready to change. */
export function RescheduleSessionForm({
  session,
  window,
  timeZoneName,
}: {
  session: Pick<SessionView, 'id' | 'date' | 'start' | 'durationMinutes' | 'channel'>;
  window: { earliest: string; latest: string };
  timeZoneName: string;
}) {
  const [state, action] = useActionState(rescheduleSessionAction, initialActionState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="appointmentId" value={session.id} />
      <FormMessage state={state} />
      <SessionFields
        state={state}
        defaults={{ date: session.date, start: session.start, duration: session.durationMinutes, channel: session.channel }}
        window={window}
        timeZoneName={timeZoneName}
      />
      <SubmitButton pendingText="Saving…">Save new time</SubmitButton>
    </form>
  );
}

/** Cancelling a session; it stays in the list, marked cancelled. */
export function CancelSessionForm({ sessionId, label }: { sessionId: string; label: string }) {
  const [state, action] = useActionState(cancelSessionAction, initialActionState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="appointmentId" value={sessionId} />
      <FormMessage state={state} />
      <SubmitButton variant="danger" pendingText="Cancelling…">
        <span aria-hidden="true">Cancel this session</span>
        <span className="sr-only">Cancel the session on {label}</span>
      </SubmitButton>
    </form>
  );
}
