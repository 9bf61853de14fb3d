import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { type FileUpload, type SharedFile, type StoredSegment, careRelationships, fileUploads, sharedFiles } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit, type AuditBy } from '@/lib/platform/audit/record';
import { todayInTimeZone } from '@/lib/platform/clock';
import { newDataKey, rewrapDataKey, wrapDataKey, currentMasterKeyId } from '@/lib/platform/crypto/keyring';
import { seal } from '@/lib/platform/crypto/secretbox';
import { SYSTEM_CONTEXT, type RequestContext } from '@/lib/platform/http';
import { enqueue } from '@/lib/platform/jobs/queue';
import { notify } from '@/lib/platform/notifications/notify';
import type { ScanVerdict } from '@/lib/platform/scanning';
import { recordingAllowance } from '../consent/queries';
import { getRecordingSettings } from '../recording/queries';
import { RECORDER_FOR_METHOD, mayDelete } from './access';
import { type FileKind, type FileRemovalReason, type RefusalReason, UPLOAD_EXPIRES_MS } from './model';
import { fileForViewer, filesWrappedByOtherKeys, isUuid, liveRecordingsOf, recordingsPastRetention, spaceForViewer, expiredUploads } from './queries';

const DAY_MS = 24 * 60 * 60 * 1000;

