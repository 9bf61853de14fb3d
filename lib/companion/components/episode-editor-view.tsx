import { formatDuration, type EpisodeKind, type EpisodeStatus } from '../model';
import { ReleaseEpisodeForm } from './release-episode-form';
import { WithdrawEpisodeForm } from './withdraw-episode-form';

export interface EditorEpisode {
  id: string;
  sequence: number;
  kind: EpisodeKind;
  kindLabel: string;
  status: EpisodeStatus;
  deliverAt: string | null;
  deliveredAt: string | null;
  withdrawnAt: string | null;
  durationSeconds: number | null;
  audioSrc: string | null;
  scriptText: string;
}

function stateWords(episode: EditorEpisode, clientName: string) {
  if (episode.status === 'draft') return `Draft: ${clientName} cannot see or hear it until you release it.`;
  if (episode.status === 'withdrawn') return `Withdrawn on ${episode.withdrawnAt}: ${clientName} can no longer see or hear it, and its audio is destroyed.`;
  if (episode.deliveredAt) return `Released. Reached ${clientName} on ${episode.deliveredAt}.`;
  if (episode.deliverAt) return `Released. Reaches ${clientName} on ${episode.deliverAt}.`;
  return `Released. The audio is being made; it reaches ${clientName} when it is ready.`;
}

/** A session's episodes for the therapist: each one's state, its script to preview, its audio once made, and release. */
export function EpisodeEditorView({ episodes, clientId, clientName, appointmentId }: { episodes: EditorEpisode[]; clientId: string; clientName: string; appointmentId: string }) {
  if (episodes.length === 0) return <p className="text-stone-600">No episode composed yet.</p>;
  return (
    <ul className="space-y-4" aria-label="Episodes of this session">
      {episodes.map((episode) => (
        <li key={episode.id}>
          <article aria-labelledby={`episode-${episode.id}`} className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-stone-200">
            <h3 id={`episode-${episode.id}`} className="font-semibold text-stone-900">
              {episode.kindLabel}
            </h3>
            <p role="status" className="text-sm text-stone-700">
              {stateWords(episode, clientName)}
              {episode.status === 'released' && episode.durationSeconds !== null && ` Length: ${formatDuration(episode.durationSeconds)}.`}
            </p>
            {episode.audioSrc && (
              <audio controls preload="none" src={episode.audioSrc} aria-label={`Play ${episode.kindLabel}`} className="w-full">
                Your browser cannot play this audio here.
              </audio>
            )}
            <details open={episode.status === 'draft'}>
              <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-hearth-700 underline underline-offset-2">
                Script<span className="sr-only"> of {episode.kindLabel}</span>
              </summary>
              <div className="mt-2 whitespace-pre-line break-words rounded-lg bg-stone-50 p-3 text-stone-800 ring-1 ring-stone-200">
                {episode.scriptText}
              </div>
            </details>
            {episode.status === 'draft' && (
              <ReleaseEpisodeForm
                clientId={clientId}
                appointmentId={appointmentId}
                episodeId={episode.id}
                label={episode.sequence === 0 ? `Release to ${clientName}` : 'Release this follow-up'}
              />
            )}
            {episode.status !== 'draft' && (
              <WithdrawEpisodeForm
                clientId={clientId}
                appointmentId={appointmentId}
                episodeId={episode.id}
                label={episode.kindLabel}
                clientName={clientName}
                active={episode.status === 'released'}
              />
            )}
          </article>
        </li>
      ))}
    </ul>
  );
}
