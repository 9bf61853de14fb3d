'use client';

import { useActionState, useState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { declineAction } from '../actions';
import { type Alternative, ALTERNATIVE_LABELS, ALTERNATIVES } from '../model';

/**
 * The client says no to recording, at any point before the agreement is in force: one button, then a confirmation
 * that asks for no reason and offers the alternatives (the ones proposed so far are ticked).
 */
export function DeclineForm({ requestId, proposed }: { requestId: string; proposed: Alternative[] }) {
  const [state, action] = useActionState(declineAction, initialActionState);
  const [open, setOpen] = useState(false);
  const showing = open || (!!state.message && !state.ok);
  const typed = state.values && !state.ok ? state.values : null;
  const checked = (code: Alternative) => (typed ? !!typed[`alternative_${code}`] : proposed.includes(code));
  return (
    <div className="space-y-3">
      {!showing && (
        <button
          type="button"
          aria-expanded={false}
          aria-controls="decline-panel"
          onClick={() => setOpen(true)}
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-red-800 shadow-sm ring-1 ring-red-300 hover:bg-red-50"
        >
          Say no to recording
        </button>
      )}
      <div id="decline-panel" hidden={!showing}>
        <form action={action} className="space-y-4 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200" noValidate>
          <input type="hidden" name="requestId" value={requestId} />
          <FormMessage state={state} />
          <p className="text-stone-800">
            You do not need to give a reason, and nothing about your care changes. Nothing will be recorded. If you like, choose what you would like
            instead.
          </p>
          <fieldset key={JSON.stringify(typed ?? proposed)} className="space-y-2">
            <legend className="text-sm font-medium text-stone-800">Instead of recording (optional)</legend>
            {ALTERNATIVES.map((code) => (
              <label key={code} className="flex min-h-11 items-start gap-3 text-stone-800">
                <input type="checkbox" name={`alternative_${code}`} defaultChecked={checked(code)} className="mt-1 size-5 shrink-0 accent-hearth-700" />
                <span>{ALTERNATIVE_LABELS[code]}</span>
              </label>
            ))}
          </fieldset>
          <div className="flex flex-wrap gap-3">
            <SubmitButton variant="danger" pendingText="Saving…">
              Confirm: no recording
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
