'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FieldError, FormMessage, SubmitButton } from '@/lib/ui/form';
import { acknowledgePoliciesAction } from '../actions';

export interface PolicyToAcknowledge {
  versionId: string;
  /** e.g. "I have read the Recording policy (version 3)" */
  label: string;
}

/** One checkbox per policy; nothing is recorded unless every box is ticked. */
export function AcknowledgeForm({ policies }: { policies: PolicyToAcknowledge[] }) {
  const [state, action] = useActionState(acknowledgePoliciesAction, initialActionState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="versionIds" value={policies.map((policy) => policy.versionId).join(',')} />
      {/* Remounted per answer, so a refused form keeps the boxes that were ticked. */}
      <fieldset key={JSON.stringify(state.values ?? {})} className="space-y-3">
        <legend className="sr-only">Confirm you have read each policy</legend>
        {policies.map((policy) => {
          const name = `confirm-${policy.versionId}`;
          const errors = state.errors?.[name];
          const errorId = errors?.length ? `${name}-error` : undefined;
          return (
            <div key={policy.versionId} className="space-y-1">
              <label className="flex min-h-11 items-start gap-3 text-stone-800">
                <input
                  type="checkbox"
                  name={name}
                  defaultChecked={state.values?.[name] === 'on'}
                  aria-invalid={errors?.length ? true : undefined}
                  aria-describedby={errorId}
                  className="mt-1 size-5 shrink-0 accent-hearth-700"
                />
                <span>{policy.label}</span>
              </label>
              <FieldError id={errorId} errors={errors} />
            </div>
          );
        })}
      </fieldset>
      <SubmitButton pendingText="Recording…">Acknowledge</SubmitButton>
    </form>
  );
}