// Neutral label codes: no 0/O or 1/I, so a code read aloud is unambiguous.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** "Item 2026-11-27 · K7Q2": the date in the practice's time zone and a random code; nothing the person typed. */
export function neutralLabel(now: Date, timeZone: string): string {
  const code = Array.from(randomBytes(4), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
  return `Item ${todayInTimeZone(timeZone, now)} · ${code}`;
}

export type Refusal = { status: 'refused'; reason: RefusalReason };

export interface BeginUploadInput {
  spaceId: string;
  kind: FileKind;
  fileName: string;
  note: string | null;
  /** Null when the length is declared later (the browser recorder). */
  declaredLength: number | null;
  appointmentId: string | null;
}

/** The practice's upload limit in bytes (its recording settings). */
export async function maxUploadBytes(db: DbOrTx, practiceId: string): Promise<number> {
  return (await getRecordingSettings(db, practiceId)).maxUploadMb * 1024 * 1024;
}

/**
 * Opens an upload into a space: checks the space is the actor's, the size is within the practice's limit, and, for a
 * session recording, that an agreement in force lets this person store a recording of this session now. Refusals
 * are audited like successes. The original name and note are sealed; the file gets its own data key.
 */
export async function beginUpload(db: Db, actor: Actor, input: BeginUploadInput, request: RequestContext, now = new Date()) {
  return db.transaction(async (tx): Promise<{ status: 'created'; uploadId: string; expiresAt: Date } | Refusal | { status: 'not-found' }> => {
    const space = await spaceForViewer(tx, actor, input.spaceId);
    const refuse = async (reason: RefusalReason): Promise<Refusal> => {
      await audit(tx, actor, request, 'files.upload_refused', { subjectType: 'care_relationship', subjectId: space?.id, outcome: 'denied', metadata: { reason, kind: input.kind } });
      return { status: 'refused', reason };
    };
    if (!space) {
      await audit(tx, actor, request, 'files.upload_refused', { outcome: 'denied', metadata: { reason: 'not_found', kind: input.kind } });
      return { status: 'not-found' };
    }
    if (input.declaredLength === 0) return refuse('empty');
    if (input.declaredLength !== null && input.declaredLength > (await maxUploadBytes(tx, actor.practiceId))) return refuse('too_large');
    let recording: { requestId: string; appointmentId: string } | null = null;
    if (input.kind === 'recording') {
      if (!input.appointmentId) return refuse('no_session_yes');
      const allowance = await recordingAllowance(tx, space.id, input.appointmentId, now);
      if (!allowance.ok) return refuse(allowance.reason);
      if (RECORDER_FOR_METHOD[allowance.method as keyof typeof RECORDER_FOR_METHOD] !== actor.role) return refuse('not_your_method');
      recording = { requestId: allowance.requestId, appointmentId: input.appointmentId };
    }
    const [row] = await tx
      .insert(fileUploads)
      .values({
        id: crypto.randomUUID(),
        practiceId: space.practiceId,
        careRelationshipId: space.id,
        uploadedById: actor.id,
        kind: input.kind,
        declaredLength: input.declaredLength,
        nameSealed: seal(input.fileName),
        noteSealed: input.note ? seal(input.note) : null,
        keyId: '',
        wrappedKey: '',
        recordingRequestId: recording?.requestId ?? null,
        appointmentId: recording?.appointmentId ?? null,
        expiresAt: new Date(now.getTime() + UPLOAD_EXPIRES_MS),
      })
      .returning({ id: fileUploads.id, expiresAt: fileUploads.expiresAt });
    // The data key is bound to the upload's id, which becomes the file's id.
    const wrapped = wrapDataKey(newDataKey(), row.id);
    await tx.update(fileUploads).set({ keyId: wrapped.keyId, wrappedKey: wrapped.wrapped }).where(eq(fileUploads.id, row.id));
    await audit(tx, actor, request, 'files.upload_started', { subjectType: 'file_upload', subjectId: row.id, metadata: { kind: input.kind } });
    return { status: 'created', uploadId: row.id, expiresAt: row.expiresAt };
  });
}

/** The length of a deferred-length upload, declared when the recorder stops; over the limit is refused. */
export async function declareUploadLength(db: Db, upload: FileUpload, length: number): Promise<'saved' | 'too_large' | 'empty'> {
  if (length === 0) return 'empty';
  if (length > (await maxUploadBytes(db, upload.practiceId))) return 'too_large';
  await db.update(fileUploads).set({ declaredLength: length }).where(and(eq(fileUploads.id, upload.id), isNull(fileUploads.declaredLength)));
  return 'saved';
}

export interface UploadProgress {
  receivedBytes: number;
  segment: StoredSegment | null;
  heldSealed: string | null;
  mediaType: string | null;
}

/**
 * Saves what one request added, only if nobody saved since it read the upload (another instance, a retried request).
 * Returns false on such a conflict: the caller then deletes the object it wrote, which nothing refers to.
 */
export async function saveUploadProgress(db: DbOrTx, upload: FileUpload, progress: UploadProgress): Promise<boolean> {
  const saved = await db
    .update(fileUploads)
    .set({
      receivedBytes: progress.receivedBytes,
      segments: progress.segment ? [...upload.segments, progress.segment] : upload.segments,
      tailSealed: progress.heldSealed,
      mediaType: progress.mediaType ?? upload.mediaType,
      rowVersion: upload.rowVersion + 1,
      updatedAt: new Date(),
    })
    .where(and(eq(fileUploads.id, upload.id), eq(fileUploads.rowVersion, upload.rowVersion), isNull(fileUploads.fileId)))
    .returning({ id: fileUploads.id });
  return saved.length === 1;
}

/**
 * The last bytes arrived: the upload becomes a file, in the same transaction as its last progress. A recording is
 * checked against its agreement again (it may have been withdrawn while recording). With a scanner configured the
 * file waits for its scan; without one it is marked unscanned. The other person is told something was shared.
 */
export async function completeUpload(
  db: Db,
  upload: FileUpload,
  progress: UploadProgress & { mediaType: string },
  options: {
    request: RequestContext;
    timeZone: string;
    scanning: boolean;
    /** Content Hearth made itself (companion audio): nothing to scan, and its own feature tells the client. */
    madeByHearth?: boolean;
    now?: Date;
  },
): Promise<{ status: 'stored'; fileId: string } | Refusal | { status: 'conflict' }> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const by: AuditBy = { id: upload.uploadedById, practiceId: upload.practiceId };
    if (!(await saveUploadProgress(tx, upload, progress))) return { status: 'conflict' } as const;
    const segments = progress.segment ? [...upload.segments, progress.segment] : upload.segments;
    // FOR SHARE: care cannot end between this check and the file's row.
    const [care] = await tx
      .select({ client_id: careRelationships.clientId, therapist_id: careRelationships.therapistId, ended_on: careRelationships.endedOn })
      .from(careRelationships)
      .where(eq(careRelationships.id, upload.careRelationshipId))
      .for('share');
    let deleteAfter: Date | null = null;
    let refusal: RefusalReason | null = care?.ended_on ? 'not_found' : null;
    if (!refusal && upload.kind === 'recording') {
      const allowance = upload.appointmentId ? await recordingAllowance(tx, upload.careRelationshipId, upload.appointmentId, now) : null;
      if (!allowance?.ok || allowance.requestId !== upload.recordingRequestId) refusal = allowance && !allowance.ok ? allowance.reason : 'no_agreement';
      else deleteAfter = new Date(now.getTime() + allowance.retentionDays * DAY_MS);
    }
    if (refusal) {
      await discardUpload(tx, upload.id, segments);
      await audit(tx, by, options.request, 'files.upload_refused', { subjectType: 'file_upload', subjectId: upload.id, outcome: 'denied', metadata: { reason: refusal, kind: upload.kind } });
      return { status: 'refused', reason: refusal } as const;
    }
    await tx.insert(sharedFiles).values({
      id: upload.id,
      practiceId: upload.practiceId,
      careRelationshipId: upload.careRelationshipId,
      clientId: care.client_id,
      therapistId: care.therapist_id,
      uploadedById: upload.uploadedById,
      kind: upload.kind,
      mediaType: progress.mediaType,
      sizeBytes: progress.receivedBytes,
      label: neutralLabel(now, options.timeZone),
      nameSealed: upload.nameSealed,
      noteSealed: upload.noteSealed,
      keyId: upload.keyId,
      wrappedKey: upload.wrappedKey,
      segments,
      status: options.madeByHearth ? 'available' : options.scanning ? 'scanning' : 'unscanned',
      recordingRequestId: upload.recordingRequestId,
      appointmentId: upload.appointmentId,
      deleteAfter,
      createdAt: now,
    });
    await tx.update(fileUploads).set({ fileId: upload.id, tailSealed: null }).where(eq(fileUploads.id, upload.id));
    await audit(tx, by, options.request, 'files.uploaded', {
      subjectType: 'shared_file',
      subjectId: upload.id,
      metadata: { kind: upload.kind, bytes: progress.receivedBytes, scanned: options.scanning && !options.madeByHearth },
    });
    if (options.madeByHearth) return { status: 'stored', fileId: upload.id } as const;
    if (options.scanning) await enqueue(tx, 'files.scan', { fileId: upload.id }, { key: `files.scan:${upload.id}`, practiceId: upload.practiceId });
    else await notifyOther(tx, upload.practiceId, upload.uploadedById, care, upload.careRelationshipId, 'files.shared');
    return { status: 'stored', fileId: upload.id } as const;
  });
}

