'use client';

import { useActionState, useId } from 'react';
import { initialActionState, type ActionState } from '@/lib/actions/state';
import { FieldError, FormMessage, SelectField, SubmitButton, TextField } from '@/lib/ui/form';
import { saveRecordingSettingsAction } from '../actions';
import {
  RECORDING_ALLOWED_LABELS,
  RECORDING_METHODS,
  REQUEST_OPENERS_LABELS,
  type RecordingAllowed,
  type RecordingMethod,
  type RecordingTerms,
} from '../model';

type Range = { min: number; max: number };

const ALLOWED_HINTS: Record<RecordingAllowed, string> = {
  yes: 'Clients and therapists may record once everyone in the session has agreed.',
  on_request: 'Recording happens only when someone asks and everyone agrees to that request.',
  never: 'Sessions are not recorded here. Clients see the alternatives instead.',
};

/** A group of choices with one legend, one error under it, and that error tied to the group. */
function ChoiceGroup({ legend, name, state, children }: { legend: string; name: string; state: ActionState; children: React.ReactNode }) {
  const id = useId();
  const errors = state.errors?.[name];
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <fieldset aria-describedby={errorId} aria-invalid={errors?.length ? true : undefined} className="space-y-2">
      <legend className="text-sm font-medium text-stone-800">{legend}</legend>
      <div className="space-y-2">{children}</div>
      <FieldError id={errorId} errors={errors} />
    </fieldset>
  );
}

function Choice({ type, name, value, label, hint, checked }: { type: 'radio' | 'checkbox'; name: string; value: string; label: string; hint?: string; checked: boolean }) {
  const id = useId();
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type={type}
        name={name}
        value={value}
        // Remounted when the value to show changes: React's form reset restores the first default.
        key={String(checked)}
        defaultChecked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-1 size-5 shrink-0 accent-hearth-700"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-stone-800">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-sm text-stone-600">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

/** `limits` comes from the server, whose ranges the save is checked against. */
export function RecordingSettingsForm({ terms, limits }: { terms: RecordingTerms; limits: { retentionDays: Range; uploadMb: Range } }) {
  const [state, action] = useActionState(saveRecordingSettingsAction, initialActionState);
  // A refused save keeps what was chosen; an unticked box is simply absent from the echo.
  const allowed = state.values ? state.values.allowed : terms.allowed;
  const methodChecked = (key: RecordingMethod) => (state.values ? state.values[key] === 'on' : terms[key]);
  return (
    <form action={action} className="max-w-xl space-y-6" noValidate>
      <FormMessage state={state} />
      <ChoiceGroup legend="Recording allowed" name="allowed" state={state}>
        {(Object.keys(RECORDING_ALLOWED_LABELS) as RecordingAllowed[]).map((value) => (
          <Choice key={value} type="radio" name="allowed" value={value} label={RECORDING_ALLOWED_LABELS[value]} hint={ALLOWED_HINTS[value]} checked={allowed === value} />
        ))}
      </ChoiceGroup>
      <ChoiceGroup legend="Methods allowed" name="methods" state={state}>
        {(Object.keys(RECORDING_METHODS) as RecordingMethod[]).map((key) => (
          <Choice key={key} type="checkbox" name={key} value="on" label={RECORDING_METHODS[key]} checked={methodChecked(key)} />
        ))}
      </ChoiceGroup>
      <TextField
        label="Maximum retention (days)"
        name="maxRetentionDays"
        hint={`Recordings are deleted after at most this many days. From ${limits.retentionDays.min} to ${limits.retentionDays.max}.`}
        defaultValue={String(terms.maxRetentionDays)}
        type="number"
        inputMode="numeric"
        min={limits.retentionDays.min}
        max={limits.retentionDays.max}
        step={1}
        state={state}
        required
      />
      <TextField
        label="Maximum upload size (MB)"
        name="maxUploadMb"
        hint={`The largest recording a client may upload to Hearth. From ${limits.uploadMb.min} to ${limits.uploadMb.max}.`}
        defaultValue={String(terms.maxUploadMb)}
        type="number"
        inputMode="numeric"
        min={limits.uploadMb.min}
        max={limits.uploadMb.max}
        step={1}
        state={state}
        required
      />
      <SelectField
        label="Who may open a request"
        name="requestOpeners"
        defaultValue={terms.requestOpeners}
        options={Object.entries(REQUEST_OPENERS_LABELS).map(([value, label]) => ({ value, label }))}
        state={state}
      />
      <p className="rounded-lg bg-stone-50 px-3 py-2 text-sm text-stone-700 ring-1 ring-stone-200">
        Changes apply to new requests only; agreements already signed keep the terms they were signed under.
      </p>
      <SubmitButton pendingText="Saving…">Save recording settings</SubmitButton>
    </form>
  );
}
