import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Readable } from 'node:stream';
import { Server } from '@tus/server';
import { DataStore, ERRORS, Metadata, Upload } from '@tus/utils';
import type { Db } from '@/db/client';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import { open } from '@/lib/platform/crypto/secretbox';
import type { RequestContext } from '@/lib/platform/http';
import { logError } from '@/lib/platform/log';
import { configuredScanner } from '@/lib/platform/scanning';
import { routes } from '@/lib/routes';
import { judgeContent } from './access';
import { beginUpload, cancelUpload, completeUpload, declareUploadLength, maxUploadBytes, refuseUpload, saveUploadProgress } from './commands';
import { SNIFF_BYTES, safeFileName } from './content-type';
import { REFUSALS, type RefusalReason, UPLOAD_METADATA } from './model';
import { uploadForUploader } from './queries';
import { uploadMetadataSchema } from './schemas';
import { ContentRefused, deleteObjects, writePiece } from './vault';

/*
 * Resumable uploads (the tus protocol). Creating an upload is Hearth's own code: it checks the space, the size and,
 * for a recording, the agreement, before anything is stored. HEAD, PATCH and DELETE go through @tus/server with a
 * store whose state is all in the database, so any instance can continue an upload another one started.
 */

interface UploadCall {
  db: Db;
  actor: Actor;
  request: RequestContext;
}

const calls = new AsyncLocalStorage<UploadCall>();

function currentCall(): UploadCall {
  const call = calls.getStore();
  if (!call) throw new Error('An upload store call outside an upload request');
  return call;
}

/** A tus error with Hearth's plain-language words as its body. */
const refusalError = (reason: RefusalReason, status: number) => ({ status_code: status, body: `${REFUSALS[reason]}\n` });

const STATUS_FOR_REFUSAL: Record<RefusalReason, number> = {
  not_found: 404,
  empty: 400,
  too_large: 413,
  type_not_allowed: 415,
  type_mismatch: 415,
  kind_mismatch: 415,
  no_agreement: 403,
  no_session_yes: 403,
  not_your_method: 403,
  length_mismatch: 400,
  not_available: 409,
  not_listener: 403,
};

/**
 * Writes in progress in this process, by upload. When a client drops mid-request, tus answers at once while the write
 * still saves what arrived; a HEAD or PATCH that follows waits for it, so it sees the true offset.
 */
const writing = new Map<string, Promise<number>>();

class VaultStore extends DataStore {
  constructor() {
    super();
    this.extensions = ['creation', 'creation-defer-length', 'termination', 'expiration'];
  }

  private async ownUpload(id: string) {
    const { db, actor, request } = currentCall();
    const upload = await uploadForUploader(db, actor, id);
    if (!upload) {
      // Someone else's upload, a finished or removed one, or a made-up id: the same 404, and on the record.
      await db.transaction((tx) =>
        audit(tx, actor, request, 'files.open_refused', { subjectType: 'file_upload', outcome: 'denied', metadata: { reason: 'not_found', target: 'upload' } }),
      );
      throw ERRORS.FILE_NOT_FOUND;
    }
    return upload;
  }

  async getUpload(id: string): Promise<Upload> {
    // A request that broke off may still be saving what it received: answer with where it got to.
    await writing.get(id)?.catch(() => undefined);
    const upload = await this.ownUpload(id);
    return new Upload({ id, size: upload.declaredLength ?? undefined, offset: upload.receivedBytes, creation_date: upload.createdAt.toISOString() });
  }

  async declareUploadLength(id: string, length: number): Promise<void> {
    const upload = await this.ownUpload(id);
    const result = await declareUploadLength(currentCall().db, upload, length);
    if (result !== 'saved') throw refusalError(result, STATUS_FOR_REFUSAL[result]);
  }

  async remove(id: string): Promise<void> {
    await this.ownUpload(id);
    const { db, actor, request } = currentCall();
    if ((await cancelUpload(db, actor, id, request)) === 'not-found') throw ERRORS.FILE_NOT_FOUND;
  }

  async write(stream: Readable, id: string, offset: number): Promise<number> {
    await writing.get(id)?.catch(() => undefined);
    const work = this.writeNow(stream, id, offset);
    writing.set(id, work);
    try {
      return await work;
    } finally {
      if (writing.get(id) === work) writing.delete(id);
    }
  }

