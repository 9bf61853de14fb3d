'use client';

import { useActionState, useId, useState } from 'react';
import { initialActionState, type ActionState } from '@/lib/actions/state';
import { FieldError, FormMessage, SubmitButton } from '@/lib/ui/form';
import { saveLocationAction } from '../actions';
import type { CountryOption, LocationInput } from '../regions';

const selectClass = 'block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';

// Each action result is a new state object; numbering them gives the selects a key that changes after every save.
const generations = new WeakMap<ActionState, number>();
let lastGeneration = 0;
function generationOf(state: ActionState): number {
  if (!generations.has(state)) generations.set(state, ++lastGeneration);
  return generations.get(state)!;
}

/**
 * "Country" and "State, province or territory" selects, posting `country` and `region`. The region choices follow the
 * country; countries with one rule throughout have none, and the region select is then left out. The selects are
 * uncontrolled, since React's form reset after an action puts a controlled select back to its first option; they are
 * remounted after each save to show what the action echoed back or, after a success, what is now saved.
 */
export function LocationFields(props: LocationFieldsProps) {
  return <LocationSelects key={generationOf(props.state)} {...props} />;
}

interface LocationFieldsProps {
  countries: readonly CountryOption[];
  location: LocationInput;
  state: ActionState;
  countryHint: string;
  /** Offer "Not set" for the country (the practice's location may be left unset; a client's may not). */
  allowUnset?: boolean;
}

function LocationSelects({
  countries,
  location,
  state,
  countryHint,
  allowUnset = false,
}: LocationFieldsProps) {
  const id = useId();
  // A refused save shows what was chosen; otherwise the saved location.
  const initialCountry = state.values?.country ?? location.country ?? '';
  const initialRegion = state.values?.region ?? location.region ?? '';
  // Only to offer the chosen country's regions.
  const [country, setCountry] = useState(initialCountry);
  const regions = countries.find((option) => option.code === country)?.regions ?? [];
  const countryErrors = state.errors?.country;
  const regionErrors = state.errors?.region;
  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <label htmlFor={`${id}-country`} className="block text-sm font-medium text-stone-800">
          Country
        </label>
        <p id={`${id}-country-hint`} className="text-sm text-stone-600">
          {countryHint}
        </p>
        <select
          id={`${id}-country`}
          name="country"
          defaultValue={initialCountry}
          onChange={(event) => setCountry(event.target.value)}
          required={!allowUnset}
          aria-invalid={countryErrors?.length ? true : undefined}
          aria-describedby={countryErrors?.length ? `${id}-country-hint ${id}-country-error` : `${id}-country-hint`}
          className={selectClass}
        >
          <option value="">{allowUnset ? 'Not set' : 'Choose a country'}</option>
          {countries.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-country-error`} errors={countryErrors} />
      </div>
      {regions.length > 0 && (
        <div className="space-y-1">
          <label htmlFor={`${id}-region`} className="block text-sm font-medium text-stone-800">
            State, province or territory
          </label>
          <select
            // A new country starts with no region chosen.
            key={country}
            id={`${id}-region`}
            name="region"
            defaultValue={country === initialCountry ? initialRegion : ''}
            required
            aria-invalid={regionErrors?.length ? true : undefined}
            aria-describedby={regionErrors?.length ? `${id}-region-error` : undefined}
            className={selectClass}
          >
            <option value="">Choose one</option>
            {regions.map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-region-error`} errors={regionErrors} />
        </div>
      )}
    </div>
  );
}

/** The client's "Where you are" form on the account page. */
export function LocationForm({ countries, location }: { countries: readonly CountryOption[]; location: LocationInput }) {
  const [state, action] = useActionState(saveLocationAction, initialActionState);
  return (
    <form action={action} className="max-w-xl space-y-5" noValidate>
      <FormMessage state={state} />
      <LocationFields
        countries={countries}
        location={location}
        state={state}
        countryHint="Where you usually are during sessions. The law on recording sessions depends on it. If your country is not listed, ask your practice."
      />
      <SubmitButton pendingText="Saving…">Save location</SubmitButton>
    </form>
  );
}
