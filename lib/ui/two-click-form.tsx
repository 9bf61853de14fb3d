'use client';

import { useActionState, useId } from 'react';
import type { ActionState } from '@/lib/actions/state';
import { initialActionState } from '@/lib/actions/state';
import { useConfirmStep } from './confirm-step';
import { FormMessage, SubmitButton } from './form';

const BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold shadow-sm ring-1';

/**
 * A step that cannot be undone, in two clicks: the first button opens a question with what will happen, the second
 * does it, and "keep" closes the question. Rendered with `active` false once the step no longer applies (without the
 * buttons), so the outcome stays on screen after the page below it has changed.
 */
export function TwoClickForm({
  action,
  fields,
  active = true,
  opener,
  openerContext,
  headingLevel = 4,
  question,
  explanation,
  confirm,
  pending,
  keep,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  /** Hidden fields the action needs (ids). */
  fields: Record<string, string>;
  active?: boolean;
  /** The first button's words, and what it acts on for screen readers ("Delete" + " Item 2026-11-27 · K7Q2"). */
  opener: string;
  openerContext?: string;
  /** The question's heading level, under the heading of the part of the page it sits in. */
  headingLevel?: 2 | 3 | 4;
  question: string;
  explanation: string;
  confirm: string;
  pending: string;
  keep: string;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  const { confirming, headingRef, openerRef, open, dismiss } = useConfirmStep();
  const id = useId();
  const Heading = `h${headingLevel}` as const;

  if (!active) return <FormMessage state={state} />;

  if (!confirming) {
    return (
      <div className="space-y-2">
        <button ref={openerRef} type="button" onClick={open} className={`${BUTTON} text-red-800 ring-red-300 hover:bg-red-50`}>
          {opener}
          {openerContext && <span className="sr-only"> {openerContext}</span>}
        </button>
        <FormMessage state={state} />
      </div>
    );
  }

  return (
    <form action={formAction} className="space-y-3 rounded-lg bg-red-50 p-4 ring-1 ring-red-200" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-semibold text-stone-900 outline-none">
        {question}
      </Heading>
      <p className="text-sm text-stone-700">{explanation}</p>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant="danger" pendingText={pending}>
          {confirm}
        </SubmitButton>
        <button type="button" onClick={dismiss} className={`${BUTTON} text-stone-800 ring-stone-300 hover:bg-stone-100`}>
          {keep}
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
