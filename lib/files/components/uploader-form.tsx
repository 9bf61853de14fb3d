'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import type { DetailedError, Upload } from 'tus-js-client';
import { routes } from '@/lib/routes';
import { FILE_KIND_LABELS, FILE_NOTE_MAX, REFUSALS, UPLOAD_METADATA, formatBytes, type FileKind } from '../model';
import { serverWords } from './upload-errors';
import { canResume, fingerprintFor, resumeStorage } from './upload-resume';

const CHUNK_BYTES = 8 * 1024 * 1024;
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000];

const CONTROL = 'block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm';
const BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 text-sm font-semibold shadow-sm disabled:opacity-60';
const PRIMARY = `${BUTTON} bg-hearth-700 text-white hover:bg-hearth-800`;
const SECONDARY = `${BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`;

type Phase = 'choosing' | 'starting' | 'uploading' | 'paused' | 'cancelling';

const percent = (sent: number, total: number) => (total > 0 ? Math.floor((sent / total) * 100) : 0);

/**
 * Sharing a file into a space: chosen or dropped, checked against the practice's limit here first, then sent in
 * resumable pieces (tus) that survive a dropped connection and can be paused. An upload interrupted by closing the
 * page continues where it stopped when the same file is shared again with the same kind and note.
 */
export function UploaderForm({ spaceId, otherName, maxBytes, kinds }: { spaceId: string; otherName: string; maxBytes: number; kinds: readonly FileKind[] }) {
  const router = useRouter();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [kind, setKind] = useState<FileKind>('document');
  const [kindChosen, setKindChosen] = useState(false);
  const [note, setNote] = useState('');
  const [phase, setPhase] = useState<Phase>('choosing');
  const [progress, setProgress] = useState({ sent: 0, total: 0 });
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [dragging, setDragging] = useState(false);
  const uploadRef = useRef<Upload | null>(null);

  // Leaving the page stops sending; the upload can be resumed later from where it got to.
  useEffect(() => () => void uploadRef.current?.abort(), []);

  const busy = phase !== 'choosing';

  function choose(picked: File | null) {
    setFile(picked);
    setError('');
    setStatus('');
    if (picked && !kindChosen) setKind(picked.type.startsWith('image/') && kinds.includes('image') ? 'image' : 'document');
  }

  function onDrop(event: React.DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    const dropped = event.dataTransfer.files;
    if (dropped.length === 0) return;
    // The file input can't show a dropped file, so it is emptied and the choice shown beside it.
    setInputKey((key) => key + 1);
    choose(dropped[0]!);
    if (dropped.length > 1) setStatus(`Only one file can be shared at a time: ${dropped[0]!.name} is chosen.`);
  }

  function refusalBefore(picked: File | null): string | null {
    if (!picked) return 'Choose a file to share, or drop one onto the box.';
    if (picked.size === 0) return REFUSALS.empty;
    if (picked.size > maxBytes) return `${REFUSALS.too_large} This file is ${formatBytes(picked.size)}; the limit is ${formatBytes(maxBytes)}.`;
    return null;
  }

  async function start(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const refusal = refusalBefore(file);
    if (refusal || !file) {
      setError(refusal ?? '');
      return;
    }
    setError('');
    setStatus('Starting the upload…');
    setPhase('starting');
    setProgress({ sent: 0, total: file.size });
    const trimmedNote = note.trim();
    const resumable = canResume();
    try {
      // Loaded on use: the upload client is only needed once someone shares a file.
      const tus = await import('tus-js-client');
      const upload = new tus.Upload(file, {
        endpoint: routes.apiUploads,
        metadata: {
          [UPLOAD_METADATA.space]: spaceId,
          [UPLOAD_METADATA.kind]: kind,
          [UPLOAD_METADATA.name]: file.name,
          ...(trimmedNote ? { [UPLOAD_METADATA.note]: trimmedNote } : {}),
        },
        chunkSize: CHUNK_BYTES,
        retryDelays: RETRY_DELAYS_MS,
        storeFingerprintForResuming: resumable,
        removeFingerprintOnSuccess: true,
        urlStorage: resumeStorage,
        // An empty fingerprint is never stored: without secure storage nothing is remembered.
        fingerprint: resumable ? fingerprintFor({ spaceId, kind, note: trimmedNote }) : async () => '',
        onProgress: (sent, total) => setProgress({ sent, total }),
        onSuccess: () => {
          uploadRef.current = null;
          setPhase('choosing');
          setFile(null);
          setInputKey((key) => key + 1);
          setNote('');
          setKind('document');
          setKindChosen(false);
          setStatus(`Shared. ${otherName} has been told something new is in your shared files.`);
          router.refresh();
        },
        onError: (failure) => {
          uploadRef.current = null;
          setPhase('choosing');
          setStatus('');
          const response = (failure as DetailedError).originalResponse;
          setError(
            response
              ? serverWords(response.getBody(), 'The upload did not finish. Please try again.')
              : 'The upload stopped because the connection to Hearth was lost. Check your internet connection and press Upload again: it continues where it stopped.',
          );
        },
      });
      uploadRef.current = upload;
      if (resumable) {
        const [previous] = await upload.findPreviousUploads();
        if (previous) upload.resumeFromPreviousUpload(previous);
      }
      upload.start();
      setPhase('uploading');
      setStatus(`Uploading ${file.name}.`);
    } catch {
      uploadRef.current = null;
      setPhase('choosing');
      setStatus('');
      setError('The upload could not start. Please reload the page and try again.');
    }
  }

  function pause() {
    void uploadRef.current?.abort();
    setPhase('paused');
    setStatus('Upload paused. Press Resume to continue.');
  }

  function resume() {
    uploadRef.current?.start();
    setPhase('uploading');
    setStatus('Upload resumed.');
  }

  async function cancel() {
    const upload = uploadRef.current;
    uploadRef.current = null;
    setPhase('cancelling');
    try {
      // true: the server removes what arrived, and the place to resume from is forgotten.
      await upload?.abort(true);
      setStatus('Upload cancelled. Nothing was shared.');
    } catch {
      setStatus('Upload cancelled. Nothing was shared; what arrived is removed within a day.');
    }
    setPhase('choosing');
    setProgress({ sent: 0, total: 0 });
  }

  const fileHint = `Drag a file onto this box, or choose one. Up to ${formatBytes(maxBytes)}. PDF, Word (DOCX), plain text, PNG, JPEG, WebP or audio.`;

  return (
    <div className="space-y-4">
      <form onSubmit={start} className="space-y-4" noValidate>
        <fieldset disabled={busy} className="space-y-4">
          <legend className="sr-only">Share a file with {otherName}</legend>
          <div
            role="group"
            aria-labelledby={`${id}-drop`}
            onDragOver={(event) => {
              event.preventDefault();
              if (!busy) setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            className={`space-y-2 rounded-xl border-2 border-dashed p-4 ${dragging ? 'border-hearth-600 bg-hearth-50' : 'border-stone-300 bg-stone-50'}`}
          >
            <p id={`${id}-drop`} className="font-medium text-stone-900">
              Drop a file here to share it
            </p>
            <label htmlFor={`${id}-file`} className="block text-sm font-medium text-stone-800">
              File to share
            </label>
            <p id={`${id}-file-hint`} className="text-sm text-stone-600">
              {fileHint}
            </p>
            <input
              key={inputKey}
              id={`${id}-file`}
              type="file"
              name="file"
              aria-describedby={`${id}-file-hint`}
              onChange={(event) => choose(event.currentTarget.files?.[0] ?? null)}
              className="block w-full max-w-full text-sm text-stone-800 file:mr-3 file:min-h-11 file:rounded-lg file:border-0 file:bg-white file:px-4 file:py-2 file:font-semibold file:text-hearth-800 file:ring-1 file:ring-stone-300"
            />
            {file && (
              <p className="break-words text-sm text-stone-800">
                Chosen: {file.name} ({formatBytes(file.size)})
              </p>
            )}
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-kind`} className="block text-sm font-medium text-stone-800">
              What kind of file is this?
            </label>
            <select
              id={`${id}-kind`}
              name="kind"
              value={kind}
              onChange={(event) => {
                setKind(event.currentTarget.value as FileKind);
                setKindChosen(true);
              }}
              className={CONTROL}
            >
              {kinds.map((value) => (
                <option key={value} value={value}>
                  {FILE_KIND_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-note`} className="block text-sm font-medium text-stone-800">
              Private note (optional)
            </label>
            <p id={`${id}-note-hint`} className="text-sm text-stone-600">
              Only you and {otherName} can read this. Up to {FILE_NOTE_MAX} characters.
            </p>
            <textarea
              id={`${id}-note`}
              name="note"
              rows={2}
              maxLength={FILE_NOTE_MAX}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              aria-describedby={`${id}-note-hint`}
              className={CONTROL}
            />
          </div>
          <button type="submit" className={PRIMARY}>
            Upload
          </button>
        </fieldset>
      </form>

      {(phase === 'uploading' || phase === 'paused' || phase === 'starting') && (
        <div className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-stone-200">
          <progress value={progress.sent} max={progress.total || 1} aria-label="Upload progress" className="h-3 w-full accent-hearth-700" />
          <p className="text-sm text-stone-700">
            {percent(progress.sent, progress.total)}% ({formatBytes(progress.sent)} of {formatBytes(progress.total)})
          </p>
          <div className="flex flex-wrap gap-2">
            {phase === 'paused' ? (
              <button type="button" onClick={resume} className={SECONDARY}>
                Resume
              </button>
            ) : (
              <button type="button" onClick={pause} disabled={phase === 'starting'} className={SECONDARY}>
                Pause
              </button>
            )}
            <button type="button" onClick={() => void cancel()} disabled={phase === 'starting'} className={`${BUTTON} bg-white text-red-800 ring-1 ring-red-300 hover:bg-red-50`}>
              Cancel
            </button>
          </div>
        </div>
      )}

      <div aria-live="polite" role="status">
        {status && <p className="rounded-lg bg-hearth-50 px-3 py-2 text-sm text-hearth-800 ring-1 ring-hearth-100">{status}</p>}
      </div>
      <div role="alert">{error && <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">{error}</p>}</div>
    </div>
  );
}
