import { z } from 'zod';
import {
  EXERCISES_MAX,
  EXERCISE_BODY_MAX,
  EXERCISE_TITLE_MAX,
  HOMEWORK_MAX,
  KEY_POINTS_MAX,
  SUMMARY_REFUSALS,
  exerciseField,
  type SummaryExercise,
} from './model';

const uuid = (message: string) => z.uuid({ error: message });

// Line breaks as the browser sends them (CRLF) are kept as plain newlines; nothing else is changed.
const text = (max: number, tooLong: string) =>
  z
    .string()
    .default('')
    .transform((value) => value.replace(/\r\n?/g, '\n').trim())
    .refine((value) => value.length <= max, tooLong);

const title = text(EXERCISE_TITLE_MAX, `Keep the title under ${EXERCISE_TITLE_MAX} characters.`);
const instructions = text(EXERCISE_BODY_MAX, `Keep the instructions under ${EXERCISE_BODY_MAX} characters.`);

/** A library exercise, new (no id) or edited. */
export const saveExerciseSchema = z.object({
  exerciseId: uuid('That exercise is not in your library.').optional().or(z.literal('').transform(() => undefined)),
  title: title.refine((value) => value !== '', 'Give the exercise a title.'),
  instructions: instructions.refine((value) => value !== '', 'Write the instructions.'),
});

export const archiveExerciseSchema = z.object({ exerciseId: uuid('That exercise is not in your library.') });

// The editor's exercises arrive as numbered pairs of fields (exercise-0-title, exercise-0-body…), so an error names
// the very field it is about.
const exerciseShape = Object.fromEntries(
  Array.from({ length: EXERCISES_MAX }, (_, index) => [
    [exerciseField(index, 'title'), title],
    [exerciseField(index, 'body'), instructions],
  ]).flat(),
) as Record<string, typeof title>;

/** The summary editor: "Save draft" or "Share", with the revision it was opened at. */
export const saveSummarySchema = z
  .object({
    clientId: uuid(SUMMARY_REFUSALS.not_found),
    appointmentId: uuid(SUMMARY_REFUSALS.not_found),
    keyPoints: text(KEY_POINTS_MAX, `Keep the key points under ${KEY_POINTS_MAX} characters.`).refine((value) => value !== '', 'Write at least one key point.'),
    homework: text(HOMEWORK_MAX, `Keep the homework under ${HOMEWORK_MAX} characters.`),
    intent: z.enum(['draft', 'share'], { error: 'Choose to save a draft or to share.' }),
    // The summary's revision when the editor was opened ('new' when it had none): a save on top of another is refused.
    revision: z.string().regex(/^(new|\d{1,16})$/, SUMMARY_REFUSALS.conflict),
    ...exerciseShape,
  })
  .superRefine((input, context) => {
    const fields = input as Record<string, string>;
    for (let index = 0; index < EXERCISES_MAX; index++) {
      const [titleField, bodyField] = [exerciseField(index, 'title'), exerciseField(index, 'body')];
      if (fields[titleField] && !fields[bodyField]) context.addIssue({ code: 'custom', path: [bodyField], message: 'Write what the exercise asks, or remove it.' });
      if (!fields[titleField] && fields[bodyField]) context.addIssue({ code: 'custom', path: [titleField], message: 'Give the exercise a title.' });
    }
  })
  .transform((input) => {
    const fields = input as Record<string, string>;
    const exercises: SummaryExercise[] = [];
    for (let index = 0; index < EXERCISES_MAX; index++) {
      const [exerciseTitle, body] = [fields[exerciseField(index, 'title')], fields[exerciseField(index, 'body')]];
      if (exerciseTitle && body) exercises.push({ title: exerciseTitle, body });
    }
    return {
      clientId: input.clientId,
      appointmentId: input.appointmentId,
      intent: input.intent,
      revision: input.revision,
      content: { keyPoints: input.keyPoints, homework: input.homework, exercises },
    };
  });

export type SaveSummaryInput = z.output<typeof saveSummarySchema>;
