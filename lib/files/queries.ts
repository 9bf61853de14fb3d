import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, ne, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { careRelationships, fileUploads, sharedFiles, users } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** A shared space: one care relationship, seen by its client and its therapist only. */
export interface Space {
  id: string;
  practiceId: string;
  clientId: string;
  therapistId: string;
  clientName: string;
  therapistName: string;
}

const client = alias(users, 'space_client');
const therapist = alias(users, 'space_therapist');

const spaceColumns = {
  id: careRelationships.id,
  practiceId: careRelationships.practiceId,
  clientId: careRelationships.clientId,
  therapistId: careRelationships.therapistId,
  clientName: client.name,
  therapistName: therapist.name,
};

function spaces(db: DbOrTx) {
  return db
    .select(spaceColumns)
    .from(careRelationships)
    .innerJoin(client, eq(client.id, careRelationships.clientId))
    .innerJoin(therapist, eq(therapist.id, careRelationships.therapistId));
}

/** The viewer's own spaces: one per open care relationship they are part of. */
export function spacesOf(db: DbOrTx, viewer: Pick<Actor, 'id' | 'practiceId'>): Promise<Space[]> {
  return spaces(db)
    .where(
      and(
        eq(careRelationships.practiceId, viewer.practiceId),
        isNull(careRelationships.endedOn),
        or(eq(careRelationships.clientId, viewer.id), eq(careRelationships.therapistId, viewer.id)),
      ),
    )
    .orderBy(asc(therapist.name), asc(client.name));
}

/** One space, only if the viewer is one of its two people and care is open; null otherwise (and for a bad id). */
export async function spaceForViewer(db: DbOrTx, viewer: Pick<Actor, 'id' | 'practiceId'>, spaceId: string): Promise<Space | null> {
  if (!isUuid(spaceId)) return null;
  const [found] = await spaces(db).where(
    and(
      eq(careRelationships.id, spaceId),
      eq(careRelationships.practiceId, viewer.practiceId),
      isNull(careRelationships.endedOn),
      or(eq(careRelationships.clientId, viewer.id), eq(careRelationships.therapistId, viewer.id)),
    ),
  );
  return found ?? null;
}

/** The therapist's space with one of their clients, while care is open. */
export async function spaceWithClient(db: DbOrTx, therapistActor: Pick<Actor, 'id' | 'practiceId'>, clientId: string): Promise<Space | null> {
  if (!isUuid(clientId)) return null;
  const [found] = await spaces(db).where(
    and(
      eq(careRelationships.practiceId, therapistActor.practiceId),
      eq(careRelationships.therapistId, therapistActor.id),
      eq(careRelationships.clientId, clientId),
      isNull(careRelationships.endedOn),
    ),
  );
  return found ?? null;
}

const uploader = alias(users, 'file_uploader');

/** Every file of a space, newest first, tombstones included; the sealed name and note stay sealed here. */
export function filesOfSpace(db: DbOrTx, spaceId: string) {
  return db
    .select({
      id: sharedFiles.id,
      clientId: sharedFiles.clientId,
      therapistId: sharedFiles.therapistId,
      uploadedById: sharedFiles.uploadedById,
      uploadedByName: uploader.name,
      kind: sharedFiles.kind,
      mediaType: sharedFiles.mediaType,
      sizeBytes: sharedFiles.sizeBytes,
      label: sharedFiles.label,
      nameSealed: sharedFiles.nameSealed,
      noteSealed: sharedFiles.noteSealed,
      status: sharedFiles.status,
      recordingRequestId: sharedFiles.recordingRequestId,
      appointmentId: sharedFiles.appointmentId,
      createdAt: sharedFiles.createdAt,
      removedAt: sharedFiles.removedAt,
      removedReason: sharedFiles.removedReason,
    })
    .from(sharedFiles)
    .innerJoin(uploader, eq(uploader.id, sharedFiles.uploadedById))
    .where(eq(sharedFiles.careRelationshipId, spaceId))
    .orderBy(desc(sharedFiles.createdAt));
}

export type FileRow = Awaited<ReturnType<typeof filesOfSpace>>[number];

/**
 * A file, only if the viewer is one of the two people of its space while care is open; null for anyone else and for
 * an id that does not exist alike. `lock` takes the row FOR UPDATE, for a command.
 */
