'use client';

import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { PLAYBACK_SPEEDS } from '../model';

const noSubscription = () => () => {};

const BUTTON = 'inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-hearth-800 shadow-sm ring-1 ring-stone-300 hover:bg-hearth-50';

/**
 * The episode's audio with a choice of speed and a download, or, for someone who prefers it, the transcript read by
 * the device's own voice (the browser's speech synthesis: nothing leaves the device).
 */
export function EpisodePlayer({ audio, spokenText, label }: { audio: { playSrc: string; downloadHref: string } | null; spokenText: string[]; label: string }) {
  const id = useId();
  const audioRef = useRef<HTMLAudioElement>(null);
  const [speed, setSpeed] = useState('1');
  // Whether the browser has a voice is only known in the browser; the server renders neither offer.
  const deviceVoice = useSyncExternalStore(noSubscription, () => ('speechSynthesis' in window ? 'available' : 'missing'), () => 'unknown');
  const [speaking, setSpeaking] = useState(false);

  // Leaving the page stops the device's voice too.
  useEffect(() => () => window.speechSynthesis?.cancel(), []);

  function changeSpeed(value: string) {
    setSpeed(value);
    const element = audioRef.current;
    if (!element) return;
    element.defaultPlaybackRate = Number(value);
    element.playbackRate = Number(value);
  }

  function listenWithDevice() {
    audioRef.current?.pause();
    const synthesis = window.speechSynthesis;
    synthesis.cancel();
    spokenText.forEach((text, index) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.rate = Number(speed);
      if (index === spokenText.length - 1) utterance.onend = () => setSpeaking(false);
      synthesis.speak(utterance);
    });
    setSpeaking(true);
  }

  function stopDevice() {
    window.speechSynthesis.cancel();
    setSpeaking(false);
  }

  return (
    <div className="space-y-4">
      {audio ? (
        <>
          <audio ref={audioRef} controls preload="metadata" src={audio.playSrc} aria-label={`Play ${label}`} className="w-full">
            Your browser cannot play this audio here. Download it to listen.
          </audio>
          <div className="flex flex-wrap items-end gap-3">
            <div className="space-y-1">
              <label htmlFor={`${id}-speed`} className="block text-sm font-medium text-stone-800">
                Playback speed
              </label>
              <select
                id={`${id}-speed`}
                value={speed}
                onChange={(event) => changeSpeed(event.currentTarget.value)}
                className="block min-h-11 rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm"
              >
                {PLAYBACK_SPEEDS.map((value) => (
                  <option key={value} value={value}>
                    {value === '1' ? 'Normal (1×)' : `${value}×`}
                  </option>
                ))}
              </select>
            </div>
            <a href={audio.downloadHref} download className={BUTTON}>
              Download<span className="sr-only"> {label}</span>
            </a>
          </div>
        </>
      ) : (
        <p className="text-stone-700">The audio cannot be played here now. You can read the transcript, or listen with your device’s voice.</p>
      )}
      {deviceVoice === 'available' && (
        <div className="flex flex-wrap gap-2">
          {speaking ? (
            <button type="button" onClick={stopDevice} className={BUTTON}>
              Stop my device’s voice
            </button>
          ) : (
            <button type="button" onClick={listenWithDevice} className={BUTTON}>
              Listen with my device’s voice instead
            </button>
          )}
        </div>
      )}
      {deviceVoice === 'missing' && <p className="text-sm text-stone-600">This browser has no voice of its own to read the transcript.</p>}
    </div>
  );
}
