import type { Metadata } from 'next';
import { EpisodeLinksView } from '@/lib/companion/components/episode-links-view';
import { getPortalEpisodes } from '@/lib/companion/data';
import { SummaryListView } from '@/lib/summaries/components/summary-list-view';
import { getPortalSummaries } from '@/lib/summaries/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Session notes' };

export default async function SessionNotesPage() {
  const [{ summaries }, episodes] = await Promise.all([getPortalSummaries(), getPortalEpisodes()]);
  return (
    <>
      <PageHeading title="Session notes" intro="Notes your therapist shared after your sessions, and short audio episodes made from them to listen to between sessions." />
      <div className="space-y-6">
        <Card title="Notes from your sessions">
          <SummaryListView summaries={summaries} />
        </Card>
        <Card title="Between-session audio">
          <EpisodeLinksView episodes={episodes} empty="No audio yet. When your therapist releases an episode, it appears here." />
        </Card>
      </div>
    </>
  );
}
