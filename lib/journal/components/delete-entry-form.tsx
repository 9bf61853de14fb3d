'use client';

import { useActionState, useId } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { useConfirmStep } from '@/lib/ui/confirm-step';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { deleteEntryAction } from '../actions';

const BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold shadow-sm ring-1';

/** Deleting the entry in two clicks: "Delete this entry", then "Delete for good". */
export function DeleteEntryForm({ entryId }: { entryId: string }) {
  const [state, action] = useActionState(deleteEntryAction, initialActionState);
  const { confirming, headingRef, openerRef, open, dismiss } = useConfirmStep();
  const id = useId();

  if (!confirming) {
    return (
      <div className="space-y-2">
        <button ref={openerRef} type="button" onClick={open} className={`${BUTTON} text-red-800 ring-red-300 hover:bg-red-50`}>
          Delete this entry
        </button>
        <FormMessage state={state} />
      </div>
    );
  }

  return (
    <form action={action} className="space-y-3 rounded-lg bg-red-50 p-4 ring-1 ring-red-200" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-semibold text-stone-900 outline-none">
        Delete this entry for good?
      </h2>
      <p className="text-sm text-stone-700">Its words cannot be brought back. If it is shared, your therapist can no longer open it.</p>
      <input type="hidden" name="entryId" value={entryId} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant="danger" pendingText="Deleting…">
          Delete for good
        </SubmitButton>
        <button type="button" onClick={dismiss} className={`${BUTTON} text-stone-800 ring-stone-300 hover:bg-stone-100`}>
          Keep it
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
