'use client';

import { useActionState, useDeferredValue, useState } from 'react';
import { initialActionState, type ActionState } from '@/lib/actions/state';
import { Field, FormMessage, SubmitButton, TextField } from '@/lib/ui/form';
import { publishDraftAction, saveDraftAction, startDraftFromVersionAction } from '../actions';
import { POLICY_PROSE_CLASSES, renderPolicyMarkdown } from '../markdown';
import { BODY_MAX, SUMMARY_MAX, TITLE_MAX, type PolicyKind } from '../model';

const CONTROL = 'block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600';

interface Draft {
  title: string;
  body: string;
  /** False while the editor shows the latest version (or a blank page) that has not been saved as a draft yet. */
  saved: boolean;
}

/**
 * The draft editor with its live preview, and the publish form. Publishing takes the saved
 * draft, so it waits until what is on screen has been saved.
 */
export function PolicyEditor({ kind, draft, today, timeZone }: { kind: PolicyKind; draft: Draft; today: string; timeZone: string }) {
  const [title, setTitle] = useState(draft.title);
  const [body, setBody] = useState(draft.body);
  const [saved, setSaved] = useState(draft.saved ? { title: draft.title, body: draft.body } : null);
  const [saveState, save] = useActionState(async (previous: ActionState, form: FormData) => {
    const result = await saveDraftAction(previous, form);
    if (result.ok) setSaved({ title: String(form.get('title')).trim(), body: String(form.get('body')) });
    return result;
  }, initialActionState);
  const previewSource = useDeferredValue(body);
  const unsaved = saved === null || saved.title !== title.trim() || saved.body !== body;

  return (
    <div className="space-y-8">
      <form action={save} className="space-y-5" noValidate>
        <input type="hidden" name="kind" value={kind} />
        <FormMessage state={saveState} />
        <Field label="Title" name="title" state={saveState}>
          {(control) => (
            <input {...control} value={title} onChange={(event) => setTitle(event.target.value)} maxLength={TITLE_MAX} className={`${CONTROL} min-h-11`} required />
          )}
        </Field>
        <div className="grid gap-5 lg:grid-cols-2">
          <Field
            label="Policy text (Markdown)"
            name="body"
            hint="## for a heading, - for a list item, [words](https://…) for a link. HTML is shown as plain text."
            state={saveState}
          >
            {(control) => (
              <textarea
                {...control}
                value={body}
                onChange={(event) => setBody(event.target.value)}
                maxLength={BODY_MAX}
                rows={22}
                spellCheck
                className={`${CONTROL} font-mono text-sm`}
                required
              />
            )}
          </Field>
          <section aria-label="Preview" className="min-w-0 space-y-1">
            <h2 className="text-sm font-medium text-stone-800">Preview</h2>
            {/* Focusable, so keyboard users can scroll a long preview too. */}
            <div
              tabIndex={0}
              role="region"
              aria-label="Preview of the policy"
              className="max-h-[36rem] overflow-y-auto rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200 focus:outline-2 focus:outline-hearth-600"
            >
              {/* Not a heading: the policy's own ## headings follow the page's, so a title heading here would sit below them. */}
              <p className="mb-3 text-xl font-semibold text-stone-900">{title}</p>
              <div className={POLICY_PROSE_CLASSES} dangerouslySetInnerHTML={{ __html: renderPolicyMarkdown(previewSource) }} />
            </div>
          </section>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton pendingText="Saving…">Save draft</SubmitButton>
          <p className="text-sm text-stone-600" aria-live="polite">
            {unsaved ? 'You have unsaved changes.' : 'All changes saved.'}
          </p>
        </div>
      </form>
      <PublishForm kind={kind} today={today} timeZone={timeZone} ready={!unsaved} />
    </div>
  );
}

function PublishForm({ kind, today, timeZone, ready }: { kind: PolicyKind; today: string; timeZone: string; ready: boolean }) {
  const [state, publish] = useActionState(publishDraftAction, initialActionState);
  return (
    <form action={publish} className="max-w-xl space-y-5 border-t border-stone-200 pt-6" noValidate>
      <div>
        <h2 className="text-lg font-semibold text-stone-900">Publish</h2>
        <p className="text-sm text-stone-600">
          Publishing makes the saved draft the next version. Published versions can never be changed, and clients are asked to read the new version
          once it takes effect.
        </p>
      </div>
      <input type="hidden" name="kind" value={kind} />
      <FormMessage state={state} />
      <TextField
        label="Effective date"
        name="effectiveOn"
        type="date"
        min={today}
        defaultValue={today}
        hint={`Today or later, in the practice’s time zone (${timeZone.replaceAll('_', ' ')}).`}
        state={state}
        required
      />
      <Field label="Summary of changes" name="changeSummary" hint="Shown to clients with the new version. For a first version, “First version” is fine." state={state}>
        {(control) => (
          <textarea
            {...control}
            // Remounted with what was typed when a publish is refused (React resets the form after an action).
            key={state.values?.changeSummary ?? ''}
            defaultValue={state.values?.changeSummary}
            maxLength={SUMMARY_MAX}
            rows={3}
            className={CONTROL}
            required
          />
        )}
      </Field>
      {ready ? (
        <SubmitButton pendingText="Publishing…">Publish new version</SubmitButton>
      ) : (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">Save the draft first: publishing takes the saved draft.</p>
      )}
    </form>
  );
}

/** Replaces the draft with a copy of a published version. */
export function StartDraftForm({ versionId, replacesDraft }: { versionId: string; replacesDraft: boolean }) {
  const [state, start] = useActionState(startDraftFromVersionAction, initialActionState);
  return (
    <form action={start} className="space-y-2">
      <input type="hidden" name="versionId" value={versionId} />
      <FormMessage state={state} />
      {replacesDraft && <p className="text-sm text-stone-600">This replaces the draft you are working on.</p>}
      <SubmitButton variant="secondary" pendingText="Starting…">
        Start a new draft from this version
      </SubmitButton>
    </form>
  );
}
