'use client';

import { useEffect, useRef, useState } from 'react';
import { routes } from '@/lib/routes';
import { UPLOAD_METADATA, formatBytes } from '../model';
import { StreamingUpload, UploadFailed } from './stream-upload';

/** Each piece of sound is sent this often, so little is lost if the page or the connection goes. */
const TIMESLICE_MS = 2000;

const FORMATS = [
  { mimeType: 'audio/webm;codecs=opus', extension: 'webm' },
  { mimeType: 'audio/ogg;codecs=opus', extension: 'ogg' },
  { mimeType: 'audio/mp4', extension: 'm4a' },
] as const;

type Phase = 'ready' | 'starting' | 'recording' | 'paused' | 'saving' | 'saved' | 'failed';

const BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 text-sm font-semibold shadow-sm disabled:opacity-60';
const PRIMARY = `${BUTTON} bg-hearth-700 text-white hover:bg-hearth-800`;
const SECONDARY = `${BUTTON} bg-white text-stone-800 ring-1 ring-stone-300 hover:bg-stone-100`;

function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(seconds / 3600);
  return hours > 0 ? `${hours}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}` : `${two(Math.floor(seconds / 60))}:${two(seconds % 60)}`;
}

function microphoneProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'Hearth was not allowed to use your microphone. Allow the microphone for this site in your browser’s settings, then press Start recording again.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found. Connect one, then press Start recording again.';
  if (name === 'NotReadableError') return 'Your microphone is being used by another app. Close it, then press Start recording again.';
  return 'Your microphone could not be started. Please try again.';
}

/** Whether this page's Permissions-Policy lets it use the microphone (null where the browser can't say). */
function microphoneAllowedHere(): boolean | null {
  const policy = (document as Document & { featurePolicy?: { allowsFeature(feature: string): boolean } }).featurePolicy;
  return policy ? policy.allowsFeature('microphone') : null;
}

/**
 * Recording one session in the browser, straight into the space's vault as it is made: nothing waits on the device
 * until the end. The page offers it only when the agreement allows this person to record this session, and the
 * upload is refused otherwise.
 */
