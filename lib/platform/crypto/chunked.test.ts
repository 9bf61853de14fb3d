import { randomBytes, randomUUID } from 'node:crypto';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHUNK_BYTES,
  ChunkSealer,
  RECORD_BYTES,
  chunkCount,
  ciphertextLength,
  decryptStream,
  type DecryptOptions,
  encryptStream,
  openChunk,
  openHeld,
  plainLengthOfChunk,
  rangeToChunks,
  recordOffset,
  sealChunk,
  sealHeld,
} from './chunked';

const SIZES = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 5 * CHUNK_BYTES + 17];
// Piece sizes that straddle chunk boundaries in every way.
const ODD_PIECES = [1, 7, 4093, CHUNK_BYTES - 3, 2 * CHUNK_BYTES + 5, 17];

/** Runs `input` (in pieces of the given sizes, cycling) through a transform and collects the output. */
async function through(stream: Transform, input: Buffer, pieces = [16 * 1024]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0, i = 0; offset < input.length; i++) {
    parts.push(input.subarray(offset, offset + pieces[i % pieces.length]));
    offset += pieces[i % pieces.length];
  }
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  await pipeline(Readable.from(parts), stream);
  return Buffer.concat(out);
}

const encrypt = (key: Buffer, fileId: string, plain: Buffer) => through(encryptStream(key, fileId), plain);
const decrypt = (key: Buffer, fileId: string, stored: Buffer, size: number, pieces?: number[]) =>
  through(decryptStream(key, fileId, { totalChunks: chunkCount(size) }), stored, pieces);

/** The stored records of a file, one buffer each. */
function records(stored: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < stored.length; offset += RECORD_BYTES) out.push(stored.subarray(offset, offset + RECORD_BYTES));
  return out;
}

function sealWithSealer(key: Buffer, fileId: string, plain: Buffer, pieces: number[]): Buffer {
  const sealer = new ChunkSealer(key, fileId);
  const out: Buffer[] = [];
  for (let offset = 0, i = 0; offset < plain.length; i++) {
    const piece = pieces[i % pieces.length];
    out.push(...sealer.push(plain.subarray(offset, offset + piece)));
    offset += piece;
    // Held back: at least one byte once data arrived, never more than a chunk.
    expect(sealer.held.length).toBeGreaterThanOrEqual(1);
    expect(sealer.held.length).toBeLessThanOrEqual(CHUNK_BYTES);
  }
  out.push(sealer.finish());
  return Buffer.concat(out);
}

describe('chunk layout', () => {
  it('counts chunks and lengths, an empty file being one empty final record', () => {
    expect(SIZES.map(chunkCount)).toEqual([1, 1, 1, 1, 2, 6]);
    expect(ciphertextLength(0)).toBe(28);
    expect(ciphertextLength(CHUNK_BYTES)).toBe(RECORD_BYTES);
    expect(ciphertextLength(CHUNK_BYTES + 1)).toBe(RECORD_BYTES + 29);
    expect(plainLengthOfChunk(0, 0)).toBe(0);
    expect(plainLengthOfChunk(5 * CHUNK_BYTES + 17, 4)).toBe(CHUNK_BYTES);
    expect(plainLengthOfChunk(5 * CHUNK_BYTES + 17, 5)).toBe(17);
    expect(() => plainLengthOfChunk(CHUNK_BYTES, 1)).toThrow(RangeError);
    expect(recordOffset(3)).toBe(3 * RECORD_BYTES);
  });

  it('maps byte ranges (inclusive, as HTTP sends them) to chunks', () => {
    const size = 5 * CHUNK_BYTES + 17;
    expect(rangeToChunks(size, 0, size - 1)).toEqual({ firstChunk: 0, lastChunk: 5, skip: 0, take: size });
    expect(rangeToChunks(size, CHUNK_BYTES - 1, CHUNK_BYTES)).toEqual({ firstChunk: 0, lastChunk: 1, skip: CHUNK_BYTES - 1, take: 2 });
    expect(rangeToChunks(size, 2 * CHUNK_BYTES + 5, 2 * CHUNK_BYTES + 5)).toEqual({ firstChunk: 2, lastChunk: 2, skip: 5, take: 1 });
    for (const [start, end] of [
      [0, size],
      [5, 4],
      [-1, 3],
    ]) {
      expect(() => rangeToChunks(size, start, end)).toThrow(RangeError);
    }
    expect(() => rangeToChunks(0, 0, 0)).toThrow(RangeError);
  });
});

