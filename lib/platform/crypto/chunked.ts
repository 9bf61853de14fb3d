import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';

/**
 * A file is stored as a run of records, one per 64 KiB chunk of plaintext, each sealed on its own
 * with AES-256-GCM under the file's data key: nonce (12 random bytes) || ciphertext || tag (16).
 * Every record but the last holds a full chunk. The associated data names the file, the chunk's
 * index and whether it is the last one, so a record that is dropped, reordered, moved to another
 * position or file, or cut off (a shorter file presented as complete) fails to open.
 */
export const CHUNK_BYTES = 64 * 1024;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const OVERHEAD = NONCE_BYTES + TAG_BYTES;
export const RECORD_BYTES = CHUNK_BYTES + OVERHEAD;

// NUL-terminated and of different lengths, so a chunk's associated data is never a held tail's.
const CHUNK_DOMAIN = Buffer.from('hearth-chunk-v1\0');
const HELD_DOMAIN = Buffer.from('hearth-held-v1\0');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The 16 bytes of the UUID: fixed length, and the same whatever case the database returns.
function fileIdBytes(fileId: string): Buffer {
  if (!UUID.test(fileId)) throw new Error('A file id must be a UUID.');
  return Buffer.from(fileId.replaceAll('-', ''), 'hex');
}

function checkIndex(index: number, what = 'Chunk index'): number {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`${what} must be a whole number ≥ 0, not ${index}.`);
  return index;
}

function uint64(index: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(checkIndex(index)));
  return bytes;
}

function chunkAad(fileId: string, index: number, final: boolean): Buffer {
  return Buffer.concat([CHUNK_DOMAIN, fileIdBytes(fileId), uint64(index), Buffer.of(final ? 1 : 0)]);
}

function heldAad(fileId: string, nextIndex: number): Buffer {
  return Buffer.concat([HELD_DOMAIN, fileIdBytes(fileId), uint64(nextIndex)]);
}

// A fresh random nonce per record: a retried upload may seal the same chunk again, which a
// counter-based nonce would turn into nonce reuse.
function sealRecord(key: Buffer, aad: Buffer, plaintext: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function openRecord(key: Buffer, aad: Buffer, record: Buffer, what: string): Buffer {
  if (record.length < OVERHEAD) throw new Error(`${what} is too short.`);
  // authTagLength pins the tag to 16 bytes: GCM would otherwise accept a guessable 4-byte tag.
  const decipher = createDecipheriv('aes-256-gcm', key, record.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
  const body = decipher.update(record.subarray(NONCE_BYTES, record.length - TAG_BYTES));
  try {
    return Buffer.concat([body, decipher.final()]);
  } catch {
    throw new Error(`${what} failed authentication: it was altered, belongs elsewhere, or the key is wrong.`);
  }
}

function checkSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`A file size must be a whole number of bytes ≥ 0, not ${size}.`);
  return size;
}

/** How many records a file of `size` bytes is stored as (an empty file still has its final record). */
export function chunkCount(size: number): number {
  return Math.max(1, Math.ceil(checkSize(size) / CHUNK_BYTES));
}

export function plainLengthOfChunk(size: number, index: number): number {
  const count = chunkCount(size);
  if (checkIndex(index) >= count) throw new RangeError(`A file of ${size} bytes has no chunk ${index}.`);
  return index < count - 1 ? CHUNK_BYTES : size - (count - 1) * CHUNK_BYTES;
}

/** The stored length of a file of `size` plaintext bytes. */
export function ciphertextLength(size: number): number {
  return size + chunkCount(size) * OVERHEAD;
}

/** Where record `index` starts in the stored object (every record before it is full). */
export function recordOffset(index: number): number {
  return checkIndex(index) * RECORD_BYTES;
}

export function sealChunk(dataKey: Buffer, fileId: string, index: number, final: boolean, plaintext: Buffer): Buffer {
  if (final ? plaintext.length > CHUNK_BYTES : plaintext.length !== CHUNK_BYTES) {
    throw new RangeError(`Chunk ${index} holds ${plaintext.length} bytes; only the final chunk may hold fewer than ${CHUNK_BYTES}.`);
  }
  return sealRecord(dataKey, chunkAad(fileId, index, final), plaintext);
}

