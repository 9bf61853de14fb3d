// Who may do what with a shared file: pure rules, unit-tested without a database.
import { detectContentType, extensionMismatch } from './content-type';
import { FAMILIES_FOR_KIND, type FileKind, type FileStatus } from './model';

export interface FileFacts {
  clientId: string;
  therapistId: string;
  uploadedById: string;
  kind: FileKind;
  status: FileStatus;
  /** For recordings: who may listen under the agreement they were stored under ('client_only' when unknown). */
  listeners: 'client_only' | 'client_and_therapist' | null;
}

export interface Viewer {
  id: string;
}

/** One of the two people of the space. Anyone else is told the file does not exist. */
export const isParty = (viewer: Viewer, file: Pick<FileFacts, 'clientId' | 'therapistId'>) => viewer.id === file.clientId || viewer.id === file.therapistId;

/** Content can be read once it is checked (or scanning is off), never while waiting, blocked or removed. */
export const isReadable = (status: FileStatus) => status === 'available' || status === 'unscanned';

/** A recording plays for whoever the agreement names; other files for both people. */
export function mayListen(viewer: Viewer, file: FileFacts): boolean {
  if (file.kind !== 'recording') return true;
  if (viewer.id === file.clientId) return true;
  return file.listeners === 'client_and_therapist';
}

export type OpenRefusal = 'not_found' | 'not_available' | 'not_listener';

export function openRefusal(viewer: Viewer, file: FileFacts): OpenRefusal | null {
  if (!isParty(viewer, file)) return 'not_found';
  if (file.status === 'deleted') return 'not_found';
  if (!isReadable(file.status)) return 'not_available';
  if (!mayListen(viewer, file)) return 'not_listener';
  return null;
}

/** The person who shared a file may delete it; a recording may also be deleted by the client it is of. */
export function mayDelete(viewer: Viewer, file: FileFacts): boolean {
  if (!isParty(viewer, file) || file.status === 'deleted') return false;
  return viewer.id === file.uploadedById || (file.kind === 'recording' && viewer.id === file.clientId);
}

/** Which person records under each method that keeps recordings in Hearth. */
export const RECORDER_FOR_METHOD = { client_upload: 'client', therapist_records: 'therapist' } as const;

/**
 * Whether content may be stored, from its first bytes: an allowed type recognised by its content (never by its name
 * or the browser's word), that the kind chosen accepts, and that the name's extension doesn't contradict.
 */
export function judgeContent(
  head: Uint8Array,
  totalSize: number,
  kind: FileKind,
  fileName: string,
): { ok: true; mediaType: string } | { ok: false; reason: 'empty' | 'type_not_allowed' | 'type_mismatch' | 'kind_mismatch' } {
  if (totalSize === 0) return { ok: false, reason: 'empty' };
  const detected = detectContentType(head, totalSize);
  if (!detected) return { ok: false, reason: 'type_not_allowed' };
  if (extensionMismatch(fileName, detected)) return { ok: false, reason: 'type_mismatch' };
  if (!FAMILIES_FOR_KIND[kind].includes(detected.family)) return { ok: false, reason: 'kind_mismatch' };
  return { ok: true, mediaType: detected.mediaType };
}
