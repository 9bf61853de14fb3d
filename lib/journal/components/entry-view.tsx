import { POLICY_PROSE_CLASSES } from '@/lib/policies/markdown';
import type { EntryContent } from '../model';
import { renderEntry } from '../render';
import { formatDay, formatMoment } from './dates';

/**
 * A shared entry as the therapist reads it: when it was written and shared, the session it is about, mood and tags,
 * then each written part, its Markdown rendered safely (raw HTML shows as text, links only to the web or mail).
 */
export function EntryView({ entry, timeZone }: { entry: { entryDate: string; sharedAt: Date; session: string | null; content: EntryContent }; timeZone: string }) {
  const { content } = entry;
  const sections = renderEntry(content);
  return (
    <article className="space-y-5 rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="text-stone-600">Written</dt>
        <dd>{formatDay(entry.entryDate, 'long')}</dd>
        <dt className="text-stone-600">Shared with you</dt>
        <dd>{formatMoment(entry.sharedAt, timeZone)}</dd>
        {entry.session && (
          <>
            <dt className="text-stone-600">About the session</dt>
            <dd>{entry.session}</dd>
          </>
        )}
        {content.mood !== null && (
          <>
            <dt className="text-stone-600">Mood</dt>
            <dd>{content.mood} of 10</dd>
          </>
        )}
        {content.tags.length > 0 && (
          <>
            <dt className="text-stone-600">Tags</dt>
            <dd>{content.tags.join(', ')}</dd>
          </>
        )}
      </dl>
      {sections.length === 0 && <p className="text-stone-700">Nothing written yet.</p>}
      {sections.map((section) => (
        <section key={section.key}>
          <h2 className="mb-1 text-lg font-semibold text-stone-900">{section.label}</h2>
          <div className={POLICY_PROSE_CLASSES} dangerouslySetInnerHTML={{ __html: section.html }} />
        </section>
      ))}
    </article>
  );
}
