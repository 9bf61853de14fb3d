'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { markReadAction } from '../actions';
import { useUnreadRefresh } from './use-unread-refresh';

/**
 * The "Mark read" button of an unread notification. Rendered for read ones too (without the
 * button), so the confirmation stays on screen once the notification is read.
 */
export function MarkReadForm({ notification }: { notification: { id: string; title: string; read: boolean } }) {
  const [state, action] = useActionState(markReadAction, initialActionState);
  useUnreadRefresh(state);
  if (notification.read) return <FormMessage state={state} />;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="id" value={notification.id} />
      <SubmitButton variant="secondary" pendingText="Marking…">
        <span aria-hidden="true">Mark read</span>
        <span className="sr-only">Mark read: {notification.title}</span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
