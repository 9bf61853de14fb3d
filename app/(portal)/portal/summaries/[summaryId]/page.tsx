import type { Metadata } from 'next';
import Link from 'next/link';
import { EpisodeLinksView } from '@/lib/companion/components/episode-links-view';
import { getPortalEpisodes } from '@/lib/companion/data';
import { SummaryContentView } from '@/lib/summaries/components/summary-view';
import { getPortalSummary } from '@/lib/summaries/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Session notes' };

export default async function SessionNotePage({ params }: { params: Promise<{ summaryId: string }> }) {
  const summary = await getPortalSummary((await params).summaryId);
  const episodes = await getPortalEpisodes(summary.id);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={routes.portalSummaries} className="text-hearth-700 underline underline-offset-2">
          All session notes
        </Link>
      </p>
      <PageHeading title={`Notes from your session on ${summary.sessionDay}`} intro={`From ${summary.therapistName}, shared on ${summary.sharedAt}.`} />
      <div className="space-y-6">
        <Card>
          {summary.earlier.length > 0 && (
            <p role="note" className="mb-4 rounded-lg bg-hearth-50 px-3 py-2 text-sm text-hearth-800 ring-1 ring-hearth-100">
              Edited on {summary.current.editedAt}. The earlier {summary.earlier.length === 1 ? 'version is' : 'versions are'} kept below.
            </p>
          )}
          <SummaryContentView content={summary.current.content} headingLevel={2} />
          <p className="mt-6">
            <Link
              href={summary.journalHref}
              className="inline-flex min-h-11 items-center rounded-lg bg-hearth-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-hearth-800"
            >
              Start a journal entry from this
            </Link>
          </p>
        </Card>
        {episodes.length > 0 && (
          <Card title="Between-session audio">
            <EpisodeLinksView episodes={episodes} empty="" />
          </Card>
        )}
        {summary.earlier.length > 0 && (
          <Card title="Earlier versions">
            <ul className="space-y-3">
              {summary.earlier.map((version) => (
                <li key={version.version}>
                  <details>
                    <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-stone-800">
                      Version {version.version}, from {version.editedAt}
                    </summary>
                    <div className="mt-2 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
                      <SummaryContentView content={version.content} />
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}
