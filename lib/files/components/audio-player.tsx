'use client';

import { useId, useRef, useState } from 'react';

const SPEEDS = ['0.75', '1', '1.25', '1.5', '1.75', '2'] as const;

/**
 * A recording or other audio, with a choice of speed. Nothing loads until the person presses play: starting playback
 * is what the record notes, not opening the page.
 */
export function AudioPlayer({ src, label }: { src: string; label: string }) {
  const id = useId();
  const audioRef = useRef<HTMLAudioElement>(null);
  const [speed, setSpeed] = useState<string>('1');

  function changeSpeed(value: string) {
    setSpeed(value);
    const audio = audioRef.current;
    if (!audio) return;
    // Both, so the speed holds when the browser reloads the source (after seeking far, for instance).
    audio.defaultPlaybackRate = Number(value);
    audio.playbackRate = Number(value);
  }

  return (
    <div className="space-y-3">
      <audio ref={audioRef} controls preload="none" src={src} aria-label={`Play ${label}`} className="w-full">
        Your browser cannot play this audio here. Download it to listen.
      </audio>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-speed`} className="text-sm font-medium text-stone-800">
          Playback speed
        </label>
        <select
          id={`${id}-speed`}
          value={speed}
          onChange={(event) => changeSpeed(event.currentTarget.value)}
          className="min-h-11 rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm"
        >
          {SPEEDS.map((value) => (
            <option key={value} value={value}>
              {value === '1' ? 'Normal (1×)' : `${value}×`}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