export async function fileForViewer(db: DbOrTx, viewer: Pick<Actor, 'id' | 'practiceId'>, fileId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(fileId)) return null;
  const query = db
    .select({ file: sharedFiles })
    .from(sharedFiles)
    .innerJoin(careRelationships, eq(careRelationships.id, sharedFiles.careRelationshipId))
    .where(
      and(
        eq(sharedFiles.id, fileId),
        eq(sharedFiles.practiceId, viewer.practiceId),
        isNull(careRelationships.endedOn),
        or(eq(sharedFiles.clientId, viewer.id), eq(sharedFiles.therapistId, viewer.id)),
      ),
    );
  const [found] = options.lock ? await query.for('update', { of: sharedFiles }) : await query;
  return found?.file ?? null;
}

/** An unfinished upload, only for the person uploading it. */
export async function uploadForUploader(db: DbOrTx, viewer: Pick<Actor, 'id' | 'practiceId'>, uploadId: string) {
  if (!isUuid(uploadId)) return null;
  const [found] = await db
    .select()
    .from(fileUploads)
    .where(and(eq(fileUploads.id, uploadId), eq(fileUploads.practiceId, viewer.practiceId), eq(fileUploads.uploadedById, viewer.id), isNull(fileUploads.fileId)));
  return found ?? null;
}

/** Recordings kept under an agreement and not yet removed. */
export function liveRecordingsOf(db: DbOrTx, requestId: string) {
  return db
    .select({ id: sharedFiles.id })
    .from(sharedFiles)
    .where(and(eq(sharedFiles.recordingRequestId, requestId), eq(sharedFiles.kind, 'recording'), isNull(sharedFiles.removedAt)));
}

/** Recordings whose retention has ended and that are still kept. */
export function recordingsPastRetention(db: DbOrTx, now: Date, limit = 100) {
  return db
    .select({ id: sharedFiles.id })
    .from(sharedFiles)
    .where(and(isNotNull(sharedFiles.deleteAfter), lte(sharedFiles.deleteAfter, now), isNull(sharedFiles.removedAt)))
    .limit(limit);
}

/** Uploads abandoned past their expiry. */
export function expiredUploads(db: DbOrTx, now: Date, limit = 100) {
  return db
    .select({ id: fileUploads.id })
    .from(fileUploads)
    .where(and(lte(fileUploads.expiresAt, now), isNull(fileUploads.fileId)))
    .limit(limit);
}

/** Which of these object owners (upload or file ids) still keep objects: for the sweeper of leftovers. */
export async function objectKeysInUse(db: DbOrTx, ownerIds: string[]): Promise<Set<string>> {
  const ids = ownerIds.filter(isUuid);
  if (ids.length === 0) return new Set();
  const [uploads, files] = await Promise.all([
    db.select({ segments: fileUploads.segments }).from(fileUploads).where(and(inArray(fileUploads.id, ids), isNull(fileUploads.fileId))),
    db.select({ segments: sharedFiles.segments }).from(sharedFiles).where(and(inArray(sharedFiles.id, ids), isNull(sharedFiles.removedAt))),
  ]);
  return new Set([...uploads, ...files].flatMap((row) => row.segments.map((segment) => segment.key)));
}

/** Every file still holding a data key not wrapped by the current master key, a batch at a time. */
export function filesWrappedByOtherKeys(db: DbOrTx, currentKeyId: string, limit: number) {
  return db
    .select({ id: sharedFiles.id, practiceId: sharedFiles.practiceId, keyId: sharedFiles.keyId, wrappedKey: sharedFiles.wrappedKey })
    .from(sharedFiles)
    .where(and(isNotNull(sharedFiles.wrappedKey), or(isNull(sharedFiles.keyId), ne(sharedFiles.keyId, currentKeyId))))
    .limit(limit);
}

/** A file by id, for jobs (no viewer). */
export async function fileById(db: DbOrTx, fileId: string) {
  if (!isUuid(fileId)) return null;
  const [found] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, fileId));
  return found ?? null;
}

/** How recently bytes must have arrived for a recording to count as going on now. */
export const RECORDING_LIVE_MS = 30 * 1000;

/** Recordings arriving in a space right now (the recorder sends every few seconds). */
export function recordingsArriving(db: DbOrTx, spaceId: string, now: Date) {
  return db
    .select({ appointmentId: fileUploads.appointmentId })
    .from(fileUploads)
    .where(
      and(
        eq(fileUploads.careRelationshipId, spaceId),
        eq(fileUploads.kind, 'recording'),
        isNull(fileUploads.fileId),
        gt(fileUploads.updatedAt, new Date(now.getTime() - RECORDING_LIVE_MS)),
      ),
    );
}