function notifyOther(tx: DbOrTx, practiceId: string, actorId: string | null, care: { client_id: string; therapist_id: string }, spaceId: string, kind: 'files.shared' | 'files.removed') {
  const recipients = [care.client_id, care.therapist_id].filter((id) => id !== actorId);
  return notify(tx, practiceId, recipients, kind, spaceId);
}

/** Drops an unfinished upload and queues its objects for removal (its data key goes with the row). */
async function discardUpload(tx: DbOrTx, uploadId: string, segments: StoredSegment[]) {
  await tx.delete(fileUploads).where(and(eq(fileUploads.id, uploadId), isNull(fileUploads.fileId)));
  if (segments.length > 0) await enqueue(tx, 'files.delete_objects', { objectKeys: segments.map((segment) => segment.key) });
}

/** Content refused while it arrived (its type, its length): the upload is dropped with what it stored, audited. */
export async function refuseUpload(db: Db, upload: FileUpload, reason: RefusalReason, request: RequestContext) {
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ segments: fileUploads.segments }).from(fileUploads).where(eq(fileUploads.id, upload.id)).for('update');
    if (!current) return;
    await discardUpload(tx, upload.id, current.segments);
    await audit(tx, { id: upload.uploadedById, practiceId: upload.practiceId }, request, 'files.upload_refused', {
      subjectType: 'file_upload',
      subjectId: upload.id,
      outcome: 'denied',
      metadata: { reason, kind: upload.kind },
    });
  });
}

/** The uploader cancels an unfinished upload (tus DELETE). */
export async function cancelUpload(db: Db, actor: Actor, uploadId: string, request: RequestContext): Promise<'cancelled' | 'not-found'> {
  if (!isUuid(uploadId)) return 'not-found';
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ segments: fileUploads.segments })
      .from(fileUploads)
      .where(and(eq(fileUploads.id, uploadId), eq(fileUploads.uploadedById, actor.id), eq(fileUploads.practiceId, actor.practiceId), isNull(fileUploads.fileId)))
      .for('update');
    if (!row) return 'not-found';
    await discardUpload(tx, uploadId, row.segments);
    await audit(tx, actor, request, 'files.upload_cancelled', { subjectType: 'file_upload', subjectId: uploadId });
    return 'cancelled';
  });
}

/**
 * Crypto-shredding: the wrapped data key is destroyed with the row's change (the content can never be read again),
 * then the objects are removed by a job. The row stays as a tombstone saying when and why.
 */
async function removeFile(tx: Tx, file: Pick<SharedFile, 'id' | 'segments'>, reason: FileRemovalReason, removedById: string | null, now: Date): Promise<boolean> {
  const removed = await tx
    .update(sharedFiles)
    .set({ status: 'deleted', keyId: null, wrappedKey: null, segments: [], removedAt: now, removedReason: reason, removedById })
    .where(and(eq(sharedFiles.id, file.id), isNull(sharedFiles.removedAt)))
    .returning({ id: sharedFiles.id });
  if (removed.length === 0) return false;
  if (file.segments.length > 0) await enqueue(tx, 'files.delete_objects', { objectKeys: file.segments.map((segment) => segment.key) });
  return true;
}

