import type { Db } from '@/db/client';
import type { Actor } from '@/lib/platform/actor';
import { open } from '@/lib/platform/crypto/secretbox';
import type { RequestContext } from '@/lib/platform/http';
import { configuredScanner } from '@/lib/platform/scanning';
import { judgeContent } from './access';
import { type BeginUploadInput, beginUpload, completeUpload, refuseUpload } from './commands';
import { SNIFF_BYTES } from './content-type';
import type { RefusalReason } from './model';
import { uploadForUploader } from './queries';
import { ContentRefused, writePiece } from './vault';

/**
 * Stores content Hearth already holds whole (made on the server, or the demo's files) through the same steps as an
 * upload: the same checks, encryption, scanning and audit. Content Hearth made itself (`madeByHearth`) is not scanned
 * and announces nothing: the feature that made it tells the client. Returns the new file's id, or why it was refused.
 */
export async function storeFile(
  db: Db,
  actor: Actor,
  input: Omit<BeginUploadInput, 'declaredLength'>,
  content: Buffer,
  request: RequestContext,
  now = new Date(),
  options: { madeByHearth?: boolean } = {},
): Promise<{ status: 'stored'; fileId: string } | { status: 'refused'; reason: RefusalReason } | { status: 'not-found' }> {
  const begun = await beginUpload(db, actor, { ...input, declaredLength: content.length }, request, now);
  if (begun.status !== 'created') return begun;
  const upload = (await uploadForUploader(db, actor, begun.uploadId))!;
  let mediaType: string | null = null;
  try {
    const outcome = await writePiece(upload, [content], {
      headBytes: SNIFF_BYTES,
      mediaTypeKnown: false,
      checkHead: (head) => {
        const verdict = judgeContent(head, content.length, upload.kind, open(upload.nameSealed));
        if (!verdict.ok) throw new ContentRefused(verdict.reason);
        mediaType = verdict.mediaType;
      },
    });
    const result = await completeUpload(
      db,
      upload,
      { receivedBytes: outcome.receivedBytes, segment: outcome.segment, heldSealed: null, mediaType: mediaType! },
      { request, timeZone: actor.timeZone, scanning: configuredScanner() !== null, madeByHearth: options.madeByHearth, now },
    );
    if (result.status === 'conflict') throw new Error('The upload changed while it was being stored.');
    return result;
  } catch (error) {
    if (!(error instanceof ContentRefused)) throw error;
    await refuseUpload(db, upload, error.reason, request);
    return { status: 'refused', reason: error.reason };
  }
}
