'use client';

import { useActionState, useId, useState } from 'react';
import { initialActionState, type ActionState } from '@/lib/actions/state';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { importSessionsAction } from '../actions';
import {
  CHANNEL_LABELS,
  IMPORT_COLUMNS,
  IMPORT_FILE_MESSAGES,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  SESSION_PROBLEM_MESSAGES,
  formatSessionDay,
  formatSessionTimes,
  type ImportPreview,
  type ImportPreviewRow,
} from '../model';

const CONTROL = 'block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 font-mono text-sm shadow-sm aria-invalid:border-red-600';

// Browsers send a textarea's line breaks as CRLF; the preview is of the same list either way.
const sameText = (a: string, b: string) => a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');

function previewOf(state: ActionState): ImportPreview | null {
  const raw = state.data?.preview;
  return typeof raw === 'string' ? (JSON.parse(raw) as ImportPreview) : null;
}

const EXAMPLE = `${IMPORT_COLUMNS.join(',')}\n2025-03-14,09:30,50,in person\n2025-03-21,09:30,50,telehealth`;

/**
 * Importing a list of sessions: paste it or choose a CSV file, preview what each row becomes, then
 * add exactly the rows the preview accepted. Nothing is saved before "Add".
 */
export function ImportSessionsForm({ clientId, timeZone }: { clientId: string; timeZone: string }) {
  const [csv, setCsv] = useState('');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const fileId = useId();
  const [state, action] = useActionState(async (previous: ActionState, form: FormData) => {
    const result = await importSessionsAction(previous, form);
    if (result.ok) setCsv('');
    return result;
  }, initialActionState);
  const preview = previewOf(state);
  const current = preview && sameText(preview.csv, csv) ? preview : null;

  async function readFile(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileProblem(null);
    if (!file) return;
    if (file.size > IMPORT_MAX_BYTES) {
      setFileProblem(IMPORT_FILE_MESSAGES['too-large']);
      return;
    }
    setCsv(await file.text());
  }

  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="clientId" value={clientId} />
      <FormMessage state={state} />
      <p className="text-sm text-stone-600">
        One session a line, after a first line naming the columns <code className="font-mono">{IMPORT_COLUMNS.join(',')}</code>. Dates as
        YYYY-MM-DD, start times as HH:MM in the practice’s time, length in minutes, and “in person” or “telehealth”. At most {IMPORT_MAX_ROWS} sessions.
      </p>
      <div className="space-y-1">
        <label htmlFor={fileId} className="block text-sm font-medium text-stone-800">
          Choose a CSV file (optional)
        </label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={readFile}
          aria-invalid={fileProblem ? true : undefined}
          aria-describedby={fileProblem ? `${fileId}-error` : undefined}
          className="block w-full text-sm file:mr-3 file:min-h-11 file:rounded-lg file:border-0 file:bg-stone-100 file:px-4 file:py-2 file:font-semibold"
        />
        {fileProblem && (
          <p id={`${fileId}-error`} className="text-sm font-medium text-red-700">
            {fileProblem}
          </p>
        )}
      </div>
      <Field label="Sessions (CSV)" name="csv" state={state} hint="The file’s contents appear here; you can also paste or type the list.">
        {(control) => (
          <textarea {...control} value={csv} onChange={(event) => setCsv(event.target.value)} rows={8} placeholder={EXAMPLE} spellCheck={false} className={CONTROL} />
        )}
      </Field>
      {current && <input type="hidden" name="expected" value={current.digest} />}
      <SubmitButton name="step" value="preview" variant="secondary" pendingText="Working…">
        Preview
      </SubmitButton>
      {preview && !current && (
        <p role="status" className="text-sm text-stone-700">
          The list has changed since the preview. Preview it again before adding.
        </p>
      )}
      {current && <PreviewList preview={current} timeZone={timeZone} />}
    </form>
  );
}

function PreviewList({ preview, timeZone }: { preview: ImportPreview; timeZone: string }) {
  const added = preview.rows.filter((row) => row.accepted);
  const refused = preview.rows.filter((row) => !row.accepted);
  return (
    <section aria-label="Preview" className="space-y-4 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
      <p role="status" className="font-medium text-stone-900">
        {added.length} {added.length === 1 ? 'session' : 'sessions'} will be added; {refused.length} {refused.length === 1 ? 'row is' : 'rows are'} refused. Nothing has
        been saved yet.
      </p>
      {refused.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold text-red-800">Refused ({refused.length})</h3>
          <ul className="mt-1 divide-y divide-stone-200">
            {refused.map((row) => (
              <li key={row.line} className="py-2 text-sm">
                <p>
                  <span className="font-medium">Line {row.line}:</span> <RowText row={row} />
                </p>
                <ul className="list-disc pl-5 text-red-800">
                  {row.problems.map((problem) => (
                    <li key={problem}>{SESSION_PROBLEM_MESSAGES[problem]}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      )}
      {added.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold text-hearth-800">Will be added ({added.length})</h3>
          <ul className="mt-1 divide-y divide-stone-200">
            {added.map((row) => {
              const accepted = row.accepted!;
              const startsAt = new Date(accepted.startsAt);
              return (
                <li key={row.line} className="py-2 text-sm">
                  <span className="font-medium">Line {row.line}:</span> {formatSessionDay(startsAt, timeZone)},{' '}
                  {formatSessionTimes(startsAt, accepted.durationMinutes, timeZone)}, {accepted.durationMinutes} min, {CHANNEL_LABELS[accepted.channel]}
                  {accepted.ambiguous && <span className="block text-stone-600">The clocks go back that night: the first {row.start} is used.</span>}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {preview.addCount > 0 && (
        <SubmitButton name="step" value="save" pendingText="Adding…">
          Add {preview.addCount} {preview.addCount === 1 ? 'session' : 'sessions'}
        </SubmitButton>
      )}
    </section>
  );
}

function RowText({ row }: { row: ImportPreviewRow }) {
  const shown = [row.date, row.start, row.duration, row.channel].map((value) => value || '(empty)').join(', ');
  return <span className="font-mono">{shown}</span>;
}
