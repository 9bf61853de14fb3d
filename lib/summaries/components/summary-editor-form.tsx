'use client';

import { useActionState, useId, useRef, useState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { Field, FieldError, FormMessage, SubmitButton } from '@/lib/ui/form';
import { saveSummaryAction } from '../actions';
import {
  EXERCISES_MAX,
  EXERCISE_BODY_MAX,
  EXERCISE_TITLE_MAX,
  HOMEWORK_MAX,
  KEY_POINTS_MAX,
  exerciseField,
  type SummaryContent,
} from '../model';

const CONTROL = 'block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';
const BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-stone-800 shadow-sm ring-1 ring-stone-300 hover:bg-stone-100 disabled:opacity-60';

interface DraftExercise {
  key: number;
  title: string;
  body: string;
}

/**
 * Writing a session's summary: key points, homework and exercises (copied from the library, so later changes there
 * leave this summary as it is, or written for this client). Everything typed stays in the page whatever the answer;
 * before sharing there is "Save draft" and "Share"; once shared, every save is a new version the client sees.
 */
export function SummaryEditorForm({
  clientId,
  clientName,
  appointmentId,
  revision,
  shared,
  initial,
  library,
}: {
  clientId: string;
  clientName: string;
  appointmentId: string;
  revision: string;
  shared: boolean;
  initial: SummaryContent;
  library: { id: string; title: string; instructions: string }[];
}) {
  const [state, action] = useActionState(saveSummaryAction, initialActionState);
  const [keyPoints, setKeyPoints] = useState(initial.keyPoints);
  const [homework, setHomework] = useState(initial.homework);
  const nextKey = useRef(initial.exercises.length);
  const [exercises, setExercises] = useState<DraftExercise[]>(initial.exercises.map((exercise, key) => ({ key, ...exercise })));
  const [picked, setPicked] = useState(library[0]?.id ?? '');
  const pickerId = useId();
  const firstName = clientName.split(' ')[0];
  const full = exercises.length >= EXERCISES_MAX;

  const add = (exercise: { title: string; body: string }) => setExercises((current) => [...current, { key: nextKey.current++, ...exercise }]);
  const change = (key: number, part: 'title' | 'body', value: string) =>
    setExercises((current) => current.map((exercise) => (exercise.key === key ? { ...exercise, [part]: value } : exercise)));
  const remove = (key: number) => setExercises((current) => current.filter((exercise) => exercise.key !== key));
  function addFromLibrary() {
    const chosen = library.find((exercise) => exercise.id === picked);
    if (chosen) add({ title: chosen.title, body: chosen.instructions });
  }

  return (
    <form action={action} className="space-y-6" noValidate>
      <input type="hidden" name="clientId" value={clientId} />
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <input type="hidden" name="revision" value={(state.ok && typeof state.data?.revision === 'string' ? state.data.revision : null) ?? revision} />
      <FormMessage state={state} />
      <Field label="Key points" name="keyPoints" state={state} hint={`What you want ${firstName} to take away, in your words. One point a line.`}>
        {(control) => (
          <textarea {...control} value={keyPoints} onChange={(event) => setKeyPoints(event.target.value)} rows={6} maxLength={KEY_POINTS_MAX} className={CONTROL} />
        )}
      </Field>
      <Field label="Homework (optional)" name="homework" state={state}>
        {(control) => <textarea {...control} value={homework} onChange={(event) => setHomework(event.target.value)} rows={3} maxLength={HOMEWORK_MAX} className={CONTROL} />}
      </Field>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-stone-900">Exercises</legend>
        {exercises.length === 0 && <p className="text-sm text-stone-600">No exercises in this summary.</p>}
        {exercises.map((exercise, index) => (
          <div key={exercise.key} role="group" aria-label={`Exercise ${index + 1}`} className="space-y-3 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
            <p className="text-sm font-semibold text-stone-800">Exercise {index + 1}</p>
            <ExerciseInput
              label={`Title of exercise ${index + 1}`}
              name={exerciseField(index, 'title')}
              errors={state.errors?.[exerciseField(index, 'title')]}
              value={exercise.title}
              onChange={(value) => change(exercise.key, 'title', value)}
            />
            <ExerciseInput
              label={`Instructions of exercise ${index + 1}`}
              name={exerciseField(index, 'body')}
              errors={state.errors?.[exerciseField(index, 'body')]}
              value={exercise.body}
              onChange={(value) => change(exercise.key, 'body', value)}
              multiline
            />
            <button type="button" onClick={() => remove(exercise.key)} className={BUTTON}>
              Remove exercise {index + 1}
            </button>
          </div>
        ))}
        {full ? (
          <p className="text-sm text-stone-600">A summary holds at most {EXERCISES_MAX} exercises.</p>
        ) : (
          <div className="flex flex-wrap items-end gap-2">
            {library.length > 0 && (
              <>
                <div className="space-y-1">
                  <label htmlFor={pickerId} className="block text-sm font-medium text-stone-800">
                    From your library
                  </label>
                  <select
                    id={pickerId}
                    value={picked}
                    onChange={(event) => setPicked(event.target.value)}
                    className="block min-h-11 max-w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm"
                  >
                    {library.map((exercise) => (
                      <option key={exercise.id} value={exercise.id}>
                        {exercise.title}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="button" onClick={addFromLibrary} className={BUTTON}>
                  Add to summary
                </button>
              </>
            )}
            <button type="button" onClick={() => add({ title: '', body: '' })} className={BUTTON}>
              Write an exercise for {firstName}
            </button>
          </div>
        )}
      </fieldset>

      <div className="flex flex-wrap gap-2">
        {shared ? (
          <SubmitButton name="intent" value="share" pendingText="Sharing…">
            Save and share changes
          </SubmitButton>
        ) : (
          <>
            <SubmitButton name="intent" value="draft" variant="secondary" pendingText="Saving…">
              Save draft
            </SubmitButton>
            <SubmitButton name="intent" value="share" pendingText="Sharing…">
              Share with {clientName}
            </SubmitButton>
          </>
        )}
      </div>
      <p className="text-sm text-stone-600">
        {shared
          ? `${firstName} sees each change as an edit, with the date, and can still read every earlier version.`
          : `${firstName} sees nothing until you share. After that, every change is kept as a new version.`}
      </p>
    </form>
  );
}

function ExerciseInput({
  label,
  name,
  errors,
  value,
  onChange,
  multiline,
}: {
  label: string;
  name: string;
  errors?: string[];
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
}) {
  const id = useId();
  const errorId = errors?.length ? `${id}-error` : undefined;
  const control = { id, name, value, 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': errorId, className: CONTROL };
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {multiline ? (
        <textarea {...control} rows={4} maxLength={EXERCISE_BODY_MAX} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...control} maxLength={EXERCISE_TITLE_MAX} onChange={(event) => onChange(event.target.value)} />
      )}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}
