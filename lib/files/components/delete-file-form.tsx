'use client';

import { useActionState, useId } from 'react';
import { useConfirmStep } from '@/lib/ui/confirm-step';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { deleteFileAction } from '../actions';

const BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold shadow-sm ring-1';

/**
 * Deleting a shared file in two clicks: "Delete", then "Delete for good". Rendered for a file that can no longer be
 * deleted too (without the buttons), so the confirmation stays on screen once the file has become a tombstone.
 */
export function DeleteFileForm({ fileId, label, active }: { fileId: string; label: string; active: boolean }) {
  const [state, action] = useActionState(deleteFileAction, initialActionState);
  const { confirming, headingRef, openerRef, open, dismiss } = useConfirmStep();
  const id = useId();

  if (!active) return <FormMessage state={state} />;

  if (!confirming) {
    return (
      <div className="space-y-2">
        <button ref={openerRef} type="button" onClick={open} className={`${BUTTON} text-red-800 ring-red-300 hover:bg-red-50`}>
          Delete<span className="sr-only"> {label}</span>
        </button>
        <FormMessage state={state} />
      </div>
    );
  }

  return (
    <form action={action} className="space-y-3 rounded-lg bg-red-50 p-4 ring-1 ring-red-200" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-semibold text-stone-900 outline-none">
        Delete {label} for good?
      </h4>
      <p className="text-sm text-stone-700">
        Its content is destroyed at once and cannot be brought back by anyone. You will both see when it was removed and why.
      </p>
      <input type="hidden" name="fileId" value={fileId} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant="danger" pendingText="Deleting…">
          Delete for good
        </SubmitButton>
        <button
          type="button"
          onClick={dismiss}
          className={`${BUTTON} text-stone-800 ring-stone-300 hover:bg-stone-100`}
        >
          Keep it
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
