'use client';

import { useId } from 'react';
import { useFormStatus } from 'react-dom';
import type { ActionState } from '../actions/state';

export function SubmitButton({
  children,
  pendingText,
  variant = 'primary',
  ...button
}: { children: React.ReactNode; pendingText?: string; variant?: 'primary' | 'secondary' | 'danger' } & Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'disabled'>) {
  const { pending } = useFormStatus();
  const styles = {
    primary: 'bg-hearth-700 text-white hover:bg-hearth-800',
    secondary: 'bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100',
    danger: 'bg-red-700 text-white hover:bg-red-800',
  }[variant];
  return (
    <button
      {...button}
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className={`inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 text-sm font-semibold shadow-sm disabled:opacity-60 ${styles}`}
    >
      {pending && pendingText ? pendingText : children}
    </button>
  );
}

type ControlProps = { id: string; name: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

/** A label, hint and error around one control, tied together for assistive technology. */
export function Field({
  label,
  name,
  state,
  hint,
  children,
}: {
  label: string;
  name: string;
  state?: ActionState;
  hint?: string;
  children: (control: ControlProps) => React.ReactNode;
}) {
  const id = useId();
  const errors = state?.errors?.[name];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-stone-600">
          {hint}
        </p>
      )}
      {children({
        id,
        name,
        'aria-invalid': errors?.length ? true : undefined,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
      })}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

const CONTROL = 'block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';

// After an action React resets a form to its first defaults; a new key shows the current value.
const resetKey = (state: ActionState | undefined, name: string, fallback: unknown) => String(state?.values?.[name] ?? fallback ?? '');

type FieldProps = {
  label: string;
  name: string;
  state?: ActionState;
  hint?: string;
} & React.InputHTMLAttributes<HTMLInputElement>;

/** A labelled input whose error (from the action's state) is announced and tied to it. */
export function TextField({ label, name, state, hint, defaultValue, ...input }: FieldProps) {
  return (
    <Field label={label} name={name} state={state} hint={hint}>
      {(control) => (
        <input key={resetKey(state, name, defaultValue)} {...control} defaultValue={state?.values?.[name] ?? defaultValue} className={CONTROL} {...input} />
      )}
    </Field>
  );
}

type SelectProps = {
  label: string;
  name: string;
  state?: ActionState;
  hint?: string;
  options: { value: string; label: string }[];
} & React.SelectHTMLAttributes<HTMLSelectElement>;

export function SelectField({ label, name, state, hint, options, defaultValue, ...select }: SelectProps) {
  return (
    <Field label={label} name={name} state={state} hint={hint}>
      {(control) => (
        <select key={resetKey(state, name, defaultValue)} {...control} defaultValue={state?.values?.[name] ?? defaultValue} className={CONTROL} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function FieldError({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="text-sm font-medium text-red-700">
      {errors.join(' ')}
    </p>
  );
}

/** The form-level outcome: an alert for problems, a status for success. */
export function FormMessage({ state }: { state: ActionState }) {
  if (!state.message) return null;
  return state.ok ? (
    <p role="status" className="rounded-lg bg-hearth-50 px-3 py-2 text-sm text-hearth-800 ring-1 ring-hearth-100">
      {state.message}
    </p>
  ) : (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
      {state.message}
    </p>
  );
}
