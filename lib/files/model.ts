// Shared files and the recording vault: kinds, states and plain-language labels. Client-safe: no server imports.
import type { FileKind, FileRemovalReason, FileStatus } from '@/db/schema';

export type { FileKind, FileRemovalReason, FileStatus };

export const FILE_KINDS = ['document', 'worksheet', 'image', 'recording', 'other', 'companion'] as const satisfies readonly FileKind[];

export const FILE_KIND_LABELS: Record<FileKind, string> = {
  document: 'Document',
  worksheet: 'Worksheet',
  image: 'Image',
  recording: 'Session recording',
  other: 'Other',
  companion: 'Between-session audio',
};

/** The kinds an upload may declare: companion audio is only ever made by Hearth. */
export const UPLOADABLE_KINDS = ['document', 'worksheet', 'image', 'recording', 'other'] as const satisfies readonly FileKind[];

/** The kinds a person picks when sharing a file; recordings come from the recorder or a covered session instead. */
export const SHAREABLE_KINDS = ['document', 'worksheet', 'image', 'other'] as const satisfies readonly FileKind[];

export const FILE_STATUS_LABELS: Record<FileStatus, string> = {
  scanning: 'Being checked for viruses',
  available: 'Ready',
  unscanned: 'Ready (not checked for viruses)',
  blocked: 'Blocked',
  deleted: 'Removed',
};

/** The words of a tombstone: "removed on 2026-12-01: consent withdrawn". */
export const REMOVAL_REASON_LABELS: Record<FileRemovalReason, string> = {
  deleted_by_uploader: 'deleted by the person who shared it',
  consent_withdrawn: 'consent withdrawn',
  retention_ended: 'the agreed keeping period ended',
  malware_found: 'a virus was found in it',
  not_scannable: 'it could not be checked for viruses',
};

/** Which content families each kind accepts (see content-type.ts). */
export const FAMILIES_FOR_KIND: Record<FileKind, readonly ('pdf' | 'image' | 'text' | 'docx' | 'audio')[]> = {
  document: ['pdf', 'docx', 'text', 'image'],
  worksheet: ['pdf', 'docx', 'text', 'image'],
  image: ['image'],
  recording: ['audio'],
  other: ['pdf', 'docx', 'text', 'image', 'audio'],
  // Made by Hearth from the therapist's summary (lib/companion), never uploaded.
  companion: ['audio'],
};

/** What a person may type about a file: its name (kept sealed) and an optional private note. */
export const FILE_NAME_MAX = 200;
export const FILE_NOTE_MAX = 500;

/** An upload left unfinished this long is removed by the sweeper, with everything it stored. */
export const UPLOAD_EXPIRES_MS = 24 * 60 * 60 * 1000;

/** Why an upload or download was refused, in words for the person. */
export const REFUSALS = {
  not_found: 'That file or upload does not exist.',
  empty: 'The file is empty.',
  too_large: 'The file is larger than your practice allows.',
  type_not_allowed: 'This type of file cannot be shared. Allowed: PDF, Word (DOCX), plain text, PNG, JPEG, WebP and audio (M4A, AAC, MP3, WAV, OGG, WebM, FLAC).',
  type_mismatch: 'The file’s contents do not match its name. Rename it or choose another file.',
  kind_mismatch: 'The file’s contents do not match the kind chosen.',
  no_agreement: 'Recordings can only be stored under a recording agreement in force that keeps recordings in Hearth.',
  no_session_yes: 'The client has not said yes to recording this session.',
  not_your_method: 'Under your agreement, the other person records sessions.',
  length_mismatch: 'The file did not arrive complete. Please try again.',
  not_available: 'This file is not available.',
  not_listener: 'Under your agreement, only the client may listen to recordings.',
} as const;

export type RefusalReason = keyof typeof REFUSALS;

/** One row of a shared space's list, as either person sees it. */
export interface FileListItem {
  id: string;
  label: string;
  kind: FileKind;
  kindLabel: string;
  mediaType: string;
  sizeBytes: number;
  /** The original name and note, opened for the two people only. Null on a tombstone. */
  name: string | null;
  note: string | null;
  uploadedByYou: boolean;
  uploadedByName: string;
  createdAt: Date;
  status: FileStatus;
  /** The viewer may download, preview or play it now. */
  canOpen: boolean;
  /** Why not, when it exists but can't be opened. */
  notOpenableReason: string | null;
  canDelete: boolean;
  preview: 'image' | 'pdf' | 'audio' | 'text' | null;
  removed: { on: string; reason: string } | null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

/** The metadata keys an upload sends (tus Upload-Metadata). */
export const UPLOAD_METADATA = { space: 'space', kind: 'kind', name: 'filename', note: 'note', appointment: 'appointment' } as const;
