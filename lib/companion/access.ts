// What reaches the client and when an episode may be composed or released: pure rules, unit-tested without a database.
import { FOLLOW_UP_MAX_DAYS, type EpisodeKind, type EpisodeRefusal, type EpisodeStatus } from './model';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface EpisodeFacts {
  clientId: string;
  practiceId: string;
  status: EpisodeStatus;
  deliveredAt: Date | null;
}

/** The client hears an episode only once it is released and its time has come (it was delivered); never a draft. */
export const clientMayHear = (viewer: { id: string; practiceId: string }, episode: EpisodeFacts) =>
  episode.clientId === viewer.id && episode.practiceId === viewer.practiceId && episode.status === 'released' && episode.deliveredAt !== null;

/** The first episode goes out when released; a follow-up waits for its time. */
export const isFollowUp = (kind: EpisodeKind) => kind !== 'after_session';

/** Why an episode of this kind cannot be composed from this summary now, or null. */
export function composeRefusal(input: {
  kind: EpisodeKind;
  shared: boolean;
  exerciseCount: number;
  exerciseIndex: number | null;
  first: { status: EpisodeStatus } | null;
  releasedFollowUps: number;
  followUpsMax: number;
}): EpisodeRefusal | null {
  if (!input.shared) return 'not_shared';
  if (input.exerciseIndex !== null && (input.exerciseIndex < 0 || input.exerciseIndex >= input.exerciseCount)) return 'bad_exercise';
  if (input.kind === 'exercise_again' && input.exerciseCount === 0) return 'no_exercise';
  if (input.kind === 'after_session') return input.first?.status === 'released' ? 'already_released' : null;
  if (input.first?.status !== 'released') return 'first_not_released';
  if (input.releasedFollowUps >= input.followUpsMax) return 'too_many';
  return null;
}

/** A follow-up goes out in the future, within FOLLOW_UP_MAX_DAYS. */
export function deliverRefusal(deliverAt: Date, now: Date): EpisodeRefusal | null {
  if (deliverAt.getTime() <= now.getTime()) return 'deliver_in_past';
  if (deliverAt.getTime() > now.getTime() + FOLLOW_UP_MAX_DAYS * DAY_MS) return 'deliver_too_far';
  return null;
}
