import type { LibraryExercise } from '../model';
import { ArchiveExerciseForm, ExerciseForm } from './exercise-form';

/** The therapist's exercises: each with its instructions, a way to change it and to archive it; archived ones after. */
export function ExerciseLibraryView({ active, archived }: { active: LibraryExercise[]; archived: LibraryExercise[] }) {
  return (
    <div className="space-y-4">
      {active.length === 0 ? (
        <p className="text-stone-600">Your library is empty. Exercises you add here can be copied into any session summary.</p>
      ) : (
        <ul className="space-y-3" aria-label="Your exercises">
          {active.map((exercise) => (
            <li key={exercise.id}>
              <article aria-labelledby={`exercise-${exercise.id}`} className="space-y-2 rounded-lg bg-white p-4 ring-1 ring-stone-200">
                <h3 id={`exercise-${exercise.id}`} className="font-semibold text-stone-900 break-words">
                  {exercise.title}
                </h3>
                <p className="whitespace-pre-line break-words text-stone-800">{exercise.instructions}</p>
                <details>
                  <summary className="inline-flex min-h-11 cursor-pointer items-center rounded-lg px-2 text-sm font-medium text-hearth-700 underline underline-offset-2">
                    Edit<span className="sr-only"> {exercise.title}</span>
                  </summary>
                  <div className="mt-3 space-y-4 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
                    <ExerciseForm exercise={exercise} />
                    <ArchiveExerciseForm exerciseId={exercise.id} title={exercise.title} />
                  </div>
                </details>
              </article>
            </li>
          ))}
        </ul>
      )}
      {archived.length > 0 && (
        <details>
          <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-stone-700">Archived ({archived.length})</summary>
          <ul className="mt-2 space-y-2" aria-label="Archived exercises">
            {archived.map((exercise) => (
              <li key={exercise.id} className="rounded-lg bg-stone-50 p-3 text-stone-700 ring-1 ring-stone-200">
                <p className="font-medium break-words">{exercise.title}</p>
                <p className="whitespace-pre-line break-words text-sm">{exercise.instructions}</p>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
