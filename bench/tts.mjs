// The between-session companion's speech: how long Hearth's engine (eSpeak NG in WebAssembly, lib/companion/speech.ts)
// takes to speak a two-minute episode, beside the episode's own length. The figure is the real-time factor, synthesis
// time ÷ audio length (below 1 is faster than listening; the episode is made in a job, never while someone waits).
//
// The episode is composed by the real template (lib/companion/script.ts) from a made-up summary long enough for about
// two minutes of audio, pauses included. Each run speaks it whole in this process, as the job does; the median of the
// runs is reported (the first includes loading the engine).
//
//   BENCH_TTS_RUNS   how many times the episode is spoken (default 3)
//
// `node bench/tts.mjs` prints the figures; bench/journal.mjs calls measureSynthesis() and reports them beside its own.
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { positiveIntegerFromEnv, printTable } from './harness.mjs';

const SUMMARY = {
  kind: 'after_session',
  clientName: 'Jordan Lee',
  therapistName: 'Dr. Robin Hale',
  keyPoints: [
    'Sunday evenings bring a sense of dread about the week ahead, mostly about the work deadline.',
    'When you named the worry out loud, it felt smaller and easier to look at.',
    'Sleep has been better on the nights you did the breathing practice before bed.',
    'You noticed that checking email late at night keeps the worry going.',
    'Saying no to one extra task this week felt uncomfortable, and it was also a relief.',
  ].join('\n'),
  exercise: {
    title: 'Box breathing',
    body: ['Breathe in slowly through your nose for a count of four.', 'Hold your breath gently for four.', 'Breathe out through your mouth for four.', 'Hold again for four, then begin the next breath.'].join('\n'),
  },
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Speaks a two-minute episode (BENCH_TTS_RUNS times): its length, the median synthesis time, and their ratio. */
export async function measureSynthesis() {
  const { composeScript } = await tsImport('../lib/companion/script.ts', import.meta.url);
  const { speechEngine } = await tsImport('../lib/companion/speech.ts', import.meta.url);
  const script = composeScript(SUMMARY);
  const runs = positiveIntegerFromEnv('BENCH_TTS_RUNS', 3);
  const timings = [];
  let audioSeconds = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    audioSeconds = (await speechEngine.synthesise(script)).seconds;
    timings.push((performance.now() - started) / 1000);
  }
  const synthesisSeconds = median(timings);
  return { audioSeconds, synthesisSeconds, realTimeFactor: synthesisSeconds / audioSeconds };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { audioSeconds, synthesisSeconds, realTimeFactor } = await measureSynthesis();
  printTable(
    'Speaking a two-minute between-session episode (eSpeak NG, WebAssembly, in process)',
    ['episode', 'engine', 'audio s', 'synthesis s', 'real-time factor'],
    [['after the session', 'espeak-ng en-gb 150 wpm', audioSeconds.toFixed(1), synthesisSeconds.toFixed(2), realTimeFactor.toFixed(3)]],
  );
  process.exit(0);
}
