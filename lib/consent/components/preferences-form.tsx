'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { savePreferencesAction } from '../actions';
import { PREFERENCES_MAX } from '../model';
import { ConsentTextArea } from './terms-fields';

/** The therapist's own preferences about recording, in their words (section 2). */
export function PreferencesForm({ requestId, rowVersion, preferences }: { requestId: string; rowVersion: number; preferences: string | null }) {
  const [state, action] = useActionState(savePreferencesAction, initialActionState);
  const value = state.values && !state.ok ? (state.values.preferences ?? '') : (preferences ?? '');
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="rowVersion" value={rowVersion} />
      <FormMessage state={state} />
      <ConsentTextArea
        key={value}
        label="Your preferences, in your own words"
        name="preferences"
        hint={`What you would like your client to know about recording with you. Up to ${PREFERENCES_MAX} characters. Saving asks you both to mark this section again.`}
        defaultValue={value}
        errors={state.errors?.preferences}
        rows={4}
      />
      <SubmitButton pendingText="Saving…">Save preferences</SubmitButton>
    </form>
  );
}
