// The demo's session summary and between-session audio: Dr. Robin Hale's library exercise, the summary of Jordan Lee's
// last session (shared, and read), and its episode released with audio spoken here (so the demo plays it without
// waiting for the job worker), all through the features' own commands.
import { composeEpisode, deliverEpisode, releaseEpisode } from '../lib/companion/commands';
import { produceAudio } from '../lib/companion/jobs';
import type { Actor } from '../lib/platform/actor';
import type { RequestContext } from '../lib/platform/http';
import { saveExercise, saveSummary } from '../lib/summaries/commands';
import type { Db } from './client';

interface DemoSummaryStory {
  db: Db;
  client: Actor;
  therapist: Actor;
  /** The session `days` from today. */
  sessionOn: (days: number) => { id: string; startsAt: Date };
}

const HOUR_MS = 60 * 60 * 1000;

const BOX_BREATHING = {
  title: 'Box breathing',
  instructions: 'Breathe in slowly through your nose for a count of four.\nHold gently for four.\nBreathe out through your mouth for four.\nHold again for four, then begin the next breath.',
};

function accepted<T extends { status: string }, S extends T['status']>(result: T, what: string, ok: S): Extract<T, { status: S }> {
  if (result.status !== ok) throw new Error(`${what} was refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { status: S }>;
}

/** The summary of the session `sessionDays` from today, shared two hours after it, and its first episode delivered. */
export async function writeDemoSummary(s: DemoSummaryStory, context: RequestContext, sessionDays: number) {
  const session = s.sessionOn(sessionDays);
  const at = (hours: number) => new Date(session.startsAt.getTime() + hours * HOUR_MS);
  accepted(await saveExercise(s.db, s.therapist, BOX_BREATHING, context, at(-24)), 'the library exercise', 'saved');
  const input = { clientId: s.client.id, appointmentId: session.id };
  accepted(
    await saveSummary(
      s.db,
      s.therapist,
      {
        ...input,
        intent: 'share',
        revision: 'new',
        content: {
          keyPoints:
            'The Sunday dread starts on Saturday evening, not Sunday.\nNaming the worry out loud made it feel smaller.\nSleep was better on the nights with the breathing practice.',
          homework: 'Each evening this week, write down one worry and one thing that went all right.',
          exercises: [{ title: BOX_BREATHING.title, body: BOX_BREATHING.instructions }],
        },
      },
      context,
      at(2),
    ),
    'the session summary',
    'shared',
  );
  const composed = accepted(
    await composeEpisode(s.db, s.therapist, { ...input, kind: 'after_session', exercise: 0, deliverDate: null, deliverTime: null }, context, at(2.1)),
    'composing the episode',
    'composed',
  );
  accepted(await releaseEpisode(s.db, s.therapist, { ...input, episodeId: composed.episodeId }, context, at(2.2)), 'releasing the episode', 'released');
  await produceAudio(s.db, composed.episodeId, at(2.2));
  if (!(await deliverEpisode(s.db, composed.episodeId, at(2.3)))) throw new Error('the episode was not delivered');
}
