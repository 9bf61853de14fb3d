import { addAbortSignal, type Readable } from 'node:stream';

/**
 * Where encrypted file content is kept. A store only ever sees ciphertext: sealing and opening
 * happen before and after it, so neither the disk nor the bucket holds anything readable.
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /**
   * Writes the whole stream as one object. The object becomes visible under `key` only when
   * complete (a reader never sees half an object); on a stream error, or an abort before the
   * stream has ended, nothing is left under `key`. Returns the bytes written. The stream must
   * yield bytes (Buffer or Uint8Array chunks).
   */
  put(key: string, body: Readable, options?: { signal?: AbortSignal }): Promise<number>;
  /**
   * Streams the object, or bytes [start, end] inclusive of it (an `end` past the last byte
   * stops at the last byte). Rejects with ObjectNotFoundError if absent, and with a RangeError
   * when `start` lies at or beyond the end of the object.
   */
  get(key: string, range?: { start: number; end?: number }): Promise<Readable>;
  /** Removes the object; removing an absent one is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Keys starting with `prefix` (a plain string prefix, as in S3; '' for all), with their
   * last-modified time, in no particular order: for the sweeper that removes leftovers.
   */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
  /**
   * Removes unfinished writes a crashed or killed process left behind, last touched before
   * `olderThan`, and returns how many. Only the local store has such leftovers of its own (in
   * its `.incoming` folder); for S3, give the bucket a lifecycle rule that aborts incomplete
   * multipart uploads. Pick a cutoff far older than any upload may stall: a write in progress
   * whose temporary file is swept fails.
   */
  sweepIncoming?(olderThan: Date): Promise<number>;
}

export class ObjectNotFoundError extends Error {
  override name = 'ObjectNotFoundError';
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9/_-]*$/;
// One segment must still fit in a file name (NAME_MAX), and the whole key well inside S3's 1,024 bytes.
const MAX_KEY_LENGTH = 255;

/**
 * Keys come from random ids, but they also become file paths: anything but lower-case letters,
 * digits, '-', '_' and single '/' between segments is refused. With no '.' allowed, no segment
 * can be '..', and with no leading '/', no key is absolute.
 */
export function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key) || key.endsWith('/') || key.includes('//')) {
    throw new TypeError(`Invalid object key ${JSON.stringify(String(key).slice(0, MAX_KEY_LENGTH))}.`);
  }
  return key;
}

/** A list prefix is '' or a key, optionally ending in '/'. */
export function checkPrefix(prefix: string): string {
  if (prefix !== '') checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

/** Refuses a range that is not whole numbers with 0 ≤ start ≤ end. */
export function checkRange(range: { start: number; end?: number } | undefined) {
  if (!range) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
    throw new RangeError(`Invalid byte range ${JSON.stringify(range)}.`);
  }
}

/**
 * The body's chunks, checked to be bytes; an abort destroys the body, so a stalled source
 * cannot hold a write open.
 */
/**
 * Keeps a body's error from becoming an uncaught exception before the store starts reading it (it may still be opening
 * its file or connection): the error is not lost, since reading an errored stream throws it.
 */
export function holdErrorsUntilRead(body: Readable) {
  body.on('error', () => undefined);
}

export async function* byteChunks(body: Readable, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  for await (const chunk of signal ? addAbortSignal(signal, body) : body) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('An object store takes bytes, not strings or objects.');
    yield chunk;
  }
}
