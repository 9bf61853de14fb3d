'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { releaseEpisodeAction } from '../actions';

/** Releasing a previewed episode to the client. */
export function ReleaseEpisodeForm({ clientId, appointmentId, episodeId, label }: { clientId: string; appointmentId: string; episodeId: string; label: string }) {
  const [state, action] = useActionState(releaseEpisodeAction, initialActionState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="clientId" value={clientId} />
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <input type="hidden" name="episodeId" value={episodeId} />
      <FormMessage state={state} />
      <SubmitButton pendingText="Releasing…">{label}</SubmitButton>
    </form>
  );
}
