'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { routes } from '@/lib/routes';
import { FieldError } from '@/lib/ui/form';
import { MOODS, PAGE_SIZE, type EntryPage, type SearchCriteria } from '../model';
import { EntryListView } from './entry-list-view';

type SearchAnswer = ({ status: 'found' } & EntryPage) | { status: 'invalid' | 'refused' | 'not-found'; message: string; errors?: Record<string, string[]> };

/** The search goes in a POST body: what a person searches their journal for never appears in an address. */
async function search(criteria: SearchCriteria): Promise<SearchAnswer> {
  const response = await fetch(routes.apiJournalSearch, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(criteria),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  return (await response.json().catch(() => ({ status: 'refused', message: `The search could not be run (the server answered ${response.status}).` }))) as SearchAnswer;
}

const EMPTY: Omit<SearchCriteria, 'page'> = { words: '', tags: '', from: '', to: '', moodMin: '', moodMax: '' };
const CONTROL = 'block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';
const BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 text-sm font-semibold shadow-sm';

function Pager({ page, more, total, go }: { page: number; more: boolean; total: number | null; go: (page: number) => React.ReactNode }) {
  if (page === 1 && !more) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center gap-3">
      {page > 1 && go(page - 1)}
      <span className="text-sm text-stone-700">{total === null ? `Page ${page}` : `Page ${page} of ${Math.max(1, Math.ceil(total / PAGE_SIZE))}`}</span>
      {more && go(page + 1)}
    </nav>
  );
}

/** What a page of search results says about itself: the number found when it is all on one page, else its place. */
function resultWords({ entries, page, more }: EntryPage): string {
  if (page === 1 && !more) return entries.length === 0 ? 'No entries match.' : `${entries.length} ${entries.length === 1 ? 'entry matches' : 'entries match'}.`;
  if (entries.length === 0) return 'No more entries match.';
  const first = (page - 1) * PAGE_SIZE + 1;
  return `Matching entries ${first} to ${first + entries.length - 1}${more ? ', and more on the next page' : ''}.`;
}

/**
 * The list of entries, a page at a time, and the search over them: words (or the start of a word), tags, dates and a
 * mood range, all of them required to match. Only the page shown is opened on the server.
 */
export function JournalBrowser({ initial, timeZone, today }: { initial: EntryPage; timeZone: string; today: string }) {
  const [criteria, setCriteria] = useState(EMPTY);
  const [submitted, setSubmitted] = useState<SearchCriteria | null>(null);
  const id = useId();
  const { data, isFetching, isError } = useQuery({
    queryKey: ['journal-search', submitted],
    queryFn: () => search(submitted!),
    enabled: submitted !== null,
    staleTime: 0,
    gcTime: 0,
  });
  const errors = data && data.status !== 'found' ? (data.errors ?? {}) : {};
  const found = data?.status === 'found' ? data : null;
  const field = (name: keyof typeof EMPTY) => ({
    id: `${id}-${name}`,
    name,
    value: criteria[name],
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setCriteria({ ...criteria, [name]: event.target.value }),
  });
  const label = (name: keyof typeof EMPTY, text: string) => (
    <label htmlFor={`${id}-${name}`} className="block text-sm font-medium text-stone-800">
      {text}
    </label>
  );
  const moodOptions = [
    <option key="" value="">
      Any
    </option>,
    ...MOODS.map((mood) => (
      <option key={mood} value={mood}>
        {mood}
      </option>
    )),
  ];

  return (
    <div className="space-y-4">
      <form
        role="search"
        aria-label="Search your journal"
        className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200"
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted({ ...criteria, page: 1 });
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-1">
            {label('words', 'Words')}
            <input type="search" {...field('words')} className={CONTROL} />
            <FieldError id={`${id}-words-error`} errors={errors.words} />
          </div>
          <div className="space-y-1">
            {label('tags', 'Tags (separated by commas)')}
            <input type="text" {...field('tags')} className={CONTROL} />
            <FieldError id={`${id}-tags-error`} errors={errors.tags} />
          </div>
          <div className="space-y-1">
            {label('from', 'From')}
            <input type="date" max={today} {...field('from')} className={CONTROL} />
            <FieldError id={`${id}-from-error`} errors={errors.from} />
          </div>
          <div className="space-y-1">
            {label('to', 'To')}
            <input type="date" max={today} {...field('to')} className={CONTROL} />
            <FieldError id={`${id}-to-error`} errors={errors.to} />
          </div>
          <div className="space-y-1">
            {label('moodMin', 'Mood from')}
            <select {...field('moodMin')} className={CONTROL}>
              {moodOptions}
            </select>
            <FieldError id={`${id}-moodMin-error`} errors={errors.moodMin} />
          </div>
          <div className="space-y-1">
            {label('moodMax', 'Mood up to')}
            <select {...field('moodMax')} className={CONTROL}>
              {moodOptions}
            </select>
            <FieldError id={`${id}-moodMax-error`} errors={errors.moodMax} />
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={`${BUTTON} bg-hearth-700 text-white hover:bg-hearth-800`}>
            Search
          </button>
          {submitted && (
            <button
              type="button"
              onClick={() => {
                setSubmitted(null);
                setCriteria(EMPTY);
              }}
              className={`${BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`}
            >
              Clear the search
            </button>
          )}
        </div>
      </form>

      {submitted ? (
        <section aria-labelledby={`${id}-results`} className="space-y-3">
          <h2 id={`${id}-results`} className="text-lg font-semibold text-stone-900">
            Search results
          </h2>
          <p role="status" className="text-stone-700">
            {isFetching
              ? 'Searching…'
              : isError
                ? 'The search could not be run. Check your connection and try again.'
                : found
                  ? resultWords(found)
                  : data && data.status !== 'found'
                    ? data.message
                    : ''}
          </p>
          {found && found.entries.length > 0 && <EntryListView entries={found.entries} timeZone={timeZone} label="Matching entries, latest first" />}
          {found && (
            <Pager
              page={found.page}
              more={found.more}
              total={null}
              go={(page) => (
                <button key={page} type="button" onClick={() => setSubmitted({ ...submitted, page })} className={`${BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`}>
                  {page < found.page ? 'Previous page' : 'Next page'}
                </button>
              )}
            />
          )}
        </section>
      ) : (
        <section aria-labelledby={`${id}-entries`} className="space-y-3">
          <h2 id={`${id}-entries`} className="text-lg font-semibold text-stone-900">
            Your entries
          </h2>
          {initial.total === 0 ? (
            <p className="text-stone-700">No entries yet. Your journal is private: only you can read it, unless you share an entry.</p>
          ) : initial.entries.length === 0 ? (
            <p className="text-stone-700">
              No entries on this page. <Link href={routes.portalJournal} className="text-hearth-800 underline underline-offset-2">Back to the latest entries</Link>
            </p>
          ) : (
            <EntryListView entries={initial.entries} timeZone={timeZone} label="Journal entries, latest first" />
          )}
          <Pager
            page={initial.page}
            more={initial.more}
            total={initial.total}
            go={(page) => (
              <Link key={page} href={`${routes.portalJournal}?page=${page}`} className={`${BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`}>
                {page < initial.page ? 'Previous page' : 'Next page'}
              </Link>
            )}
          />
        </section>
      )}
    </div>
  );
}
