import type { Db } from '@/db/client';
import { storeFile } from '@/lib/files/store-file';
import { SYSTEM_CONTEXT } from '@/lib/platform/http';
import type { JobPayloads } from '@/lib/platform/jobs/catalogue';
import { JobError } from '@/lib/platform/jobs/queue';
import type { JobContext } from '@/lib/platform/jobs/worker';
import { attachAudio, deliverEpisode, scriptOf } from './commands';
import { EPISODE_FILE_NAME } from './model';
import { episodeForJob } from './queries';
import { speechEngine } from './speech';

/**
 * Speaks a released episode and stores the audio in the vault of the client's space with their therapist, as the
 * therapist (it shows in their shared files as between-session audio). Does nothing for an episode that already has
 * its audio, is not released, or whose care has ended.
 */
export async function produceAudio(db: Db, episodeId: string, now: Date): Promise<void> {
  const found = await episodeForJob(db, episodeId);
  if (!found || found.episode.status !== 'released' || found.episode.fileId || found.careEndedOn !== null) return;
  const { episode } = found;
  const { wav, seconds } = await speechEngine.synthesise(await scriptOf(db, episode));
  const therapist = { id: episode.therapistId, practiceId: episode.practiceId, role: 'therapist' as const, timeZone: found.timeZone };
  const stored = await storeFile(
    db,
    therapist,
    { spaceId: found.careRelationshipId, kind: 'companion', fileName: EPISODE_FILE_NAME, note: null, appointmentId: null },
    wav,
    SYSTEM_CONTEXT,
    now,
    { madeByHearth: true },
  );
  // Care ended while speaking: nothing is kept.
  if (stored.status === 'not-found') return;
  if (stored.status === 'refused') throw new JobError(`The audio was refused by the file vault (${stored.reason})`);
  await attachAudio(db, therapist, episode.id, { fileId: stored.fileId, seconds }, now);
}

/**
 * 'companion.synthesise' (the episode after the session, just released) and 'companion.deliver' (a follow-up whose time
 * has come): the audio is made if it is not yet, then the episode reaches the client if care is still open.
 */
export async function handleEpisodeDue(payload: JobPayloads['companion.synthesise' | 'companion.deliver'], { db, now }: JobContext) {
  await produceAudio(db, payload.episodeId, now);
  await deliverEpisode(db, payload.episodeId, now);
}
