'use client';

import { useEffect, useRef } from 'react';
import { FIELD_LABELS, PROMPTS, formatTags, type EntryDraft } from '../model';
import type { Conflict, EntryAutosave } from './autosave';

const BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 text-sm font-semibold shadow-sm';

/** Each part of the entry the two versions differ in, as each has it. */
function differences(mine: EntryDraft, saved: EntryDraft, sessionLabel: (id: string | null) => string) {
  const parts: { label: string; mine: string; saved: string }[] = [
    { label: FIELD_LABELS.title, mine: mine.content.title, saved: saved.content.title },
    { label: FIELD_LABELS.entryDate, mine: mine.entryDate, saved: saved.entryDate },
    { label: 'About a session', mine: sessionLabel(mine.appointmentId), saved: sessionLabel(saved.appointmentId) },
    ...PROMPTS.map((prompt) => ({ label: prompt.label, mine: mine.content.prompts[prompt.key], saved: saved.content.prompts[prompt.key] })),
    { label: FIELD_LABELS.text, mine: mine.content.text, saved: saved.content.text },
    { label: FIELD_LABELS.mood, mine: mine.content.mood === null ? '' : String(mine.content.mood), saved: saved.content.mood === null ? '' : String(saved.content.mood) },
    { label: FIELD_LABELS.tags, mine: formatTags(mine.content.tags), saved: formatTags(saved.content.tags) },
  ];
  return parts.filter((part) => part.mine !== part.saved);
}

function Version({ text }: { text: string }) {
  return text.trim() ? <p className="whitespace-pre-wrap break-words text-sm text-stone-800">{text}</p> : <p className="text-sm italic text-stone-500">(empty)</p>;
}

/**
 * The entry was saved elsewhere (another tab or device) since this page's version: nothing is overwritten until the
 * person chooses. Both versions of every part that differs are shown; they keep this page's, take the saved one, or
 * combine the two and go on writing.
 */
export function ConflictPanel({ mine, conflict, sessions, autosave }: { mine: EntryDraft; conflict: Conflict; sessions: { id: string; label: string }[]; autosave: EntryAutosave }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const sessionLabel = (id: string | null) => (id ? (sessions.find((session) => session.id === id)?.label ?? 'Another session') : '');
  const parts = differences(mine, conflict.draft, sessionLabel);
  return (
    <section aria-labelledby="journal-conflict-heading" className="space-y-4 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-300">
      <h2 id="journal-conflict-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-stone-900 outline-none">
        This entry was changed in another tab or window
      </h2>
      <p className="text-stone-700">Nothing has been overwritten. Choose which version to keep, or combine them and carry on writing.</p>
      <ul className="space-y-3" aria-label="Differences between the two versions">
        {parts.map((part) => (
          <li key={part.label} className="rounded-lg bg-white p-3 ring-1 ring-stone-200">
            <h3 className="font-semibold text-stone-900">{part.label}</h3>
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
              <div>
                <h4 className="text-sm font-medium text-stone-600">Saved version</h4>
                <Version text={part.saved} />
              </div>
              <div>
                <h4 className="text-sm font-medium text-stone-600">This page</h4>
                <Version text={part.mine} />
              </div>
            </div>
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <button type="button" onClick={() => autosave.combine()} className={`${BUTTON} bg-hearth-700 text-white hover:bg-hearth-800`}>
          Combine both
        </button>
        <button type="button" onClick={() => autosave.keepMine()} className={`${BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`}>
          Keep this page’s version
        </button>
        <button type="button" onClick={() => autosave.takeSaved()} className={`${BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`}>
          Use the saved version
        </button>
      </div>
    </section>
  );
}
