import Link from 'next/link';
import { formatDuration } from '../model';

export interface EpisodeLink {
  id: string;
  href: string;
  title: string;
  therapistName: string;
  deliveredAt: string;
  durationSeconds: number | null;
}

/** Between-session audio that has reached the client, the latest first. */
export function EpisodeLinksView({ episodes, empty }: { episodes: EpisodeLink[]; empty: string }) {
  if (episodes.length === 0) return <p className="text-stone-600">{empty}</p>;
  return (
    <ul className="divide-y divide-stone-100" aria-label="Between-session audio, latest first">
      {episodes.map((episode) => (
        <li key={episode.id} className="space-y-1 py-3">
          <p>
            <Link href={episode.href} className="font-medium text-hearth-700 underline underline-offset-2">
              {episode.title}
            </Link>
          </p>
          <p className="text-sm text-stone-600">
            From {episode.therapistName}, {episode.deliveredAt}
            {episode.durationSeconds !== null && ` · ${formatDuration(episode.durationSeconds)}`}
          </p>
        </li>
      ))}
    </ul>
  );
}
