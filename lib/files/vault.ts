import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import type { StoredSegment } from '@/db/schema';
import { ChunkSealer, RECORD_BYTES, chunkCount, decryptStream, openHeld, rangeToChunks, sealHeld } from '@/lib/platform/crypto/chunked';
import { unwrapDataKey } from '@/lib/platform/crypto/keyring';
import { objectStore } from '@/lib/platform/storage';
import type { RefusalReason } from './model';

/*
 * The vault: content goes to object storage only as sealed chunks (lib/platform/crypto/chunked.ts), under objects
 * named by random ids (`files/<file id>/<random>`). An upload is a run of segments, one per request that carried
 * whole chunks; the few bytes after the last whole chunk wait, sealed, in the upload's row until the next request.
 */

export const OBJECT_PREFIX = 'files/';
const WRITE_BATCH_BYTES = 1024 * 1024;
const segmentKey = (fileId: string) => `${OBJECT_PREFIX}${fileId}/${randomUUID()}`;

/** The owner (upload or file id) of an object key, for the sweeper. */
export const ownerOfKey = (key: string) => key.slice(OBJECT_PREFIX.length).split('/')[0] ?? '';

export interface UploadState {
  id: string;
  keyId: string;
  wrappedKey: string;
  receivedBytes: number;
  declaredLength: number | null;
  segments: StoredSegment[];
  tailSealed: string | null;
}

export interface PieceOutcome {
  receivedBytes: number;
  segment: StoredSegment | null;
  /** The unsealed remainder, sealed for the row; null once the upload is complete. */
  heldSealed: string | null;
  finished: boolean;
  /** The upload's first bytes, when this request was the one to complete them (for recognising the type). */
  head: Buffer | null;
  /** The client went away or the body broke: what arrived before is kept, and the request fails. */
  interrupted: unknown;
}

export class ContentRefused extends Error {
  constructor(readonly reason: RefusalReason) {
    super(reason);
  }
}

const nextChunkIndex = (segments: StoredSegment[]) => segments.reduce((sum, segment) => sum + segment.chunks, 0);

/**
 * Encrypts one request's bytes as they arrive and stores the whole chunks as one new object. `checkHead` sees the
 * upload's first `headBytes` bytes (or all of them, if fewer) before anything after them is stored, and may refuse
 * by throwing ContentRefused; then the object is never written.
 */
export async function writePiece(
  upload: UploadState,
  body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>,
  options: { headBytes: number; checkHead: (head: Buffer, complete: boolean) => void; mediaTypeKnown: boolean },
): Promise<PieceOutcome> {
  const dataKey = unwrapDataKey(upload.keyId, upload.wrappedKey, upload.id);
  const firstIndex = nextChunkIndex(upload.segments);
  const held = upload.tailSealed ? openHeld(dataKey, upload.id, firstIndex, upload.tailSealed) : Buffer.alloc(0);
  const sealer = new ChunkSealer(dataKey, upload.id, firstIndex, held);
  // Only the very first bytes are needed, and they are all still held until the first chunk is sealed.
  let head: Buffer | null = !options.mediaTypeKnown && firstIndex === 0 ? Buffer.from(held) : null;
  let received = upload.receivedBytes;
  const store = objectStore();
  const key = segmentKey(upload.id);
  let sink = null as PassThrough | null;
  let stored = null as Promise<number> | null;
  let chunks = 0;

  // Records go to storage in batches of about a megabyte: one write per 64 KiB record cost more than the encryption.
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    if (!sink) {
      sink = new PassThrough();
      stored = store.put(key, sink);
      // A storage failure ends the sink, so a write waiting for 'drain' hears of it (as an error) instead of hanging.
      stored.catch((error: unknown) => sink?.destroy(error instanceof Error ? error : new Error('storage failed')));
    }
    const bytes = batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchBytes);
    batch = [];
    batchBytes = 0;
    if (!sink.write(bytes)) await once(sink, 'drain');
  };
  const emit = async (records: Buffer[]) => {
    for (const record of records) {
      batch.push(record);
      batchBytes += record.length;
      chunks += 1;
    }
    if (batchBytes >= WRITE_BATCH_BYTES) await flush();
  };
  const headDone = (complete: boolean) => {
    if (head === null) return;
    options.checkHead(head.subarray(0, options.headBytes), complete);
    head = null;
  };

  let interrupted: unknown = null;
  try {
    try {
      for await (const piece of body) {
        const bytes = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        if (upload.declaredLength !== null && received + bytes.length > upload.declaredLength) throw new ContentRefused('length_mismatch');
        if (head !== null) {
          head = Buffer.concat([head, bytes.subarray(0, Math.max(0, options.headBytes - head.length))]);
          if (head.length >= options.headBytes) headDone(false);
        }
        received += bytes.length;
        await emit(sealer.push(bytes));
      }
    } catch (error) {
      if (error instanceof ContentRefused) throw error;
      interrupted = error;
    }
    const finished = upload.declaredLength !== null && received === upload.declaredLength;
    let firstBytes: Buffer | null = null;
    if (finished) {
      if (head !== null) {
        firstBytes = head;
        headDone(true);
      }
      await emit([sealer.finish()]);
    }
    await flush();
    if (sink) {
      sink.end();
      await stored;
    }
    return {
      receivedBytes: received,
      segment: chunks > 0 ? { key, firstChunk: firstIndex, chunks } : null,
      heldSealed: finished ? null : sealHeld(dataKey, upload.id, sealer.nextIndex, sealer.held),
      finished,
      head: firstBytes,
      interrupted,
    };
  } catch (error) {
    // Refused or failed: nothing of this request is kept.
    if (sink) sink.destroy(error instanceof Error ? error : new Error('write failed'));
    await stored?.catch(() => undefined);
    await store.delete(key).catch(() => undefined);
    throw error;
  }
}

