import type { SummaryContent } from '../model';

/**
 * What a summary says, as plain text: the therapist's line breaks kept, anything that looks like markup shown as the
 * characters typed (React escapes it), so nothing written here can run or load anything.
 */
export function SummaryContentView({ content, headingLevel = 3 }: { content: SummaryContent; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <div className="space-y-5">
      <section className="space-y-1">
        <Heading className="font-semibold text-stone-900">Key points</Heading>
        <p className="whitespace-pre-line break-words text-stone-800">{content.keyPoints}</p>
      </section>
      {content.homework && (
        <section className="space-y-1">
          <Heading className="font-semibold text-stone-900">Homework</Heading>
          <p className="whitespace-pre-line break-words text-stone-800">{content.homework}</p>
        </section>
      )}
      {content.exercises.length > 0 && (
        <section className="space-y-3">
          <Heading className="font-semibold text-stone-900">Exercises</Heading>
          <ul className="space-y-3">
            {content.exercises.map((exercise, index) => (
              <li key={index} className="rounded-lg bg-stone-50 p-3 ring-1 ring-stone-200">
                <Sub className="font-medium text-stone-900 break-words">{exercise.title}</Sub>
                <p className="mt-1 whitespace-pre-line break-words text-stone-800">{exercise.body}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
