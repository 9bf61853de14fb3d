import { z } from 'zod';
import { isIsoDate } from '@/lib/platform/clock';
import { EPISODE_KINDS, EPISODE_REFUSALS } from './model';
import { isFollowUp } from './access';

const notFound = { error: EPISODE_REFUSALS.not_found };
const blankAsNull = (value: unknown) => (value === '' || value === undefined ? null : value);

/** Composing (or composing again) one episode of a session's series, for the therapist to preview. */
export const composeEpisodeSchema = z
  .object({
    clientId: z.uuid(notFound),
    appointmentId: z.uuid(notFound),
    kind: z.enum(EPISODE_KINDS, { error: 'Choose which episode to compose.' }),
    exercise: z.preprocess(blankAsNull, z.coerce.number({ error: EPISODE_REFUSALS.bad_exercise }).int(EPISODE_REFUSALS.bad_exercise).min(0).nullable()),
    deliverDate: z.preprocess(blankAsNull, z.string().refine(isIsoDate, 'Write the date as YYYY-MM-DD.').nullable()),
    deliverTime: z.preprocess(blankAsNull, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write the time as HH:MM, for example 18:00.').nullable()),
  })
  .superRefine((input, context) => {
    if (!isFollowUp(input.kind)) return;
    if (!input.deliverDate) context.addIssue({ code: 'custom', path: ['deliverDate'], message: 'Choose the day it reaches your client.' });
    if (!input.deliverTime) context.addIssue({ code: 'custom', path: ['deliverTime'], message: 'Choose the time it reaches your client.' });
  });

export type ComposeEpisodeInput = z.output<typeof composeEpisodeSchema>;

export const releaseEpisodeSchema = z.object({
  clientId: z.uuid(notFound),
  appointmentId: z.uuid(notFound),
  episodeId: z.uuid(notFound),
});

/** Taking a released episode back: the same three ids. */
export const withdrawEpisodeSchema = releaseEpisodeSchema;

export type EpisodeIds = z.output<typeof releaseEpisodeSchema>;