describe('round trips', () => {
  const key = randomBytes(32);

  for (const size of SIZES) {
    it(`a file of ${size} bytes, streamed and pushed in odd pieces`, async () => {
      const fileId = randomUUID();
      const plain = randomBytes(size);
      const stored = await encrypt(key, fileId, plain);
      expect(stored.length).toBe(ciphertextLength(size));
      expect((await decrypt(key, fileId, stored, size)).equals(plain)).toBe(true);
      // Decrypts the same however the stored bytes arrive.
      expect((await decrypt(key, fileId, stored, size, [1, 1000, RECORD_BYTES + 3])).equals(plain)).toBe(true);

      const sealed = sealWithSealer(key, fileId, plain, ODD_PIECES);
      expect(sealed.length).toBe(ciphertextLength(size));
      expect((await decrypt(key, fileId, sealed, size)).equals(plain)).toBe(true);
    });
  }

  it('never seals the same plaintext to the same bytes twice', async () => {
    const fileId = randomUUID();
    const plain = randomBytes(100);
    expect((await encrypt(key, fileId, plain)).equals(await encrypt(key, fileId, plain))).toBe(false);
  });

  it('resumes a sealer from its sealed held bytes, as between two HTTP requests', async () => {
    const fileId = randomUUID();
    const plain = randomBytes(3 * CHUNK_BYTES + 999);
    const cut = CHUNK_BYTES + 12_345;

    const first = new ChunkSealer(key, fileId);
    const before = first.push(plain.subarray(0, cut));
    expect(before).toHaveLength(1);
    const row = { nextIndex: first.nextIndex, tail: sealHeld(key, fileId, first.nextIndex, first.held) };

    const resumed = new ChunkSealer(key, fileId, row.nextIndex, openHeld(key, fileId, row.nextIndex, row.tail));
    const after = [...resumed.push(plain.subarray(cut)), resumed.finish()];

    const uninterrupted = new ChunkSealer(key, fileId);
    const whole = [...uninterrupted.push(plain), uninterrupted.finish()];
    // Nonces are random, so compare what the records say, record by record.
    const resumedRecords = [...before, ...after];
    expect(resumedRecords.map((r) => r.length)).toEqual(whole.map((r) => r.length));
    const opened = (list: Buffer[]) => list.map((r, i) => openChunk(key, fileId, i, i === list.length - 1, r));
    expect(Buffer.concat(opened(resumedRecords)).equals(Buffer.concat(opened(whole)))).toBe(true);
    expect((await decrypt(key, fileId, Buffer.concat(resumedRecords), plain.length)).equals(plain)).toBe(true);
  });

  it('binds the sealed held bytes to their file and position, and never to a chunk slot', () => {
    const fileId = randomUUID();
    const held = randomBytes(500);
    const tail = sealHeld(key, fileId, 3, held);
    expect(openHeld(key, fileId, 3, tail).equals(held)).toBe(true);
    expect(() => openHeld(key, fileId, 4, tail)).toThrow(/failed authentication/);
    expect(() => openHeld(key, randomUUID(), 3, tail)).toThrow(/failed authentication/);
    expect(() => openHeld(randomBytes(32), fileId, 3, tail)).toThrow(/failed authentication/);
    // Nor does a sealed tail pass for the final chunk at that index, or a final chunk for a tail.
    expect(() => openChunk(key, fileId, 3, true, Buffer.from(tail, 'base64url'))).toThrow(/failed authentication/);
    const chunk = sealChunk(key, fileId, 3, true, held);
    expect(() => openHeld(key, fileId, 3, chunk.toString('base64url'))).toThrow(/failed authentication/);
  });

  it('refuses a resumed sealer that lost its held bytes, and a finished one', () => {
    const fileId = randomUUID();
    expect(() => new ChunkSealer(key, fileId, 2)).toThrow(/at least one byte/);
    expect(() => new ChunkSealer(key, fileId, 0, Buffer.alloc(CHUNK_BYTES + 1))).toThrow(RangeError);
    expect(() => new ChunkSealer(key, 'not-a-uuid')).toThrow(/UUID/);
    const sealer = new ChunkSealer(key, fileId);
    sealer.finish();
    expect(() => sealer.push(Buffer.from('late'))).toThrow(/already finished/);
  });

  it('decrypts byte ranges to the same bytes as the plaintext slice', async () => {
    const fileId = randomUUID();
    const size = 5 * CHUNK_BYTES + 17;
    const plain = randomBytes(size);
    const stored = await encrypt(key, fileId, plain);
    const ranges = [
      [0, 0],
      [0, size - 1],
      [10, 20],
      [CHUNK_BYTES - 1, CHUNK_BYTES],
      [CHUNK_BYTES, 2 * CHUNK_BYTES - 1],
      [CHUNK_BYTES + 5, 4 * CHUNK_BYTES + 3],
      [5 * CHUNK_BYTES, size - 1],
      [size - 1, size - 1],
    ];
    for (const [start, end] of ranges) {
      const { firstChunk, lastChunk, skip, take } = rangeToChunks(size, start, end);
      // What a ranged read of the stored object returns.
      const endOfRecords = lastChunk === chunkCount(size) - 1 ? stored.length : recordOffset(lastChunk + 1);
      const slice = stored.subarray(recordOffset(firstChunk), endOfRecords);
      const out = await through(decryptStream(key, fileId, { firstChunk, lastChunk, totalChunks: chunkCount(size) }), slice, [5000]);
      expect(out.subarray(skip, skip + take).equals(plain.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
  });
});

describe('tampering', () => {
  const key = randomBytes(32);
  const fileId = randomUUID();
  const size = 3 * CHUNK_BYTES + 100;
  const plain = randomBytes(size);
  let stored: Buffer;

  // Consumed as it comes (a stream nobody reads stalls once its buffer fills), and what it emitted returned.
  const rejects = async (input: Buffer | Buffer[], options: { fileId?: string; key?: Buffer; decrypt?: Partial<DecryptOptions>; error?: RegExp } = {}) => {
    const stream = decryptStream(options.key ?? key, options.fileId ?? fileId, { totalChunks: chunkCount(size), ...options.decrypt });
    const emitted: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => emitted.push(chunk));
    await expect(pipeline(Readable.from(Array.isArray(input) ? input : [input]), stream)).rejects.toThrow(options.error ?? /failed authentication|ends early|Unexpected data/);
    return Buffer.concat(emitted);
  };
  const flipped = (position: number) => {
    const copy = Buffer.from(stored);
    copy[position] ^= 0x01;
    return copy;
  };

  beforeAll(async () => {
    stored = await encrypt(key, fileId, plain);
  });

  it('leaves the untouched file decryptable', async () => {
    expect((await decrypt(key, fileId, stored, size)).equals(plain)).toBe(true);
  });

  it('a flipped bit in a nonce, the ciphertext or a tag, and no unauthenticated byte is emitted', async () => {
    for (const position of [recordOffset(1), recordOffset(1) + 12, recordOffset(1) + 5000, recordOffset(2) - 1, stored.length - 1, recordOffset(3)]) {
      const emitted = await rejects(flipped(position));
      // At most the chunks before the damaged one came out, whole and correct.
      expect(emitted.length % CHUNK_BYTES, `byte ${position}`).toBe(0);
      expect(emitted.length, `byte ${position}`).toBeLessThanOrEqual(Math.floor(position / RECORD_BYTES) * CHUNK_BYTES);
      expect(emitted.equals(plain.subarray(0, emitted.length)), `byte ${position}`).toBe(true);
    }
  });

  it('a dropped chunk, reordered chunks, and the final chunk missing', async () => {
    const [a, b, c, d] = records(stored);
    await rejects(Buffer.concat([a, c, d]), { error: /Chunk 1 failed authentication/ });
    await rejects(Buffer.concat([b, a, c, d]));
    await rejects(Buffer.concat([a, b, d, c]));
    // The file cut after a full chunk: the last chunk present was not sealed as the final one.
    await rejects(Buffer.concat([a, b, c]), { error: /ends early, in chunk 3/ });
    expect(() => openChunk(key, fileId, 2, true, c)).toThrow(/failed authentication/);
    // A shorter file presented as complete (its metadata rewritten to say 3 chunks) fails the same way.
    expect((await rejects(Buffer.concat([a, b, c]), { decrypt: { totalChunks: 3 }, error: /Chunk 2 failed authentication/ })).length).toBe(2 * CHUNK_BYTES);
  });

  it('a truncated final chunk, and extra bytes after the final record', async () => {
    await rejects(stored.subarray(0, stored.length - 1));
    await rejects(stored.subarray(0, stored.length - 100));
    await rejects(stored.subarray(0, recordOffset(3) + 27));
    await rejects(stored.subarray(0, recordOffset(2) + 1000));
    await rejects(Buffer.concat([stored, Buffer.of(0)]), { error: /Chunk 3 failed authentication/ });
    await rejects(Buffer.concat([stored, stored.subarray(recordOffset(3))]));
    // A full final record followed by anything: the limit applies while streaming, not only at the end.
    const full = await encrypt(key, fileId, plain.subarray(0, 2 * CHUNK_BYTES));
    await rejects([full, Buffer.alloc(10)], { decrypt: { totalChunks: 2 }, error: /Unexpected data after chunk 1/ });
    // Data after the last requested record of a range is refused too.
    await rejects(stored.subarray(0, RECORD_BYTES + 1), { decrypt: { lastChunk: 0 }, error: /Unexpected data after chunk 0/ });
  });

  it("another file's chunk at the same index, the right chunks under another file id, and a wrong key", async () => {
    const otherId = randomUUID();
    const other = records(await encrypt(key, otherId, randomBytes(size)));
    const own = records(stored);
    await rejects(Buffer.concat([own[0], other[1], own[2], own[3]]));
    await rejects(stored, { fileId: otherId });
    await rejects(stored, { key: randomBytes(32) });
  });

  it('a chunk presented with the wrong flag or index, one at a time', () => {
    const full = randomBytes(CHUNK_BYTES);
    const record = sealChunk(key, fileId, 4, false, full);
    expect(openChunk(key, fileId, 4, false, record).equals(full)).toBe(true);
    expect(() => openChunk(key, fileId, 4, true, record)).toThrow(/failed authentication/);
    expect(() => openChunk(key, fileId, 5, false, record)).toThrow(/failed authentication/);
    expect(() => openChunk(key, fileId, 4, false, record.subarray(1))).toThrow(/wrong length/);
    expect(() => sealChunk(key, fileId, 0, false, randomBytes(10))).toThrow(RangeError);
  });
});
