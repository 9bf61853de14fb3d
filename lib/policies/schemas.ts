import { z } from 'zod';
import { isIsoDate } from '@/lib/platform/clock';
import { BODY_MAX, POLICY_KINDS, SUMMARY_MAX, TITLE_MAX } from './model';

const kind = z.enum(POLICY_KINDS, { error: 'Choose one of the practice’s policies.' });

export const draftSchema = z.object({
  kind,
  title: z
    .string({ error: 'Enter a title.' })
    .trim()
    .min(1, 'Enter a title.')
    .max(TITLE_MAX, `Keep the title to ${TITLE_MAX} characters or fewer.`),
  // Not trimmed: leading spaces are meaningful in Markdown.
  body: z
    .string({ error: 'Enter the policy text.' })
    .refine((body) => body.trim().length > 0, 'Enter the policy text.')
    .refine((body) => body.length <= BODY_MAX, `Keep the policy text to ${BODY_MAX.toLocaleString('en')} characters or fewer.`),
});

export const publishSchema = z.object({
  kind,
  effectiveOn: z.string({ error: 'Enter the date this version takes effect.' }).trim().refine(isIsoDate, 'Enter a real date, like 2026-03-01.'),
  changeSummary: z
    .string({ error: 'Say briefly what changed.' })
    .trim()
    .min(1, 'Say briefly what changed (for a first version, for example “First version”).')
    .max(SUMMARY_MAX, `Keep the summary to ${SUMMARY_MAX} characters or fewer.`),
});

export const versionIdSchema = z.object({ versionId: z.uuid({ error: 'Choose a published version.' }) });

// One "confirm-<version id>" checkbox per version listed in "versionIds".
export const acknowledgeSchema = z
  .object({
    versionIds: z
      .string()
      .transform((value) => value.split(','))
      .pipe(z.array(z.uuid()).min(1).max(20)),
  })
  .catchall(z.string());

export type DraftInput = z.output<typeof draftSchema>;
export type PublishInput = z.output<typeof publishSchema>;
export type VersionIdInput = z.output<typeof versionIdSchema>;
