'use client';

import { useActionState, useId } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { LocationFields } from '@/lib/jurisdictions/components/location-form';
import type { CountryOption } from '@/lib/jurisdictions/regions';
import { FieldError, FormMessage, SelectField, SubmitButton, TextField } from '@/lib/ui/form';
import { savePracticeSettingsAction } from '../actions';

interface Settings {
  name: string;
  timeZone: string;
  idleTimeoutMinutes: number;
  requireStaffMfa: boolean;
  country?: string;
  region?: string;
}

/** `timeZones` and `countries` come from the server, whose lists are the ones the save is checked against. */
export function PracticeSettingsForm({
  settings,
  timeZones,
  countries,
}: {
  settings: Settings;
  timeZones: readonly string[];
  countries: readonly CountryOption[];
}) {
  const [state, action] = useActionState(savePracticeSettingsAction, initialActionState);
  const mfaId = useId();
  const mfaErrors = state.errors?.requireStaffMfa;
  // A refused save keeps what was typed; an unchecked box is simply absent from the echo.
  const requireStaffMfa = state.values ? state.values.requireStaffMfa === 'on' : settings.requireStaffMfa;
  return (
    <form action={action} className="max-w-xl space-y-5" noValidate>
      <FormMessage state={state} />
      <TextField label="Practice name" name="name" defaultValue={settings.name} maxLength={120} autoComplete="organization" state={state} required />
      <SelectField
        label="Time zone"
        name="timeZone"
        defaultValue={settings.timeZone}
        options={timeZones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))}
        state={state}
      />
      <LocationFields
        countries={countries}
        location={{ country: settings.country ?? null, region: settings.region ?? null }}
        state={state}
        countryHint="Where the practice sees clients. The law on recording sessions depends on it."
        allowUnset
      />
      <TextField
        label="Idle timeout (minutes)"
        name="idleTimeoutMinutes"
        hint="Anyone inactive for this long is signed out. From 5 to 120 minutes."
        defaultValue={String(settings.idleTimeoutMinutes)}
        type="number"
        inputMode="numeric"
        min={5}
        max={120}
        step={1}
        state={state}
        required
      />
      <div className="space-y-1">
        <div className="flex items-start gap-3">
          <input
            id={mfaId}
            type="checkbox"
            name="requireStaffMfa"
            key={String(requireStaffMfa)}
            defaultChecked={requireStaffMfa}
            aria-describedby={`${mfaId}-hint`}
            aria-invalid={mfaErrors?.length ? true : undefined}
            className="mt-1 size-5 rounded border-stone-300 accent-hearth-700"
          />
          <div>
            <label htmlFor={mfaId} className="text-sm font-medium text-stone-800">
              Require two-step sign-in for staff
            </label>
            <p id={`${mfaId}-hint`} className="text-sm text-stone-600">
              Therapists and admins without it are asked to set it up on their next page view, before they can do anything else.
            </p>
          </div>
        </div>
        <FieldError errors={mfaErrors} />
      </div>
      <SubmitButton pendingText="Saving…">Save settings</SubmitButton>
    </form>
  );
}
