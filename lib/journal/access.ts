// Who may do what with a journal entry, and when a save may overwrite one: pure rules, unit-tested without a database.

/** What a stored entry remembers of the save that wrote it. */
export interface WrittenBy {
  version: number;
  /** One editing page in one tab. */
  editor: string;
  /** That editor's running number for its saves. */
  seq: number;
}

export interface SaveAttempt {
  baseVersion: number;
  editor: string;
  seq: number;
}

export type SaveVerdict = 'update' | 'superseded' | 'conflict';

/**
 * Whether a save may write over what is stored. A save names the version it edited: if that is still the stored one,
 * it writes. If the stored version was written by this same editor, its own earlier save got there without the answer
 * getting back (the connection dropped, the tab was hidden mid-save): a later save of the same editor writes over it,
 * and an earlier one arriving late is superseded. Anything else means someone else saved in between, and the save is
 * refused as a conflict, so two tabs never overwrite each other silently.
 */
export function saveVerdict(stored: WrittenBy, attempt: SaveAttempt): SaveVerdict {
  if (stored.editor === attempt.editor && stored.seq >= attempt.seq) return 'superseded';
  if (stored.version === attempt.baseVersion) return 'update';
  if (stored.editor === attempt.editor) return 'update';
  return 'conflict';
}

export type ShareRefusal = 'not_found' | 'not_your_therapist' | 'already_shared';

/**
 * An entry is shared with one of the client's current therapists at a time: with nobody else, and not with a second
 * one while it is shared with the first (stop sharing first).
 */
export function shareRefusal(
  entry: { clientId: string; deleted: boolean } | null,
  client: { id: string },
  currentTherapistIds: readonly string[],
  therapistId: string,
  liveShareWith: string | null,
): ShareRefusal | null {
  if (!entry || entry.deleted || entry.clientId !== client.id) return 'not_found';
  if (!currentTherapistIds.includes(therapistId)) return 'not_your_therapist';
  if (liveShareWith !== null && liveShareWith !== therapistId) return 'already_shared';
  return null;
}