/** The plaintext of one record; throws if it was altered, moved, cut off or sealed under another key. */
export function openChunk(dataKey: Buffer, fileId: string, index: number, final: boolean, record: Buffer): Buffer {
  if (final ? record.length > RECORD_BYTES : record.length !== RECORD_BYTES) {
    throw new Error(`Chunk ${index} has the wrong length (${record.length} bytes).`);
  }
  return openRecord(dataKey, chunkAad(fileId, index, final), record, `Chunk ${index}`);
}

/**
 * Seals a file pushed in pieces of any size, possibly across several HTTP requests: between
 * requests the caller stores `nextIndex` and `held` (sealed with sealHeld) and resumes with them.
 * A full chunk is sealed only once a byte beyond it has arrived, because until then it might be
 * the last chunk, which must carry the final flag; so once any data arrived, between 1 and
 * CHUNK_BYTES bytes are held back until finish().
 */
export class ChunkSealer {
  readonly #dataKey: Buffer;
  readonly #fileId: string;
  #nextIndex: number;
  #parts: Buffer[];
  #heldBytes: number;
  #finished = false;

  constructor(dataKey: Buffer, fileId: string, nextIndex = 0, held: Buffer = Buffer.alloc(0)) {
    // Checked here, not first when a chunk completes (possibly requests later).
    fileIdBytes(fileId);
    checkIndex(nextIndex, 'nextIndex');
    if (held.length > CHUNK_BYTES) throw new RangeError(`At most ${CHUNK_BYTES} bytes can be held, not ${held.length}.`);
    // A sealer that already sealed chunks always holds the bytes after them: resuming without
    // them would seal an empty final chunk after full ones, a layout chunkCount does not describe.
    if (nextIndex > 0 && held.length === 0) throw new Error('A resumed upload must hold back at least one byte.');
    this.#dataKey = dataKey;
    this.#fileId = fileId;
    this.#nextIndex = nextIndex;
    this.#parts = held.length ? [Buffer.from(held)] : [];
    this.#heldBytes = held.length;
  }

  get nextIndex(): number {
    return this.#nextIndex;
  }