export function Recorder({ spaceId, appointmentId, maxBytes, spaceHref }: { spaceId: string; appointmentId: string; maxBytes: number; spaceHref: string }) {
  const [phase, setPhase] = useState<Phase>('ready');
  const [elapsedMs, setElapsedMs] = useState(0);
  const [savedBytes, setSavedBytes] = useState(0);
  const [retrying, setRetrying] = useState(false);
  const [problem, setProblem] = useState('');
  const [note, setNote] = useState('');
  const [needsReload, setNeedsReload] = useState(false);
  const recorderRef = useRef<MediaRecorder | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  // Time recorded before the latest resume, and when that resume happened.
  const timing = useRef({ before: 0, since: 0 });

  const active = phase === 'starting' || phase === 'recording' || phase === 'paused' || phase === 'saving';

  useEffect(() => {
    if (phase !== 'recording') return;
    const timer = window.setInterval(() => setElapsedMs(timing.current.before + Date.now() - timing.current.since), 1000);
    return () => window.clearInterval(timer);
  }, [phase]);

  // Closing or reloading the tab while recording or saving would cut the recording short.
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);

  // Leaving the page inside Hearth: stop, and save what was recorded.
  useEffect(
    () => () => {
      if (recorderRef.current && recorderRef.current.state !== 'inactive') recorderRef.current.stop();
      else streamRef.current?.getTracks().forEach((track) => track.stop());
    },
    [],
  );

  function releaseMicrophone() {
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = null;
  }

  function fail(message: string) {
    setProblem(message);
    setRetrying(false);
    setPhase('failed');
    if (recorderRef.current && recorderRef.current.state !== 'inactive') recorderRef.current.stop();
    else releaseMicrophone();
  }

  async function start() {
    setProblem('');
    setNote('');
    setNeedsReload(false);
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      fail('This browser cannot record sound. Try a recent version of Chrome, Edge, Firefox or Safari.');
      return;
    }
    // Arriving here without a page load keeps the previous page's policy, which allows no microphone.
    if (microphoneAllowedHere() === false) {
      setNeedsReload(true);
      return;
    }
    setPhase('starting');
    setElapsedMs(0);
    setSavedBytes(0);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      fail(microphoneProblem(error));
      return;
    }
    streamRef.current = stream;
    const format = FORMATS.find((candidate) => MediaRecorder.isTypeSupported(candidate.mimeType));
    let recorder: MediaRecorder;
    try {
      recorder = new MediaRecorder(stream, format ? { mimeType: format.mimeType } : undefined);
    } catch {
      fail('This browser cannot record sound. Try a recent version of Chrome, Edge, Firefox or Safari.');
      return;
    }
    const upload = new StreamingUpload(
      routes.apiUploads,
      {
        [UPLOAD_METADATA.space]: spaceId,
        [UPLOAD_METADATA.kind]: 'recording',
        [UPLOAD_METADATA.name]: `session-recording.${format?.extension ?? 'webm'}`,
        [UPLOAD_METADATA.appointment]: appointmentId,
      },
      { onSaved: setSavedBytes, onRetrying: setRetrying, onFailed: (error) => fail(error.message) },
    );
    try {
      // Created before the first sound is captured: a refusal (no agreement, not this person's to record) comes first.
      await upload.create();
    } catch (error) {
      fail(error instanceof UploadFailed ? error.message : 'The recording could not start. Please try again.');
      return;
    }
    recorderRef.current = recorder;

    // Near the practice's limit the recording stops on its own, so what was recorded can still be stored.
    const stopAt = maxBytes - Math.min(1024 * 1024, maxBytes / 10);
    recorder.ondataavailable = (event) => {
      upload.push(event.data);
      if (upload.queuedBytes >= stopAt && recorder.state !== 'inactive') {
        setNote('The recording reached the largest size your practice allows, so it stopped.');
        recorder.stop();
      }
    };
    recorder.onstop = () => {
      releaseMicrophone();
      if (upload.failed) return;
      setPhase('saving');
      upload.finish().then(
        () => setPhase('saved'),
        // A failure has already been shown through onFailed.
        () => {},
      );
    };
    // The recorder stops itself after an error, and what it captured is saved as usual.
    recorder.onerror = () => setProblem('Recording stopped because of a problem with the microphone. What was recorded up to then is being saved.');

    timing.current = { before: 0, since: Date.now() };
    recorder.start(TIMESLICE_MS);
    setPhase('recording');
  }

  function pause() {
    recorderRef.current?.pause();
    timing.current.before += Date.now() - timing.current.since;
    setElapsedMs(timing.current.before);
    setPhase('paused');
  }

  function resume() {
    timing.current.since = Date.now();
    recorderRef.current?.resume();
    setPhase('recording');
  }

  function stop() {
    if (phase === 'recording') timing.current.before += Date.now() - timing.current.since;
    setElapsedMs(timing.current.before);
    recorderRef.current?.stop();
  }

  return (
    <div className="space-y-4">
      {(phase === 'ready' || phase === 'failed' || phase === 'starting') && (
        <div className="space-y-3">
          <p className="text-stone-700">
            When you press Start recording, your browser asks to use your microphone. The recording goes into your shared files a few seconds at a time, under a
            neutral name, and is kept as your agreement says.
          </p>
          <button type="button" onClick={() => void start()} disabled={phase === 'starting'} className={PRIMARY}>
            {phase === 'starting' ? 'Starting…' : 'Start recording'}
          </button>
        </div>
      )}

      {(phase === 'recording' || phase === 'paused' || phase === 'saving') && (
        <div className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-stone-200">
          <p role="status" className="flex items-center gap-2 text-lg font-semibold text-stone-900">
            <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-full ${phase === 'recording' ? 'bg-red-600 motion-safe:animate-pulse' : 'bg-stone-400'}`} />
            {phase === 'recording' ? 'Recording' : phase === 'paused' ? 'Recording paused' : 'Saving the recording…'}
          </p>
          <p className="text-stone-700">
            Elapsed time: <span className="font-mono tabular-nums">{clock(elapsedMs)}</span>
          </p>
          <p className="text-sm text-stone-600">Saved so far: {formatBytes(savedBytes)}</p>
          {phase !== 'saving' && (
            <div className="flex flex-wrap gap-2">
              {phase === 'paused' ? (
                <button type="button" onClick={resume} className={SECONDARY}>
                  Resume
                </button>
              ) : (
                <button type="button" onClick={pause} className={SECONDARY}>
                  Pause
                </button>
              )}
              <button type="button" onClick={stop} className={`${BUTTON} bg-red-700 text-white hover:bg-red-800`}>
                Stop
              </button>
            </div>
          )}
        </div>
      )}

      <div role="status" aria-live="polite" className="space-y-2">
        {retrying && active && (
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            The connection to Hearth dropped. Trying again: keep this page open and nothing recorded is lost.
          </p>
        )}
        {note && <p className="rounded-lg bg-stone-100 px-3 py-2 text-sm text-stone-800">{note}</p>}
        {phase === 'saved' && (
          <p className="rounded-lg bg-hearth-50 px-3 py-2 text-hearth-800 ring-1 ring-hearth-100">
            Saved to your shared files under a neutral name.{' '}
            {/* A full page load, so this page's permission to use the microphone ends with it. */}
            <a href={spaceHref} className="font-semibold underline underline-offset-2">
              Go to your shared files
            </a>
          </p>
        )}
      </div>
      <div role="alert">
        {problem && <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">{problem}</p>}
        {needsReload && (
          <p className="space-y-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
            This page needs to be reloaded before it can use your microphone.{' '}
            <button type="button" onClick={() => window.location.reload()} className="font-semibold underline underline-offset-2">
              Reload the page
            </button>
          </p>
        )}
      </div>
    </div>
  );
}
