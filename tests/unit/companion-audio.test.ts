import { describe, expect, it } from 'vitest';
import type { EpisodeScript } from '@/lib/companion/model';
import { composeScript } from '@/lib/companion/script';
import { espeakEngine } from '@/lib/companion/speech';
import { durationOf, encodeWav, joinAudio, parseWav, silence } from '@/lib/companion/wav';

const FORMAT = { sampleRate: 22050, channels: 1, bitsPerSample: 16 };
const tone = (samples: number) => {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin(i / 10)), i * 2);
  return data;
};

describe('WAV', () => {
  it('writes and reads back PCM with its format', () => {
    const data = tone(2205);
    const wav = encodeWav(FORMAT, data);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    const pcm = parseWav(wav);
    expect(pcm.format).toEqual(FORMAT);
    expect(pcm.data.equals(data)).toBe(true);
    expect(durationOf(pcm)).toBeCloseTo(0.1, 6);
  });

  it('reads a data chunk whose size runs past the end of the file (streamed output) to the end', () => {
    const wav = encodeWav(FORMAT, tone(100));
    wav.writeUInt32LE(0xffffffff, 40);
    expect(parseWav(wav).data.length).toBe(200);
  });

  it('refuses what is not PCM WAV', () => {
    expect(() => parseWav(Buffer.from('%PDF-1.7 not audio at all'))).toThrow(/Not a WAV/);
  });

  it('joins speech and silences in order, in one format, with the length of the whole', () => {
    const a = tone(22050);
    const b = tone(11025);
    const { wav, seconds } = joinAudio([encodeWav(FORMAT, a), { silence: 2 }, encodeWav(FORMAT, b)]);
    expect(seconds).toBeCloseTo(3.5, 6);
    const pcm = parseWav(wav);
    expect(pcm.data.subarray(0, a.length).equals(a)).toBe(true);
    expect(pcm.data.subarray(a.length, a.length + silence(FORMAT, 2).length).every((byte) => byte === 0)).toBe(true);
    expect(pcm.data.subarray(pcm.data.length - b.length).equals(b)).toBe(true);
  });

  it('refuses parts of different formats', () => {
    expect(() => joinAudio([encodeWav(FORMAT, tone(10)), encodeWav({ ...FORMAT, sampleRate: 44100 }, tone(10))])).toThrow(/format/);
  });
});

describe('the eSpeak NG engine', () => {
  it('speaks a script into one WAV, its pauses as silence', async () => {
    const script: EpisodeScript = {
      kind: 'after_session',
      parts: [
        { kind: 'say', section: 'greeting', text: 'Hello Jordan.' },
        { kind: 'pause', seconds: 3 },
        { kind: 'say', section: 'close', text: '-w /etc/passwd --help' },
      ],
    };
    const { wav, seconds } = await espeakEngine().synthesise(script);
    const pcm = parseWav(wav);
    expect(pcm.format).toEqual(FORMAT);
    expect(seconds).toBeCloseTo(durationOf(pcm), 6);
    // Two spoken stretches of about a second each around three seconds of silence.
    expect(seconds).toBeGreaterThan(4);
    expect(seconds).toBeLessThan(10);
  });

  it('speaks a whole episode', async () => {
    const script = composeScript({
      kind: 'before_next_session',
      clientName: 'Jordan Lee',
      therapistName: 'Dr. Robin Hale',
      keyPoints: 'Café naïve “quotes” — and <script>alert(1)</script> are spoken, not run.',
      exercise: null,
    });
    const { seconds } = await espeakEngine().synthesise(script);
    expect(seconds).toBeGreaterThan(15);
  });
});