  private async writeNow(stream: Readable, id: string, offset: number): Promise<number> {
    const { db, actor, request } = currentCall();
    const upload = await this.ownUpload(id);
    if (upload.receivedBytes !== offset) throw ERRORS.INVALID_OFFSET;
    const fileName = open(upload.nameSealed);
    let mediaType = upload.mediaType;
    let outcome;
    try {
      // Not destroyed when a refusal ends the loop early: tus would then answer with its own 'aborted' instead of Hearth's words.
      outcome = await writePiece(upload, stream.iterator({ destroyOnReturn: false }), {
        headBytes: SNIFF_BYTES,
        mediaTypeKnown: mediaType !== null,
        checkHead: (head, complete) => {
          const verdict = judgeContent(head, complete ? head.length : (upload.declaredLength ?? head.length), upload.kind, fileName);
          if (!verdict.ok) throw new ContentRefused(verdict.reason);
          mediaType = verdict.mediaType;
        },
      });
    } catch (error) {
      if (!(error instanceof ContentRefused)) throw error;
      await refuseUpload(db, upload, error.reason, request);
      throw refusalError(error.reason, STATUS_FOR_REFUSAL[error.reason]);
    }
    const progress = { receivedBytes: outcome.receivedBytes, segment: outcome.segment, heldSealed: outcome.heldSealed, mediaType };
    if (outcome.finished) {
      if (!mediaType) {
        await refuseUpload(db, upload, 'type_not_allowed', request);
        throw refusalError('type_not_allowed', 415);
      }
      const result = await completeUpload(db, upload, { ...progress, mediaType }, { request, timeZone: actor.timeZone, scanning: configuredScanner() !== null });
      if (result.status === 'conflict') {
        if (outcome.segment) await deleteObjects([outcome.segment.key]);
        throw ERRORS.INVALID_OFFSET;
      }
      if (result.status === 'refused') throw refusalError(result.reason, STATUS_FOR_REFUSAL[result.reason]);
    } else if (!(await saveUploadProgress(db, upload, progress))) {
      // Another request saved first: this one's object is nobody's.
      if (outcome.segment) await deleteObjects([outcome.segment.key]);
      throw ERRORS.INVALID_OFFSET;
    }
    if (outcome.interrupted) throw outcome.interrupted;
    return outcome.receivedBytes;
  }

  getExpiration(): number {
    return 0;
  }
}

const tus = new Server({
  path: routes.apiUploads,
  datastore: new VaultStore(),
  relativeLocation: true,
  // Same-origin only: no cross-origin upload is ever allowed.
  allowedOrigins: () => false,
  respectForwardedHeaders: false,
  // The practice's limit, for uploads whose length is declared late (the recorder).
  maxSize: async () => maxUploadBytes(currentCall().db, currentCall().actor.practiceId),
  onResponseError: (_request, error) => {
    if ((error as { status_code?: number }).status_code) return undefined;
    const reference = logError('upload failed', error);
    return { status_code: 500, body: `Something went wrong on our side (reference ${reference}). Try again.\n` };
  },
});

const TUS_VERSION = '1.0.0';

function tusResponse(status: number, body: string, headers: Record<string, string> = {}) {
  return new Response(status === 204 || status === 201 ? null : body, {
    status,
    headers: { 'Tus-Resumable': TUS_VERSION, 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8', ...headers },
  });
}

/** POST: a new upload into a space. Nothing is stored until the checks pass. */
async function createUpload(request: Request, call: UploadCall): Promise<Response> {
  if (request.headers.get('tus-resumable') !== TUS_VERSION) return tusResponse(412, 'Tus-Resumable Required\n');
  const lengthHeader = request.headers.get('upload-length');
  const deferred = request.headers.get('upload-defer-length') === '1';
  if ((lengthHeader === null) === !deferred || (lengthHeader !== null && !/^\d{1,15}$/.test(lengthHeader))) return tusResponse(400, 'Invalid Upload-Length\n');
  let metadata: Record<string, string | null | undefined>;
  try {
    metadata = Metadata.parse(request.headers.get('upload-metadata') ?? undefined);
  } catch {
    return tusResponse(400, 'Invalid Upload-Metadata\n');
  }
  const parsed = uploadMetadataSchema.safeParse({
    space: metadata[UPLOAD_METADATA.space] ?? undefined,
    kind: metadata[UPLOAD_METADATA.kind] ?? undefined,
    filename: safeFileName(metadata[UPLOAD_METADATA.name] ?? ''),
    note: metadata[UPLOAD_METADATA.note] ?? undefined,
    appointment: metadata[UPLOAD_METADATA.appointment] ?? undefined,
  });
  if (!parsed.success) return tusResponse(400, `${parsed.error.issues[0]?.message ?? 'The upload is not valid.'}\n`);
  const input = parsed.data;
  const result = await beginUpload(call.db, call.actor, {
    spaceId: input.space,
    kind: input.kind,
    fileName: input.filename,
    note: input.note,
    declaredLength: lengthHeader === null ? null : Number(lengthHeader),
    appointmentId: input.appointment ?? null,
  }, call.request);
  if (result.status === 'not-found') return tusResponse(404, `${REFUSALS.not_found}\n`);
  if (result.status === 'refused') return tusResponse(STATUS_FOR_REFUSAL[result.reason], `${REFUSALS[result.reason]}\n`);
  return tusResponse(201, '', { Location: `${routes.apiUploads}/${result.uploadId}`, 'Upload-Expires': result.expiresAt.toUTCString() });
}

/** Every upload request, once the caller is known: creation here, the rest through tus. */
export async function handleUploadCall(request: Request, call: UploadCall): Promise<Response> {
  return calls.run(call, async () => {
    if (request.method === 'POST') return createUpload(request, call);
    const response = await tus.handleWeb(request);
    response.headers.set('Cache-Control', 'no-store');
    return response;
  });
}
