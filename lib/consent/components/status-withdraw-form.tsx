'use client';

import { useActionState, useId } from 'react';
import { useConfirmStep } from '@/lib/ui/confirm-step';
import { initialActionState } from '@/lib/actions/state';
import { FieldError, FormMessage, SubmitButton } from '@/lib/ui/form';
import { WITHDRAWAL_REASON_MAX } from '../model';
import { withdrawAction } from '../actions';

/**
 * Withdrawing an agreement in force, in two clicks: "Withdraw", then "Yes, withdraw" (a reason is optional). Rendered
 * for an agreement no longer in force too, without the button, so the confirmation stays on screen once the status
 * below it has changed.
 */
export function StatusWithdrawForm({ requestId, otherName, active }: { requestId: string; otherName: string; active: boolean }) {
  const [state, action] = useActionState(withdrawAction, initialActionState);
  const { confirming, headingRef, openerRef, open, dismiss } = useConfirmStep();
  const id = useId();

  if (!active) return <FormMessage state={state} />;

  if (!confirming) {
    return (
      <div className="space-y-2">
        <button
          ref={openerRef}
          type="button"
          onClick={open}
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-red-800 shadow-sm ring-1 ring-red-300 hover:bg-red-50"
        >
          Withdraw<span className="sr-only"> the agreement with {otherName}</span>
        </button>
        <FormMessage state={state} />
      </div>
    );
  }

  const reasonErrors = state.errors?.reason;
  return (
    <form action={action} className="space-y-3 rounded-lg bg-red-50 p-4 ring-1 ring-red-200" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-semibold text-stone-900 outline-none">
        Withdraw the recording agreement with {otherName}?
      </h4>
      <p className="text-sm text-stone-700">
        Recording stops at once: nothing more can be recorded under this agreement, and recordings already made are deleted as you agreed. You do not
        need to give a reason, and it changes nothing about your care.
      </p>
      <input type="hidden" name="requestId" value={requestId} />
      <div className="space-y-1">
        <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-stone-800">
          Reason (optional)
        </label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          rows={2}
          maxLength={WITHDRAWAL_REASON_MAX}
          defaultValue={state.values?.reason}
          aria-invalid={reasonErrors?.length ? true : undefined}
          aria-describedby={reasonErrors?.length ? `${id}-reason-error` : undefined}
          className="block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600"
        />
        <FieldError id={`${id}-reason-error`} errors={reasonErrors} />
      </div>
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant="danger" pendingText="Withdrawing…">
          Yes, withdraw
        </SubmitButton>
        <button
          type="button"
          onClick={dismiss}
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-stone-800 shadow-sm ring-1 ring-stone-300 hover:bg-stone-100"
        >
          Keep the agreement
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
