// Session summaries and the therapist's exercise library: shapes, limits and words. Client-safe: no server imports.

/** One exercise as a summary carries it: copied from the library (or written for this client), never linked. */
export interface SummaryExercise {
  title: string;
  body: string;
}

/** What a summary says, sealed under the client's key as one JSON document per version. */
export interface SummaryContent {
  keyPoints: string;
  homework: string;
  exercises: SummaryExercise[];
}

/** An exercise of the therapist's library, opened. */
export interface LibraryExercise {
  id: string;
  title: string;
  instructions: string;
  createdAt: Date;
  archivedAt: Date | null;
}

/** Limits on what a therapist writes: enough for a page of notes, refused beyond (oversize text is an attack too). */
export const KEY_POINTS_MAX = 5000;
export const HOMEWORK_MAX = 3000;
export const EXERCISES_MAX = 6;
export const EXERCISE_TITLE_MAX = 120;
export const EXERCISE_BODY_MAX = 3000;

/** The form names of the n-th exercise of the summary editor. */
export const exerciseField = (index: number, part: 'title' | 'body') => `exercise-${index}-${part}`;

/** Where a summary stands, for the therapist's list of past sessions. */
export type SummaryStatus = 'none' | 'draft' | 'shared';

export const SUMMARY_STATUS_LABELS: Record<SummaryStatus, string> = {
  none: 'No summary yet',
  draft: 'Draft, not shared',
  shared: 'Shared',
};

/** Why a save was refused, in words for the therapist. */
export const SUMMARY_REFUSALS = {
  not_found: 'We could not find that session among your clients’ past sessions.',
  not_started: 'A summary can be written once the session has started.',
  cancelled: 'This session was cancelled, so it has no summary.',
  conflict: 'This summary was changed in another window since you opened it. Reload the page to see the latest version, then make your changes again.',
} as const;

export type SummaryRefusal = keyof typeof SUMMARY_REFUSALS;

/** An empty summary, for the editor of a session without one. */
export const EMPTY_SUMMARY: SummaryContent = { keyPoints: '', homework: '', exercises: [] };
