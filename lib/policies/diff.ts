import { diffLines } from 'diff';

export type DiffLine =
  | { kind: 'added' | 'removed' | 'unchanged'; text: string }
  // A long unchanged stretch, folded so the changes stand out.
  | { kind: 'skipped'; count: number };

// Unchanged lines kept either side of a change.
const CONTEXT_LINES = 2;

interface PolicyText {
  title: string;
  body: string;
}

// The title is compared as the document's first line, so a renamed policy shows up too.
const asLines = (policy: PolicyText) => `${policy.title}\n\n${policy.body.replace(/\r\n?/g, '\n')}`;

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  // jsdiff keeps each line's newline; the last piece after it is empty.
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** A line-by-line comparison of two policy versions, with long unchanged stretches folded. */
export function diffPolicies(before: PolicyText, after: PolicyText): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const change of diffLines(asLines(before), asLines(after))) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'unchanged';
    for (const text of splitLines(change.value)) lines.push({ kind, text });
  }
  return foldUnchanged(lines);
}

function foldUnchanged(lines: DiffLine[]): DiffLine[] {
  const folded: DiffLine[] = [];
  let start = 0;
  while (start < lines.length) {
    if (lines[start].kind !== 'unchanged') {
      folded.push(lines[start++]);
      continue;
    }
    let end = start;
    while (end < lines.length && lines[end].kind === 'unchanged') end++;
    const keepBefore = start === 0 ? 0 : CONTEXT_LINES;
    const keepAfter = end === lines.length ? 0 : CONTEXT_LINES;
    const hidden = end - start - keepBefore - keepAfter;
    if (hidden > 1) {
      folded.push(...lines.slice(start, start + keepBefore), { kind: 'skipped', count: hidden }, ...lines.slice(end - keepAfter, end));
    } else {
      folded.push(...lines.slice(start, end));
    }
    start = end;
  }
  return folded;
}

export function countChanges(lines: DiffLine[]) {
  return {
    added: lines.filter((line) => line.kind === 'added').length,
    removed: lines.filter((line) => line.kind === 'removed').length,
  };
}
