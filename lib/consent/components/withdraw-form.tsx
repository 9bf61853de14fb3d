'use client';

import { useActionState, useState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { withdrawAction } from '../actions';
import { WITHDRAWAL_REASON_MAX } from '../model';
import { ConsentTextArea } from './terms-fields';

/**
 * Withdrawing in two clicks: the button, then the confirmation (a reason is optional). Recording stops at once.
 * `inForce`: an agreement in force (else the therapist is ending a conversation still under way).
 */
export function WithdrawForm({ requestId, inForce }: { requestId: string; inForce: boolean }) {
  const [state, action] = useActionState(withdrawAction, initialActionState);
  const [open, setOpen] = useState(false);
  const showing = open || (!!state.message && !state.ok);
  const reason = state.values && !state.ok ? (state.values.reason ?? '') : '';
  return (
    <div className="space-y-3">
      {!showing && (
        <button
          type="button"
          aria-expanded={false}
          aria-controls="withdraw-panel"
          onClick={() => setOpen(true)}
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-red-800 shadow-sm ring-1 ring-red-300 hover:bg-red-50"
        >
          {inForce ? 'Withdraw from the agreement' : 'Withdraw this request'}
        </button>
      )}
      <div id="withdraw-panel" hidden={!showing}>
        <form action={action} className="space-y-4 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200" noValidate>
          <input type="hidden" name="requestId" value={requestId} />
          <FormMessage state={state} />
          <p className="text-stone-800">
            {inForce
              ? 'Recording stops at once: nothing more can be recorded under this agreement, and what was recorded is dealt with as the terms say.'
              : 'The conversation closes and nothing will be recorded. A new request can be opened later.'}
          </p>
          <ConsentTextArea
            key={JSON.stringify(state)}
            label="Reason (optional)"
            name="reason"
            hint={`You do not have to give one. Up to ${WITHDRAWAL_REASON_MAX} characters.`}
            defaultValue={reason}
            errors={state.errors?.reason}
            rows={2}
          />
          <div className="flex flex-wrap gap-3">
            <SubmitButton variant="danger" pendingText="Withdrawing…">
              Confirm withdrawal
            </SubmitButton>
            <button
              type="button"
              onClick={() => setOpen(false)}
              className="inline-flex min-h-11 items-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100"
            >
              Go back
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
