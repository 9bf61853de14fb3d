'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FieldError, FormMessage, SubmitButton } from '@/lib/ui/form';
import { proposeAlternativesAction } from '../actions';
import { type Alternative, ALTERNATIVE_LABELS, ALTERNATIVES } from '../model';

/** Either person proposes alternatives to recording (section 5); the set proposed replaces the last one. */
export function AlternativesForm({ requestId, rowVersion, proposed }: { requestId: string; rowVersion: number; proposed: Alternative[] }) {
  const [state, action] = useActionState(proposeAlternativesAction, initialActionState);
  const typed = state.values && !state.ok ? state.values : null;
  const checked = (code: Alternative) => (typed ? !!typed[`alternative_${code}`] : proposed.includes(code));
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="rowVersion" value={rowVersion} />
      <FormMessage state={state} />
      <fieldset key={JSON.stringify(typed ?? proposed)} className="space-y-2">
        <legend className="text-sm font-medium text-stone-800">Alternatives to propose</legend>
        {ALTERNATIVES.map((code) => (
          <label key={code} className="flex min-h-11 items-start gap-3 text-stone-800">
            <input type="checkbox" name={`alternative_${code}`} defaultChecked={checked(code)} className="mt-1 size-5 shrink-0 accent-hearth-700" />
            <span>{ALTERNATIVE_LABELS[code]}</span>
          </label>
        ))}
        <FieldError errors={state.errors?.alternatives} />
      </fieldset>
      <SubmitButton variant="secondary" pendingText="Saving…">
        Propose these alternatives
      </SubmitButton>
    </form>
  );
}
