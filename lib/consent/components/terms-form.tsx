'use client';

import { useActionState, useState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { changeTermsAction } from '../actions';
import type { ConsentTerms, PracticeLimits } from '../model';
import { type SessionChoice, TermsFields } from './terms-fields';

/**
 * Proposing a change to one part of the terms, behind a "Change" button so the section reads calmly first. The form
 * sends the terms version it was opened with: if the other person saved first, the save is refused with the conflict
 * message, what was typed stays in the fields, and the page shows the latest terms above to compare.
 */
export function ChangeTermsForm({
  requestId,
  termsVersion,
  terms,
  limits,
  sessions,
  timeZone,
  part,
  label,
  signed,
}: {
  requestId: string;
  termsVersion: number;
  terms: ConsentTerms;
  limits: PracticeLimits;
  sessions: SessionChoice[];
  timeZone: string;
  part: 'purpose_scope' | 'terms';
  /** The section's name, for the button. */
  label: string;
  /** Someone has signed already: a change clears their signature. */
  signed: boolean;
}) {
  const [state, action] = useActionState(changeTermsAction, initialActionState);
  const [panel, setPanel] = useState({ open: false, at: state });
  const panelId = `change-${part}`;
  // Opened or closed by hand until the next answer; then open after a refusal (what was typed is in it), closed after a save.
  const showing = panel.at === state ? panel.open : !!state.message && !state.ok;
  return (
    <div className="space-y-3">
      {state.ok && <FormMessage state={state} />}
      <button
        type="button"
        aria-expanded={showing}
        aria-controls={panelId}
        onClick={() => setPanel({ open: !showing, at: state })}
        className="inline-flex min-h-11 items-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-stone-800 shadow-sm ring-1 ring-stone-300 hover:bg-stone-100"
      >
        {showing ? 'Close without saving' : `Suggest a change to “${label}”`}
      </button>
      <div id={panelId} hidden={!showing}>
        <form action={action} className="space-y-4 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200" noValidate>
          <input type="hidden" name="requestId" value={requestId} />
          <input type="hidden" name="baseVersion" value={termsVersion} />
          {!state.ok && <FormMessage state={state} />}
          {signed && <p className="text-sm font-medium text-amber-800">Saving a change clears the signatures given so far: you both read and sign again.</p>}
          <TermsFields state={state} terms={terms} limits={limits} sessions={sessions} timeZone={timeZone} part={part} />
          <SubmitButton pendingText="Saving…">Save the change</SubmitButton>
        </form>
      </div>
    </div>
  );
}
