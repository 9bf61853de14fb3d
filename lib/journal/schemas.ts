import { z } from 'zod';
import { isIsoDate } from '@/lib/platform/clock';
import { FIELD_LABELS, FIELD_MAX, MOOD_MAX, MOOD_MIN, PROMPT_KEYS, type PromptKey, SEARCH_WORDS_MAX, TAG_MAX, TAGS_MAX, TITLE_MAX, tooLongMessage } from './model';

const uuid = z.uuid('Choose an item from the list.');
const isoDate = (label: string) => z.string().refine(isIsoDate, `Enter “${label}” as a date (YYYY-MM-DD).`);
// Kept exactly as typed (no trimming): what the editor sent is what it compares its text with.
const field = (key: string) => z.string(`“${FIELD_LABELS[key]}” must be text.`).max(FIELD_MAX, tooLongMessage(FIELD_LABELS[key], FIELD_MAX));

export const entryContentSchema = z.object({
  title: z.string().max(TITLE_MAX, tooLongMessage(FIELD_LABELS.title, TITLE_MAX)),
  prompts: z.object(Object.fromEntries(PROMPT_KEYS.map((key) => [key, field(key)])) as Record<PromptKey, ReturnType<typeof field>>),
  text: field('text'),
  mood: z
    .number()
    .int()
    .min(MOOD_MIN, `Choose a mood from ${MOOD_MIN} to ${MOOD_MAX}.`)
    .max(MOOD_MAX, `Choose a mood from ${MOOD_MIN} to ${MOOD_MAX}.`)
    .nullable(),
  tags: z
    .array(z.string().trim().min(1, 'A tag cannot be empty.').max(TAG_MAX, `Keep each tag under ${TAG_MAX} characters.`))
    .max(TAGS_MAX, `Use at most ${TAGS_MAX} tags.`),
});

/** The autosave route's body: the draft, the version it edited, and who is editing (one page in one tab). */
export const saveEntrySchema = z.object({
  baseVersion: z.number().int().min(0),
  editor: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Reload the page and try again.'),
  seq: z.number().int().min(1),
  entryDate: isoDate(FIELD_LABELS.entryDate),
  appointmentId: uuid.nullable(),
  summaryId: uuid.nullable().optional(),
  content: entryContentSchema,
});

export type SaveEntryInput = z.infer<typeof saveEntrySchema>;

/** Refusals by field, keyed by the field's own name (a prompt's key, "tags" for any one tag). */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    const key = path.includes('tags') ? 'tags' : (path.at(-1) ?? 'form');
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

const optionalDate = (label: string) => z.union([z.literal(''), isoDate(label)]);
const optionalMood = z.union([z.literal(''), z.enum(Array.from({ length: MOOD_MAX - MOOD_MIN + 1 }, (_, i) => String(MOOD_MIN + i)) as [string, ...string[]], { message: `Choose a mood from ${MOOD_MIN} to ${MOOD_MAX}.` })]);

/** The search form's criteria, as typed; every one may be left empty. */
export const searchSchema = z
  .object({
    words: z.string().max(SEARCH_WORDS_MAX, `Keep the words under ${SEARCH_WORDS_MAX} characters.`),
    tags: z.string().max(TAGS_MAX * (TAG_MAX + 2), 'That is more tags than an entry can have.'),
    from: optionalDate('From'),
    to: optionalDate('To'),
    moodMin: optionalMood,
    moodMax: optionalMood,
    page: z.number().int().min(1).max(100_000),
  })
  .refine((criteria) => !criteria.from || !criteria.to || criteria.from <= criteria.to, { message: '“From” must be on or before “To”.', path: ['to'] })
  .refine((criteria) => !criteria.moodMin || !criteria.moodMax || Number(criteria.moodMin) <= Number(criteria.moodMax), {
    message: 'The lowest mood must not be above the highest.',
    path: ['moodMax'],
  });

export const shareEntrySchema = z.object({ entryId: uuid, therapistId: z.uuid('Choose who to share it with.') });
export const entryIdSchema = z.object({ entryId: uuid });
