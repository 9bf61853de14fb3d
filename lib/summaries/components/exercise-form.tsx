'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { Field, FormMessage, SubmitButton, TextField } from '@/lib/ui/form';
import { archiveExerciseAction, saveExerciseAction } from '../actions';
import { EXERCISE_BODY_MAX, EXERCISE_TITLE_MAX, type LibraryExercise } from '../model';

const TEXTAREA = 'block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';

/** A new exercise for the library, or changes to one of it. What was typed stays when something is refused. */
export function ExerciseForm({ exercise }: { exercise?: Pick<LibraryExercise, 'id' | 'title' | 'instructions'> }) {
  const [state, action] = useActionState(saveExerciseAction, initialActionState);
  const instructions = state.values?.instructions ?? exercise?.instructions ?? '';
  return (
    <form action={action} className="space-y-4" noValidate>
      {exercise && <input type="hidden" name="exerciseId" value={exercise.id} />}
      <FormMessage state={state} />
      <TextField label="Title" name="title" state={state} defaultValue={exercise?.title} maxLength={EXERCISE_TITLE_MAX} required />
      <Field label="Instructions" name="instructions" state={state} hint="One step a line: the between-session audio pauses after each step.">
        {(control) => <textarea key={instructions} {...control} defaultValue={instructions} rows={6} maxLength={EXERCISE_BODY_MAX} className={TEXTAREA} />}
      </Field>
      <SubmitButton pendingText="Saving…">{exercise ? 'Save changes' : 'Add to library'}</SubmitButton>
    </form>
  );
}

/** Archiving one exercise: it leaves the library; summaries keep their copies. */
export function ArchiveExerciseForm({ exerciseId, title }: { exerciseId: string; title: string }) {
  const [state, action] = useActionState(archiveExerciseAction, initialActionState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="exerciseId" value={exerciseId} />
      <FormMessage state={state} />
      <SubmitButton variant="secondary" pendingText="Archiving…">
        Archive<span className="sr-only"> {title}</span>
      </SubmitButton>
    </form>
  );
}
