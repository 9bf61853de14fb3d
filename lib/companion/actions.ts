'use server';

import { revalidatePath } from 'next/cache';
import type { Db } from '@/db/client';
import type { RequestContext } from '@/lib/platform/http';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import type { SessionUser } from '../auth/model';
import { composeEpisode, releaseEpisode, withdrawEpisode } from './commands';
import { EPISODE_REFUSALS } from './model';
import { composeEpisodeSchema, releaseEpisodeSchema, withdrawEpisodeSchema, type EpisodeIds } from './schemas';

const FIELD_OF_REFUSAL: Partial<Record<keyof typeof EPISODE_REFUSALS, string>> = {
  deliver_in_past: 'deliverDate',
  deliver_too_far: 'deliverDate',
  nonexistent_time: 'deliverTime',
  bad_exercise: 'exercise',
};

/** Composes an episode for the therapist to preview; nothing reaches the client. */
export const composeEpisodeAction = authedAction('summaries:write', composeEpisodeSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await composeEpisode(db, user, input, request);
  if (result.status === 'not-found') return { message: EPISODE_REFUSALS.not_found };
  if (result.status === 'refused') {
    const field = FIELD_OF_REFUSAL[result.reason];
    return field ? { errors: { [field]: [EPISODE_REFUSALS[result.reason]] }, message: 'Please check the highlighted fields.' } : { message: EPISODE_REFUSALS[result.reason] };
  }
  revalidatePath(routes.practiceSessionCompanion(input.clientId, input.appointmentId));
  return { ok: true, message: 'Composed. Read the script below; it reaches your client only once you release it.' };
});

/** A step on one released or previewed episode, answered in words for the therapist. */
function episodeStep(step: typeof releaseEpisode | typeof withdrawEpisode, done: string) {
  return async (input: EpisodeIds, { db, user, request }: { db: Db; user: SessionUser; request: RequestContext }): Promise<ActionState> => {
    const result = await step(db, user, input, request);
    if (result.status === 'not-found') return { message: EPISODE_REFUSALS.not_found };
    if (result.status === 'refused') return { message: EPISODE_REFUSALS[result.reason] };
    revalidatePath(routes.practiceSessionCompanion(input.clientId, input.appointmentId));
    return { ok: true, message: done };
  };
}

/** Releases a previewed episode: made into audio and delivered now, or at the follow-up's time. */
export const releaseEpisodeAction = authedAction(
  'summaries:write',
  releaseEpisodeSchema,
  episodeStep(releaseEpisode, 'Released. The audio is made on the server and the episode reaches your client at its time.'),
);

/** Takes a released episode back: the client no longer sees or hears it, and its audio is destroyed. */
export const withdrawEpisodeAction = authedAction(
  'summaries:write',
  withdrawEpisodeSchema,
  episodeStep(withdrawEpisode, 'Withdrawn. Your client can no longer see or hear it, and its audio is destroyed.'),
);
