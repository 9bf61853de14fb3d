'use client';

import { useActionState } from 'react';
import { type ActionState, initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { tickSectionAction, untickSectionAction } from '../actions';
import type { DiscussionSection } from '../model';

/**
 * "We have discussed this": a tick, or taking it back. The form sends the version of the request the person was
 * looking at, so a tick on something that changed meanwhile is refused as a conflict (and the page shows the latest).
 */
export function SectionTickForm({
  requestId,
  section,
  label,
  rowVersion,
  ticked,
}: {
  requestId: string;
  section: DiscussionSection;
  label: string;
  rowVersion: number;
  ticked: boolean;
}) {
  // One state for both, so the answer shown is always that of the last click.
  const [state, action] = useActionState(
    (previous: ActionState, form: FormData) => (form.get('mode') === 'untick' ? untickSectionAction(previous, form) : tickSectionAction(previous, form)),
    initialActionState,
  );
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="mode" value={ticked ? 'untick' : 'tick'} />
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="section" value={section} />
      <input type="hidden" name="rowVersion" value={rowVersion} />
      <FormMessage state={state} />
      {ticked ? (
        <SubmitButton variant="secondary" pendingText="Saving…" aria-label={`Reopen for discussion: ${label}`}>
          Reopen for discussion
        </SubmitButton>
      ) : (
        <SubmitButton pendingText="Saving…" aria-label={`Mark as discussed: ${label}`}>
          Mark as discussed
        </SubmitButton>
      )}
    </form>
  );
}
