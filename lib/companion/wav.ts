// PCM WAV, just enough to join spoken parts and silences into one file: read a speech engine's output, make silence in
// the same format, write the whole. Pure, unit-tested.

export interface PcmFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
}

export interface Pcm {
  format: PcmFormat;
  data: Buffer;
}

/** The PCM samples and format of a WAV file. A data size larger than the file (streamed output) is read to its end. */
export function parseWav(wav: Buffer): Pcm {
  if (wav.length < 12 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') throw new Error('Not a WAV file');
  let format: PcmFormat | null = null;
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (wav.readUInt16LE(body) !== 1) throw new Error('Only PCM WAV is supported');
      format = { channels: wav.readUInt16LE(body + 2), sampleRate: wav.readUInt32LE(body + 4), bitsPerSample: wav.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data before its format');
      const end = Math.min(wav.length, body + size);
      const frame = bytesPerFrame(format);
      return { format, data: wav.subarray(body, body + Math.floor((end - body) / frame) * frame) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file without data');
}

const bytesPerFrame = (format: PcmFormat) => format.channels * (format.bitsPerSample / 8);

export const sameFormat = (a: PcmFormat, b: PcmFormat) => a.sampleRate === b.sampleRate && a.channels === b.channels && a.bitsPerSample === b.bitsPerSample;

/** Silence of this length in this format (zero samples: 16-bit PCM is signed). */
export function silence(format: PcmFormat, seconds: number): Buffer {
  return Buffer.alloc(Math.round(seconds * format.sampleRate) * bytesPerFrame(format));
}

export function durationOf(pcm: Pcm): number {
  return pcm.data.length / bytesPerFrame(pcm.format) / pcm.format.sampleRate;
}

/** A canonical 44-byte-header WAV file of these samples. */
export function encodeWav(format: PcmFormat, data: Buffer): Buffer {
  const header = Buffer.alloc(44);
  const frame = bytesPerFrame(format);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * frame, 28);
  header.writeUInt16LE(frame, 32);
  header.writeUInt16LE(format.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Joins speech (WAV files) and silences (seconds) into one WAV, in order; every WAV must share one format. */
export function joinAudio(pieces: (Buffer | { silence: number })[]): { wav: Buffer; seconds: number } {
  const spoken = pieces.flatMap((piece) => (Buffer.isBuffer(piece) ? [parseWav(piece)] : []));
  if (spoken.length === 0) throw new Error('Nothing to join: no speech');
  const format = spoken[0].format;
  if (spoken.some((pcm) => !sameFormat(pcm.format, format))) throw new Error('WAV parts differ in format');
  let next = 0;
  const data = Buffer.concat(pieces.map((piece) => (Buffer.isBuffer(piece) ? spoken[next++].data : silence(format, piece.silence))));
  return { wav: encodeWav(format, data), seconds: durationOf({ format, data }) };
}
