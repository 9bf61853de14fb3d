// Turning an episode's script into audio on the server. The engine sits behind SpeechEngine, so a better voice can
// replace eSpeak NG without touching anything else; nothing the therapist wrote leaves the process.
import type { EpisodeScript } from './model';
import { spokenSegments } from './script';
import { joinAudio } from './wav';

export interface SpeechEngine {
  /** One WAV of the whole script, its pauses as silence, and its length in seconds. */
  synthesise(script: EpisodeScript): Promise<{ wav: Buffer; seconds: number }>;
}

export interface EspeakVoice {
  /** An eSpeak NG voice name ('en-gb', 'en-us'…). */
  voice: string;
  wordsPerMinute: number;
}

/** A calm British English voice, a little slower than eSpeak's default of 175 words a minute. */
export const DEFAULT_VOICE: EspeakVoice = { voice: 'en-gb', wordsPerMinute: 150 };

/**
 * eSpeak NG compiled to WebAssembly (the `espeak-ng` npm package, GPL-3.0-or-later), run in this process: one run per
 * stretch of speech between two pauses (22050 Hz mono 16-bit), joined with silence where the script pauses.
 */
export function espeakEngine(voice: EspeakVoice = DEFAULT_VOICE): SpeechEngine {
  return {
    async synthesise(script) {
      const pieces: (Buffer | { silence: number })[] = [];
      for (const segment of spokenSegments(script)) pieces.push(segment.kind === 'speech' ? await speak(segment.text, voice) : { silence: segment.seconds });
      return joinAudio(pieces);
    },
  };
}

async function speak(text: string, voice: EspeakVoice): Promise<Buffer> {
  const { default: ESpeakNg } = await import('espeak-ng');
  // The text goes in as a file (UTF-8), never on the command line, where a line starting with "-" would be an option.
  const run = await ESpeakNg({
    arguments: ['-v', voice.voice, '-s', String(voice.wordsPerMinute), '-b', '1', '-w', '/out.wav', '-f', '/in.txt'],
    // eSpeak's messages could quote the text: they go nowhere.
    print: () => {},
    printErr: () => {},
    preRun: [(module) => module.FS.writeFile('/in.txt', text)],
  });
  return Buffer.from(run.FS.readFile('/out.wav'));
}

/** The engine Hearth speaks with. */
export const speechEngine: SpeechEngine = espeakEngine();
