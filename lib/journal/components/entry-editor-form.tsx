'use client';

import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { POLICY_PROSE_CLASSES } from '@/lib/policies/markdown';
import { AUTOSAVE_WORDS, FIELD_LABELS, MOODS, PROMPTS, type EntryDraft, type PromptKey, type ShareStatus } from '../model';
import { renderEntry } from '../render';
import { autosaveFor } from './autosave';
import { ConflictPanel } from './conflict-panel';
import { DeleteEntryForm } from './delete-entry-form';
import { ShareForm } from './share-form';

const CONTROL = 'block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';

/** A label, hint and error around one control, tied together for assistive technology. */
function Labelled({ label, hint, errors, children }: { label: string; hint?: string; errors?: string[]; children: (control: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => React.ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-stone-600">
          {hint}
        </p>
      )}
      {children({ id, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined })}
      {errorId && (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {errors!.join(' ')}
        </p>
      )}
    </div>
  );
}

export interface EditorProps {
  entryId: string;
  version: number;
  draft: EntryDraft;
  summaryId: string | null;
  sessions: { id: string; label: string }[];
  therapists: { id: string; name: string }[];
  share: ShareStatus | null;
  today: string;
  timeZone: string;
}

/**
 * Writing an entry: saved as the person types (after a short pause), with the state always shown. Offline, the text
 * stays here and is saved when the connection returns; leaving the page saves what is left; a save made elsewhere in
 * between is never overwritten, but shown beside this page's text to choose from.
 */
export function EntryEditorForm({ entryId, version, draft: initial, summaryId, sessions, therapists, share, today, timeZone }: EditorProps) {
  const [autosave] = useState(() => autosaveFor(entryId, version, initial, summaryId));
  const snapshot = useSyncExternalStore(autosave.subscribe, autosave.getSnapshot, autosave.getSnapshot);
  const [previewing, setPreviewing] = useState(false);
  const { draft, errors } = snapshot;
  const content = draft.content;

  // Leaving for another page of Hearth saves what is left, like closing the tab does.
  useEffect(() => () => void autosave.save({ leaving: true }), [autosave]);

  const setContent = (changes: Partial<EntryDraft['content']>) => autosave.edit({ ...draft, content: { ...content, ...changes } });
  const setPrompt = (key: PromptKey, value: string) => setContent({ prompts: { ...content.prompts, [key]: value } });
  const statusWords = AUTOSAVE_WORDS[snapshot.status] + (snapshot.message ? `: ${snapshot.message}` : '');

  return (
    <div className="space-y-6">
      {snapshot.conflict && <ConflictPanel mine={draft} conflict={snapshot.conflict} sessions={sessions} autosave={autosave} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void autosave.save();
        }}
        noValidate className="space-y-5" aria-label="Journal entry">
        <Labelled label={FIELD_LABELS.title} hint="Optional." errors={errors.title}>
          {(control) => <input {...control} type="text" value={content.title} onChange={(event) => setContent({ title: event.target.value })} className={`${CONTROL} min-h-11`} />}
        </Labelled>
        <div className="grid gap-5 sm:grid-cols-2">
          <Labelled label={FIELD_LABELS.entryDate} errors={errors.entryDate}>
            {(control) => (
              <input {...control} type="date" max={today} value={draft.entryDate} onChange={(event) => autosave.edit({ ...draft, entryDate: event.target.value })} className={`${CONTROL} min-h-11`} />
            )}
          </Labelled>
          <Labelled label="About a session" hint="Optional: one of your past sessions." errors={errors.appointmentId}>
            {(control) => (
              <select {...control} value={draft.appointmentId ?? ''} onChange={(event) => autosave.edit({ ...draft, appointmentId: event.target.value || null })} className={`${CONTROL} min-h-11`}>
                <option value="">No particular session</option>
                {sessions.map((session) => (
                  <option key={session.id} value={session.id}>
                    {session.label}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
        </div>
        <fieldset className="space-y-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <legend className="px-1 text-base font-semibold text-stone-900">Guided prompts</legend>
          <p className="text-sm text-stone-600">Answer any of them, all, or none.</p>
          {PROMPTS.map((prompt) => (
            <Labelled key={prompt.key} label={prompt.label} hint={prompt.hint} errors={errors[prompt.key]}>
              {(control) => <textarea {...control} rows={4} value={content.prompts[prompt.key]} onChange={(event) => setPrompt(prompt.key, event.target.value)} className={`${CONTROL} resize-y`} />}
            </Labelled>
          ))}
        </fieldset>
        <Labelled label={FIELD_LABELS.text} hint="Or write freely. Light formatting works: **bold**, _italic_, lists with -, > quotes, [links](https://…)." errors={errors.text}>
          {(control) => <textarea {...control} rows={8} value={content.text} onChange={(event) => setContent({ text: event.target.value })} className={`${CONTROL} resize-y`} />}
        </Labelled>
        <div className="grid gap-5 sm:grid-cols-2">
          <Labelled label={FIELD_LABELS.mood} hint="1 is very low, 10 is very good." errors={errors.mood}>
            {(control) => (
              <select {...control} value={content.mood === null ? '' : String(content.mood)} onChange={(event) => setContent({ mood: event.target.value ? Number(event.target.value) : null })} className={`${CONTROL} min-h-11`}>
                <option value="">Not given</option>
                {MOODS.map((mood) => (
                  <option key={mood} value={mood}>
                    {mood}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
          <Labelled label={FIELD_LABELS.tags} hint="Separated by commas, for example: sleep, work." errors={errors.tags}>
            {(control) => <input {...control} type="text" value={snapshot.tagsText} onChange={(event) => autosave.editTags(event.target.value)} className={`${CONTROL} min-h-11`} />}
          </Labelled>
        </div>
        <details className="rounded-xl bg-white p-4 ring-1 ring-stone-200" onToggle={(event) => setPreviewing(event.currentTarget.open)}>
          <summary className="min-h-11 cursor-pointer py-2 font-semibold text-stone-900">Preview</summary>
          {previewing && (
            <div className="mt-3 space-y-4">
              {renderEntry(content).map((section) => (
                <section key={section.key}>
                  <h3 className="mb-1 font-semibold text-stone-900">{section.label}</h3>
                  <div className={POLICY_PROSE_CLASSES} dangerouslySetInnerHTML={{ __html: section.html }} />
                </section>
              ))}
            </div>
          )}
        </details>
        <div className="sticky bottom-0 -mx-4 flex flex-wrap items-center justify-between gap-3 border-t border-stone-200 bg-stone-50/95 px-4 py-3">
          <p role="status" aria-live="polite" className={`text-sm font-medium ${snapshot.status === 'conflict' || snapshot.status === 'invalid' ? 'text-red-800' : 'text-stone-700'}`}>
            {statusWords}
          </p>
          <button type="submit" className="inline-flex min-h-11 items-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-stone-800 shadow-sm ring-1 ring-stone-300 hover:bg-stone-100">
            Save now
          </button>
        </div>
      </form>
      {snapshot.created ? (
        <>
          <ShareForm entryId={entryId} therapists={therapists} share={share} timeZone={timeZone} />
          <DeleteEntryForm entryId={entryId} />
        </>
      ) : (
        <p className="text-sm text-stone-600">Once your entry is saved you can share it with your therapist here. It stays private until you do.</p>
      )}
    </div>
  );
}