/** The person who shared a file (or the client, for a recording of their session) deletes it. */
export async function deleteFile(db: Db, actor: Actor, fileId: string, request: RequestContext, now = new Date()): Promise<{ status: 'deleted' } | { status: 'not-found' } | { status: 'forbidden' }> {
  return db.transaction(async (tx) => {
    const file = await fileForViewer(tx, actor, fileId, { lock: true });
    if (!file || file.status === 'deleted') {
      await audit(tx, actor, request, 'files.deleted', { subjectType: 'shared_file', subjectId: isUuid(fileId) ? fileId : undefined, outcome: 'denied', metadata: { reason: 'not_found' } });
      return { status: 'not-found' } as const;
    }
    if (!mayDelete(actor, { ...file, listeners: null })) {
      await audit(tx, actor, request, 'files.deleted', { subjectType: 'shared_file', subjectId: file.id, outcome: 'denied', metadata: { reason: 'not_uploader' } });
      return { status: 'forbidden' } as const;
    }
    await removeFile(tx, file, 'deleted_by_uploader', actor.id, now);
    await audit(tx, actor, request, 'files.deleted', { subjectType: 'shared_file', subjectId: file.id, metadata: { kind: file.kind } });
    await notifyOther(tx, file.practiceId, actor.id, { client_id: file.clientId, therapist_id: file.therapistId }, file.careRelationshipId, 'files.removed');
    return { status: 'deleted' } as const;
  });
}

/**
 * The audio of a between-session episode its therapist withdrew, removed in the withdrawal's own transaction, as a
 * deletion by that therapist (it was stored as theirs). Returns whether it was there to remove.
 */
export async function removeEpisodeAudio(tx: Tx, therapist: Actor, fileId: string, request: RequestContext, now: Date): Promise<boolean> {
  const [file] = await tx
    .select({ id: sharedFiles.id, segments: sharedFiles.segments })
    .from(sharedFiles)
    .where(and(eq(sharedFiles.id, fileId), eq(sharedFiles.kind, 'companion'), eq(sharedFiles.uploadedById, therapist.id), eq(sharedFiles.practiceId, therapist.practiceId)))
    .for('update');
  if (!file || !(await removeFile(tx, file, 'deleted_by_uploader', therapist.id, now))) return false;
  await audit(tx, therapist, request, 'files.deleted', { subjectType: 'shared_file', subjectId: file.id, metadata: { kind: 'companion' } });
  return true;
}

/**
 * The deletion a withdrawal scheduled, or the end of retention: every recording still kept under the agreement is
 * removed, each in its own transaction and only if still there, so a retried or concurrent run deletes nothing twice.
 */
export async function removeRecordingsOf(db: Db, requestId: string, reason: 'consent_withdrawn' | 'retention_ended', now = new Date()): Promise<number> {
  let removed = 0;
  for (const { id } of await liveRecordingsOf(db, requestId)) {
    if (await removeRecording(db, id, reason, now)) removed += 1;
  }
  return removed;
}

/** Recordings past their retention, a batch at a time. */
export async function removeRecordingsPastRetention(db: Db, now = new Date()): Promise<number> {
  let removed = 0;
  for (const { id } of await recordingsPastRetention(db, now)) {
    if (await removeRecording(db, id, 'retention_ended', now)) removed += 1;
  }
  return removed;
}

async function removeRecording(db: Db, fileId: string, reason: 'consent_withdrawn' | 'retention_ended', now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    // SKIP LOCKED: another worker removing the same recording right now finishes it; this one moves on.
    const [file] = await tx.select().from(sharedFiles).where(and(eq(sharedFiles.id, fileId), isNull(sharedFiles.removedAt))).for('update', { skipLocked: true });
    if (!file) return false;
    if (reason === 'retention_ended' && (!file.deleteAfter || file.deleteAfter > now)) return false;
    await removeFile(tx, file, reason, null, now);
    await audit(tx, { id: null, practiceId: file.practiceId }, SYSTEM_CONTEXT, reason === 'retention_ended' ? 'files.retention_deleted' : 'files.withdrawal_deleted', {
      subjectType: 'shared_file',
      subjectId: file.id,
      metadata: { kind: file.kind },
    });
    await notify(tx, file.practiceId, [file.clientId, file.therapistId], 'files.removed', file.careRelationshipId);
    return true;
  });
}

