// Drives the upload endpoint's handler (lib/files/uploads.ts) with real tus requests, as the browser's client would,
// without a web server: the same code path as the route, after the route's session check.
import type { Db } from '@/db/client';
import type { Actor } from '@/lib/platform/actor';
import { handleUploadCall } from '@/lib/files/uploads';
import { testContext } from './context';

const ORIGIN = 'http://hearth.test';

export interface UploadRequestOptions {
  space: string;
  kind: string;
  filename: string;
  note?: string;
  appointment?: string;
  /** The declared length; null for a deferred length (the recorder). */
  length: number | null;
}

const metadataHeader = (values: Record<string, string | undefined>) =>
  Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key} ${Buffer.from(value!).toString('base64')}`)
    .join(',');

export function uploader(db: Db, actor: Actor) {
  const call = (request: Request) => handleUploadCall(request, { db, actor, request: testContext() });
  return {
    create(options: UploadRequestOptions) {
      const headers: Record<string, string> = {
        'Tus-Resumable': '1.0.0',
        'Upload-Metadata': metadataHeader({ space: options.space, kind: options.kind, filename: options.filename, note: options.note, appointment: options.appointment }),
      };
      if (options.length === null) headers['Upload-Defer-Length'] = '1';
      else headers['Upload-Length'] = String(options.length);
      return call(new Request(`${ORIGIN}/api/files/uploads`, { method: 'POST', headers }));
    },
    patch(location: string, offset: number, body: Uint8Array | ReadableStream<Uint8Array>, extra: Record<string, string> = {}) {
      return call(
        new Request(`${ORIGIN}${location}`, {
          method: 'PATCH',
          headers: { 'Tus-Resumable': '1.0.0', 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset), ...extra },
          body,
          duplex: 'half',
        } as RequestInit),
      );
    },
    head(location: string) {
      return call(new Request(`${ORIGIN}${location}`, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } }));
    },
    remove(location: string) {
      return call(new Request(`${ORIGIN}${location}`, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0' } }));
    },
    /** Creates and sends the whole file in pieces of the given sizes; returns the file id (the upload's id). */
    async send(options: Omit<UploadRequestOptions, 'length'>, bytes: Uint8Array, pieces: number[] = [bytes.length]) {
      const created = await this.create({ ...options, length: bytes.length });
      if (created.status !== 201) throw new Error(`create refused: ${created.status} ${await created.text()}`);
      const location = created.headers.get('location')!;
      let offset = 0;
      for (const size of [...pieces, Number.MAX_SAFE_INTEGER]) {
        if (offset >= bytes.length) break;
        const piece = bytes.subarray(offset, Math.min(bytes.length, offset + size));
        const response = await this.patch(location, offset, piece);
        if (response.status !== 204) return { location, response, id: location.split('/').pop()! };
        offset = Number(response.headers.get('upload-offset'));
      }
      return { location, response: null, id: location.split('/').pop()! };
    },
  };
}

/**
 * A body that sends `bytes` in pieces and then breaks, as a connection dropped halfway does. The break comes a few
 * turns of the event loop after the last piece, as it would from the network, so the server has taken what arrived.
 */
export function brokenBody(bytes: Uint8Array, pieceSize = 8 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    async pull(controller) {
      if (offset < bytes.length) {
        controller.enqueue(bytes.slice(offset, offset + pieceSize));
        offset += pieceSize;
        return;
      }
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
      controller.error(new Error('connection reset'));
    },
  });
}
