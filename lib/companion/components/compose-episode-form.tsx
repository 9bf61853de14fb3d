'use client';

import { useActionState, useState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { Field, FormMessage, SelectField, SubmitButton, TextField } from '@/lib/ui/form';
import { composeEpisodeAction } from '../actions';
import { EPISODE_KIND_HINTS, EPISODE_KIND_LABELS, type EpisodeKind } from '../model';

type FollowUpKind = Exclude<EpisodeKind, 'after_session'>;
const FOLLOW_UP_KINDS: FollowUpKind[] = ['exercise_again', 'before_next_session'];
const SELECT = 'block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';

/**
 * Composing an episode to preview: the one after the session (with the exercise it guides), or a follow-up of the
 * series at a day and time of the therapist's choosing (suggested: the exercise again three days on, a reflection the
 * evening before the next session).
 */
export function ComposeEpisodeForm({
  clientId,
  appointmentId,
  mode,
  exercises,
  suggestions,
  timeZoneName,
}: {
  clientId: string;
  appointmentId: string;
  mode: 'first' | 'follow_up';
  exercises: { index: number; title: string }[];
  suggestions: Record<FollowUpKind, { date: string; time: string }>;
  timeZoneName: string;
}) {
  const [state, action] = useActionState(composeEpisodeAction, initialActionState);
  const [kind, setKind] = useState<FollowUpKind>((state.values?.kind as FollowUpKind) ?? 'exercise_again');
  const exerciseOptions = exercises.map((exercise) => ({ value: String(exercise.index), label: exercise.title }));
  const suggested = suggestions[kind];
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="clientId" value={clientId} />
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <FormMessage state={state} />
      {mode === 'first' ? (
        <>
          <input type="hidden" name="kind" value="after_session" />
          <p className="text-sm text-stone-600">{EPISODE_KIND_HINTS.after_session}</p>
        </>
      ) : (
        <>
          <Field label="Which follow-up" name="kind" state={state}>
            {(control) => (
              <select {...control} value={kind} onChange={(event) => setKind(event.currentTarget.value as FollowUpKind)} className={SELECT}>
                {FOLLOW_UP_KINDS.map((value) => (
                  <option key={value} value={value}>
                    {EPISODE_KIND_LABELS[value]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <p className="text-sm text-stone-600">{EPISODE_KIND_HINTS[kind]}</p>
        </>
      )}
      {exerciseOptions.length > 0 && (mode === 'first' || kind === 'exercise_again') && (
        <SelectField label="The exercise it guides" name="exercise" state={state} options={exerciseOptions} defaultValue="0" />
      )}
      {mode === 'follow_up' && (
        <div key={kind} className="grid gap-4 sm:grid-cols-2">
          <TextField label="Day it reaches your client" name="deliverDate" type="date" state={state} defaultValue={suggested.date} required />
          <TextField label="Time" name="deliverTime" type="time" step={60} hint={`Practice time (${timeZoneName}).`} state={state} defaultValue={suggested.time} required />
        </div>
      )}
      <SubmitButton variant="secondary" pendingText="Composing…">
        {mode === 'first' ? 'Compose the episode' : 'Compose the follow-up'}
      </SubmitButton>
    </form>
  );
}
