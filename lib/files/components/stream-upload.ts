import { CONNECTION_LOST, serverWords } from './upload-errors';

/*
 * A small tus client for a recording that is still being made: the upload is created before its length is known
 * (creation-defer-length), each piece is sent as it arrives, strictly one request at a time and in order, and the
 * length is declared with the last piece. Pieces stay in memory until the server has acknowledged them, so a dropped
 * connection loses nothing: the client asks the server how far it got (HEAD) and sends again from there.
 */

const TUS_VERSION = '1.0.0';
const RETRY_DELAYS_MS = [1000, 3000, 5000, 10_000];
/** After a long outage, what piled up goes in requests of at most this size. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

const FALLBACK = 'The recording could not be saved. Please try again.';
const SIGNED_OUT = 'You were signed out, so the recording could not be saved. Sign in again to record.';
const LOST = 'Hearth no longer has this recording’s upload, so it could not be saved. Please record again.';
const INCOMPLETE = 'The recording did not arrive complete, so it could not be saved. Please record again.';
const UNSURE = 'The connection dropped just as the recording was being saved. Check your shared files: if it is not there, it could not be saved.';

/** A refusal or failure the upload cannot recover from, in words for the person. */
export class UploadFailed extends Error {}

export interface StreamEvents {
  /** How many bytes the server now holds. */
  onSaved(bytes: number): void;
  /** The connection dropped (true) or came back (false). */
  onRetrying(retrying: boolean): void;
  onFailed(error: UploadFailed): void;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const encodeMetadata = (metadata: Record<string, string>) =>
  Object.entries(metadata)
    .map(([key, value]) => `${key} ${base64(value)}`)
    .join(',');

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const retryable = (status: number) => status >= 500 || status === 409 || status === 423 || status === 429;

async function refusal(response: Response): Promise<UploadFailed> {
  if (response.status === 401) return new UploadFailed(SIGNED_OUT);
  const body = response.status === 404 ? null : await response.text().catch(() => null);
  return new UploadFailed(serverWords(body, response.status === 404 ? LOST : FALLBACK));
}

export class StreamingUpload {
  private url: string | null = null;
  /** Bytes the server holds. */
  private acknowledged = 0;
  /** Bytes handed over so far. */
  private queued = 0;
  /** What the server does not hold yet, in order, starting at byte `acknowledged`. */
  private pending: Blob[] = [];
  private finalLength: number | null = null;
  private lengthDeclared = false;
  private running: Promise<void> | null = null;
  private failure: UploadFailed | null = null;

  constructor(
    private readonly endpoint: string,
    private readonly metadata: Record<string, string>,
    private readonly events: StreamEvents,
  ) {}

  get queuedBytes(): number {
    return this.queued;
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  /** Creates the upload; rejects with the server's words when it refuses (no agreement, not this person's to record). */
  async create(): Promise<void> {
    let response: Response;
    try {
      response = await this.request(this.endpoint, {
        method: 'POST',
        headers: { 'Upload-Defer-Length': '1', 'Upload-Metadata': encodeMetadata(this.metadata) },
      });
    } catch {
      throw new UploadFailed(CONNECTION_LOST);
    }
    if (response.status !== 201) throw await refusal(response);
    const location = response.headers.get('Location');
    if (!location) throw new UploadFailed(FALLBACK);
    this.url = new URL(location, window.location.href).toString();
  }

  /** Queues the next piece of the recording; it is sent after every piece before it. */
  push(piece: Blob): void {
    if (this.failure || this.finalLength !== null || piece.size === 0) return;
    this.pending.push(piece);
    this.queued += piece.size;
    // A failure is reported through onFailed; the promise is for finish().
    this.pump().catch(() => {});
  }

  /** Declares the length once every piece is queued; resolves once the server holds all of it. */
  finish(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.finalLength ??= this.queued;
    return this.pump();
  }

  private pump(): Promise<void> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private request(url: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    return fetch(url, {
      ...init,
      headers: { 'Tus-Resumable': TUS_VERSION, ...init.headers },
      credentials: 'same-origin',
      cache: 'no-store',
    });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const finalising = this.finalLength !== null;
        if (finalising && this.lengthDeclared && this.acknowledged === this.finalLength) return;
        if (!finalising && this.pending.length === 0) return;
        await this.sendNext();
      }
    } catch (error) {
      this.failure = error instanceof UploadFailed ? error : new UploadFailed(FALLBACK);
      this.events.onFailed(this.failure);
      throw this.failure;
    }
  }

  private async sendNext(): Promise<void> {
    const pieces: Blob[] = [];
    let size = 0;
    for (const piece of this.pending) {
      if (pieces.length > 0 && size + piece.size > MAX_REQUEST_BYTES) break;
      pieces.push(piece);
      size += piece.size;
    }
    // The length goes with the piece that ends the recording (an empty one when everything was already sent).
    const declaring = this.finalLength !== null && !this.lengthDeclared && this.acknowledged + size === this.finalLength;
    let response: Response;
    try {
      response = await this.request(this.url!, {
        method: 'PATCH',
        headers: {
          'Content-Type': 'application/offset+octet-stream',
          'Upload-Offset': String(this.acknowledged),
          ...(declaring ? { 'Upload-Length': String(this.finalLength) } : {}),
        },
        body: new Blob(pieces),
      });
    } catch {
      return this.resync();
    }
    if (response.status === 204) {
      this.acknowledge(Number(response.headers.get('Upload-Offset')));
      if (declaring) this.lengthDeclared = true;
      return;
    }
    if (retryable(response.status)) return this.resync();
    throw await refusal(response);
  }

  /** After a failed request: wait, then learn from the server how much it holds, until it answers. */
  private async resync(): Promise<void> {
    this.events.onRetrying(true);
    for (let attempt = 0; ; attempt++) {
      await wait(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!);
      let response: Response;
      try {
        response = await this.request(this.url!, { method: 'HEAD', headers: {} });
      } catch {
        continue;
      }
      if (response.ok) {
        // The length may have been declared by a request whose answer never arrived; it can't be declared twice.
        if (response.headers.get('Upload-Length') !== null) this.lengthDeclared = true;
        this.acknowledge(Number(response.headers.get('Upload-Offset')));
        this.events.onRetrying(false);
        return;
      }
      // A finished upload is no longer found: its last answer may have been lost on the way back.
      if (response.status === 404 && this.finalLength !== null) throw new UploadFailed(UNSURE);
      if (!retryable(response.status)) throw await refusal(response);
    }
  }

  private acknowledge(offset: number): void {
    // The server can't hold less than it acknowledged before (those pieces are gone) or more than was sent.
    if (!Number.isSafeInteger(offset) || offset < this.acknowledged || offset > this.queued) throw new UploadFailed(INCOMPLETE);
    let drop = offset - this.acknowledged;
    while (drop > 0) {
      const first = this.pending[0]!;
      if (first.size <= drop) {
        drop -= first.size;
        this.pending.shift();
      } else {
        this.pending[0] = first.slice(drop);
        drop = 0;
      }
    }
    this.acknowledged = offset;
    this.events.onSaved(offset);
  }
}