  /** A copy of the bytes not sealed yet. */
  get held(): Buffer {
    const held = Buffer.concat(this.#parts, this.#heldBytes);
    this.#parts = held.length ? [held] : [];
    return Buffer.from(held);
  }

  /** The records of the chunks this piece completed (and that are known not to be the last). */
  push(bytes: Buffer): Buffer[] {
    this.#assertOpen();
    // Copied: the caller may reuse its buffer while we still hold part of it.
    if (bytes.length) this.#parts.push(Buffer.from(bytes));
    this.#heldBytes += bytes.length;
    if (this.#heldBytes <= CHUNK_BYTES) return [];
    const pending = Buffer.concat(this.#parts, this.#heldBytes);
    const records: Buffer[] = [];
    let offset = 0;
    while (pending.length - offset > CHUNK_BYTES) {
      records.push(sealChunk(this.#dataKey, this.#fileId, this.#nextIndex, false, pending.subarray(offset, offset + CHUNK_BYTES)));
      this.#nextIndex += 1;
      offset += CHUNK_BYTES;
    }
    // Copied, so one large piece is not kept alive by its last few bytes.
    this.#parts = [Buffer.from(pending.subarray(offset))];
    this.#heldBytes = pending.length - offset;
    return records;
  }

  /** Seals what is held (nothing, for an empty file) as the final chunk. */
  finish(): Buffer {
    this.#assertOpen();
    this.#finished = true;
    return sealChunk(this.#dataKey, this.#fileId, this.#nextIndex, true, Buffer.concat(this.#parts, this.#heldBytes));
  }

  #assertOpen() {
    if (this.#finished) throw new Error('This file was already finished.');
  }
}

/** The held bytes of an upload, sealed for a database row (base64url), bound to the file and position. */
export function sealHeld(dataKey: Buffer, fileId: string, nextIndex: number, held: Buffer): string {
  if (held.length > CHUNK_BYTES) throw new RangeError(`At most ${CHUNK_BYTES} bytes can be held, not ${held.length}.`);
  return sealRecord(dataKey, heldAad(fileId, nextIndex), held).toString('base64url');
}

export function openHeld(dataKey: Buffer, fileId: string, nextIndex: number, sealed: string): Buffer {
  return openRecord(dataKey, heldAad(fileId, nextIndex), Buffer.from(sealed, 'base64url'), 'The held bytes of this upload');
}

/** Encrypts a whole file: plaintext in, stored records out. */
export function encryptStream(dataKey: Buffer, fileId: string): Transform {
  const sealer = new ChunkSealer(dataKey, fileId);
  return new Transform({
    transform(piece: Buffer, _encoding, done) {
      try {
        for (const record of sealer.push(piece)) this.push(record);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, sealer.finish());
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

export interface DecryptOptions {
  /** The record the input starts at (the caller reads from recordOffset(firstChunk)). */
  firstChunk?: number;
  /** The last record the input holds; the file's last by default. */
  lastChunk?: number;
  /** How many records the whole file has (chunkCount of its size): the last one alone carries the final flag. */
  totalChunks: number;
}

/**
 * Decrypts records firstChunk..lastChunk read from the stored object. A chunk's plaintext is
 * emitted only after its tag verified, and at most one record is held in memory. The stream
 * fails if a record does not open, if the input ends before lastChunk (truncation), or if
 * anything follows lastChunk's record.
 */
export function decryptStream(dataKey: Buffer, fileId: string, options: DecryptOptions): Transform {
  const { totalChunks, firstChunk = 0, lastChunk = totalChunks - 1 } = options;
  checkIndex(totalChunks - 1, 'totalChunks - 1');
  checkIndex(firstChunk, 'firstChunk');
  if (lastChunk < firstChunk || lastChunk >= totalChunks || !Number.isSafeInteger(lastChunk)) {
    throw new RangeError(`lastChunk must lie between firstChunk (${firstChunk}) and ${totalChunks - 1}, not ${lastChunk}.`);
  }
  // Before any byte flows, so a bad id is the caller's error, not a failed stream.
  fileIdBytes(fileId);

  const finalIndex = totalChunks - 1;
  let index = firstChunk;
  let parts: Buffer[] = [];
  let bufferedBytes = 0;

  return new Transform({
    transform(piece: Buffer, _encoding, done) {
      try {
        parts.push(piece);
        bufferedBytes += piece.length;
        // Full records before the final one; the final one's length is only known at the end.
        if (index <= lastChunk && index < finalIndex && bufferedBytes >= RECORD_BYTES) {
          const pending = Buffer.concat(parts, bufferedBytes);
          let offset = 0;
          while (index <= lastChunk && index < finalIndex && pending.length - offset >= RECORD_BYTES) {
            this.push(openChunk(dataKey, fileId, index, false, pending.subarray(offset, offset + RECORD_BYTES)));
            index += 1;
            offset += RECORD_BYTES;
          }
          // Copied, so a large piece is not kept alive by its remainder.
          parts = offset < pending.length ? [Buffer.from(pending.subarray(offset))] : [];
          bufferedBytes = pending.length - offset;
        }
        const limit = index > lastChunk ? 0 : index === finalIndex ? RECORD_BYTES : Number.POSITIVE_INFINITY;
        if (bufferedBytes > limit) throw new Error(`Unexpected data after chunk ${Math.min(index, lastChunk)} of the encrypted file.`);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        if (index <= lastChunk) {
          if (index !== finalIndex || bufferedBytes < OVERHEAD) throw new Error(`The encrypted file ends early, in chunk ${index}.`);
          this.push(openChunk(dataKey, fileId, index, true, Buffer.concat(parts, bufferedBytes)));
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/**
 * The records that hold plaintext bytes start..end (inclusive, as in an HTTP Range header) of a
 * file of `size` bytes: decrypt firstChunk..lastChunk, drop `skip` bytes, emit `take`.
 */
export function rangeToChunks(size: number, start: number, end: number): { firstChunk: number; lastChunk: number; skip: number; take: number } {
  checkSize(size);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end >= size) {
    throw new RangeError(`Bytes ${start}-${end} are not within a file of ${size} bytes.`);
  }
  const firstChunk = Math.floor(start / CHUNK_BYTES);
  return { firstChunk, lastChunk: Math.floor(end / CHUNK_BYTES), skip: start - firstChunk * CHUNK_BYTES, take: end - start + 1 };
}