/** Abandoned uploads: dropped with their objects (the data key goes with the row). */
export async function removeExpiredUploads(db: Db, now = new Date()): Promise<number> {
  let removed = 0;
  for (const { id } of await expiredUploads(db, now)) {
    await db.transaction(async (tx) => {
      const [row] = await tx.select({ segments: fileUploads.segments }).from(fileUploads).where(and(eq(fileUploads.id, id), isNull(fileUploads.fileId))).for('update', { skipLocked: true });
      if (!row) return;
      await discardUpload(tx, id, row.segments);
      removed += 1;
    });
  }
  return removed;
}

/**
 * The scan's verdict: clean files become available and the other person is told; anything else (a virus, too large
 * to scan, a scanner error after the job's retries) is blocked and shredded, never served.
 */
export async function recordScan(db: Db, fileId: string, verdict: ScanVerdict, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [file] = await tx.select().from(sharedFiles).where(and(eq(sharedFiles.id, fileId), eq(sharedFiles.status, 'scanning'))).for('update');
    if (!file) return;
    const by: AuditBy = { id: null, practiceId: file.practiceId };
    const care = { client_id: file.clientId, therapist_id: file.therapistId };
    if (verdict.verdict === 'clean') {
      await tx.update(sharedFiles).set({ status: 'available', scannedAt: now }).where(eq(sharedFiles.id, file.id));
      await audit(tx, by, SYSTEM_CONTEXT, 'files.scanned', { subjectType: 'shared_file', subjectId: file.id, metadata: { verdict: 'clean' } });
      await notifyOther(tx, file.practiceId, file.uploadedById, care, file.careRelationshipId, 'files.shared');
      return;
    }
    const reason: FileRemovalReason = verdict.verdict === 'infected' ? 'malware_found' : 'not_scannable';
    await removeFile(tx, file, reason, null, now);
    await tx.update(sharedFiles).set({ status: 'blocked', scannedAt: now }).where(eq(sharedFiles.id, file.id));
    await audit(tx, by, SYSTEM_CONTEXT, 'files.scanned', {
      subjectType: 'shared_file',
      subjectId: file.id,
      outcome: 'denied',
      metadata: verdict.verdict === 'infected' ? { verdict: 'infected', signature: verdict.signature.slice(0, 100) } : { verdict: 'not_scannable', reason: verdict.reason },
    });
    await notify(tx, file.practiceId, [file.uploadedById], 'files.removed', file.careRelationshipId);
  });
}

/**
 * Key rotation: rewraps a batch of data keys (files and unfinished uploads) under the current master key, without
 * touching content. Each batch commits on its own, so an interrupted run resumes where it stopped; every file stays
 * readable throughout because retired master keys still unwrap. Returns how many were rewrapped.
 */
export async function rewrapBatch(db: Db, batchSize = 200): Promise<number> {
  const current = currentMasterKeyId();
  return db.transaction(async (tx) => {
    const files = await filesWrappedByOtherKeys(tx, current, batchSize);
    const perPractice = new Map<string, number>();
    for (const file of files) {
      const next = rewrapDataKey(file.keyId!, file.wrappedKey!, file.id);
      const updated = await tx
        .update(sharedFiles)
        .set({ keyId: next.keyId, wrappedKey: next.wrapped })
        .where(and(eq(sharedFiles.id, file.id), eq(sharedFiles.wrappedKey, file.wrappedKey!)))
        .returning({ id: sharedFiles.id });
      if (updated.length) perPractice.set(file.practiceId, (perPractice.get(file.practiceId) ?? 0) + 1);
    }
    const uploads = await tx
      .select({ id: fileUploads.id, keyId: fileUploads.keyId, wrappedKey: fileUploads.wrappedKey })
      .from(fileUploads)
      .where(and(isNull(fileUploads.fileId), sql`${fileUploads.keyId} <> ${current}`))
      .limit(batchSize);
    for (const upload of uploads) {
      const next = rewrapDataKey(upload.keyId, upload.wrappedKey, upload.id);
      await tx.update(fileUploads).set({ keyId: next.keyId, wrappedKey: next.wrapped }).where(and(eq(fileUploads.id, upload.id), eq(fileUploads.wrappedKey, upload.wrappedKey)));
    }
    for (const [practiceId, count] of perPractice) {
      await audit(tx, { id: null, practiceId }, SYSTEM_CONTEXT, 'files.keys_rotated', { metadata: { files: count, keyId: current } });
    }
    return files.length + uploads.length;
  });
}