/** Removes objects nothing refers to any more (a lost race, a refused or removed file). */
export async function deleteObjects(keys: string[]) {
  const store = objectStore();
  for (const key of keys) await store.delete(key);
}

export interface StoredContent {
  id: string;
  keyId: string | null;
  wrappedKey: string | null;
  segments: StoredSegment[];
  sizeBytes: number;
}

/**
 * The plaintext of a file, or of bytes [start, end] of it, as a stream: each chunk is authenticated before any of its
 * bytes are passed on, so a tampered or truncated object gives an error, never wrong bytes.
 */
export function readContent(file: StoredContent, range?: { start: number; end: number }): Readable {
  if (!file.keyId || !file.wrappedKey) throw new Error('The file has no key: it was removed.');
  const dataKey = unwrapDataKey(file.keyId, file.wrappedKey, file.id);
  const size = file.sizeBytes;
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const total = chunkCount(size);
  const store = objectStore();
  async function* plaintext() {
    if (size === 0) return;
    const { firstChunk, lastChunk, skip, take } = rangeToChunks(size, start, end);
    let toSkip = skip;
    let toTake = take;
    for (const segment of file.segments) {
      const from = Math.max(firstChunk, segment.firstChunk);
      const to = Math.min(lastChunk, segment.firstChunk + segment.chunks - 1);
      if (from > to) continue;
      const objectStart = (from - segment.firstChunk) * RECORD_BYTES;
      const objectEnd = (to - segment.firstChunk + 1) * RECORD_BYTES - 1;
      const ciphertext = await store.get(segment.key, { start: objectStart, end: objectEnd });
      const decrypted = ciphertext.pipe(decryptStream(dataKey, file.id, { firstChunk: from, lastChunk: to, totalChunks: total }));
      ciphertext.once('error', (error) => decrypted.destroy(error));
      for await (const piece of decrypted as AsyncIterable<Buffer>) {
        let bytes = piece;
        if (toSkip > 0) {
          const dropped = Math.min(toSkip, bytes.length);
          bytes = bytes.subarray(dropped);
          toSkip -= dropped;
        }
        if (bytes.length === 0) continue;
        if (bytes.length > toTake) bytes = bytes.subarray(0, toTake);
        toTake -= bytes.length;
        yield bytes;
        if (toTake === 0) return;
      }
    }
    if (toTake > 0) throw new Error('Stored content is shorter than the file: truncated.');
  }
  return Readable.from(plaintext(), { objectMode: false });
}
