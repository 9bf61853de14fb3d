import type { Metadata } from 'next';
import Link from 'next/link';
import { EpisodePlayer } from '@/lib/companion/components/episode-player';
import { TranscriptView } from '@/lib/companion/components/transcript-view';
import { getPortalEpisode } from '@/lib/companion/data';
import { formatDuration } from '@/lib/companion/model';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Between-session audio' };

export default async function EpisodePage({ params }: { params: Promise<{ episodeId: string }> }) {
  const episode = await getPortalEpisode((await params).episodeId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={episode.summaryHref} className="text-hearth-700 underline underline-offset-2">
          Notes from your session on {episode.sessionDay}
        </Link>
      </p>
      <PageHeading
        title={episode.title}
        intro={`From ${episode.therapistName}, ${episode.deliveredAt}${episode.durationSeconds !== null ? `, ${formatDuration(episode.durationSeconds)}` : ''}. Spoken by Hearth’s computer voice from your therapist’s notes.`}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Listen">
          {episode.audio && !episode.audio.ready ? (
            <p className="text-stone-700">The audio is being checked and opens shortly. The transcript is beside it.</p>
          ) : (
            <EpisodePlayer audio={episode.audio} spokenText={episode.spokenText} label={episode.title} />
          )}
        </Card>
        <Card title="Transcript">
          <TranscriptView sections={episode.transcript} journalHref={episode.journalHref} />
        </Card>
      </div>
    </>
  );
}
