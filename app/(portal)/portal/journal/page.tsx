import type { Metadata } from 'next';
import Link from 'next/link';
import { JournalBrowser } from '@/lib/journal/components/journal-browser';
import { MoodChart } from '@/lib/journal/components/mood-chart';
import { getJournalPage } from '@/lib/journal/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Journal' };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const INPUT = 'block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm';
const LINK_BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 text-sm font-semibold shadow-sm';

export default async function JournalPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const asked = await searchParams;
  const { list, chart, today, timeZone } = await getJournalPage({ page: one(asked.page), chartFrom: one(asked.chartFrom), chartTo: one(asked.chartTo) });
  return (
    <>
      <PageHeading title="Journal" intro="Write down what you want to keep from your sessions. Your journal is private: only you can read it, unless you share an entry." />
      <div className="space-y-6">
        {one(asked.deleted) === '1' && (
          <p role="status" className="rounded-lg bg-hearth-50 px-3 py-2 text-sm text-hearth-800 ring-1 ring-hearth-100">
            The entry was deleted.
          </p>
        )}
        <p>
          <Link href={routes.portalJournalNew} className={`${LINK_BUTTON} bg-hearth-700 text-white hover:bg-hearth-800`}>
            Write a new entry
          </Link>
        </p>
        <JournalBrowser initial={list} timeZone={timeZone} today={today} />
        <Card title="Mood over time">
          <form method="get" action={routes.portalJournal} className="mb-4 flex flex-wrap items-end gap-3" aria-label="Range of the mood chart">
            <div className="space-y-1">
              <label htmlFor="chart-from" className="block text-sm font-medium text-stone-800">
                From
              </label>
              <input id="chart-from" name="chartFrom" type="date" max={today} defaultValue={chart.from} className={INPUT} />
            </div>
            <div className="space-y-1">
              <label htmlFor="chart-to" className="block text-sm font-medium text-stone-800">
                To
              </label>
              <input id="chart-to" name="chartTo" type="date" max={today} defaultValue={chart.to} className={INPUT} />
            </div>
            <button type="submit" className={`${LINK_BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`}>
              Show
            </button>
            {chart.chosen && (
              <Link href={routes.portalJournal} className="min-h-11 py-2 text-sm font-medium text-hearth-800 underline underline-offset-2">
                The last 90 days
              </Link>
            )}
          </form>
          {chart.invalid && (
            <p role="alert" className="mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              That range could not be shown (the start must be on or before the end, within ten years). Showing the last 90 days.
            </p>
          )}
          <MoodChart points={chart.points} from={chart.from} to={chart.to} />
        </Card>
        <Card title="Export">
          <p className="text-stone-700">Download your whole journal to keep or print. The file is yours: keep it somewhere private.</p>
          <ul className="mt-3 flex flex-wrap gap-3">
            <li>
              <a href={routes.journalExport('markdown')} download className={`${LINK_BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`}>
                Download as Markdown
              </a>
            </li>
            <li>
              <a href={routes.journalExport('pdf')} download className={`${LINK_BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`}>
                Download as PDF
              </a>
            </li>
          </ul>
        </Card>
      </div>
    </>
  );
}
