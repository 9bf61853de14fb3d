import { countChanges, diffPolicies, type DiffLine } from '../diff';

interface PolicyText {
  title: string;
  body: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function Line({ line }: { line: DiffLine }) {
  const base = 'block whitespace-pre-wrap break-words px-3 py-0.5 no-underline';
  switch (line.kind) {
    case 'added':
      return (
        <ins className={`${base} border-l-4 border-green-700 bg-green-50 text-green-950`}>
          <span className="sr-only">Added: </span>
          <span aria-hidden="true" className="select-none text-green-800">+ </span>
          {line.text || ' '}
        </ins>
      );
    case 'removed':
      return (
        <del className={`${base} border-l-4 border-red-700 bg-red-50 text-red-950 line-through decoration-red-300`}>
          <span className="sr-only">Removed: </span>
          <span aria-hidden="true" className="select-none text-red-800">− </span>
          {line.text || ' '}
        </del>
      );
    case 'unchanged':
      return <span className={`${base} border-l-4 border-transparent text-stone-700`}>{'  '}{line.text || ' '}</span>;
    case 'skipped':
      return <span className={`${base} bg-stone-100 italic text-stone-600`}>… {plural(line.count, 'unchanged line')} …</span>;
  }
}

/** What changed between two versions, line by line; added and removed lines say so in words as well as colour. */
export function PolicyDiff({ before, after }: { before: PolicyText; after: PolicyText }) {
  const lines = diffPolicies(before, after);
  const { added, removed } = countChanges(lines);
  if (added === 0 && removed === 0) return <p className="text-stone-700">These versions have the same title and text.</p>;
  return (
    <div className="space-y-2">
      <p className="text-sm text-stone-700">
        {plural(added, 'line')} added, {plural(removed, 'line')} removed.
      </p>
      <div className="overflow-hidden rounded-lg bg-white font-mono text-sm ring-1 ring-stone-200">
        {lines.map((line, index) => (
          <Line key={index} line={line} />
        ))}
      </div>
    </div>
  );
}
