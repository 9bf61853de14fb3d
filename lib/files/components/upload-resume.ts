import type { UploadOptions } from 'tus-js-client';
import { UPLOAD_EXPIRES_MS } from '../model';

/*
 * Where an interrupted upload can be found again to resume it. tus-js-client's own storage would keep the file's name
 * and the private note in localStorage, in the key and in the entry, for as long as the upload is unfinished (for
 * ever, if abandoned). This one keeps only the upload's address and a hash that names nothing, and forgets entries
 * once the server would have swept their upload.
 */

type Storage = NonNullable<UploadOptions['urlStorage']>;
type PreviousUpload = Awaited<ReturnType<Storage['findAllUploads']>>[number];

const PREFIX = 'hearth-upload::';

interface Entry {
  uploadUrl: string;
  size: number | null;
  creationTime: string;
}

function entries(prefix: string): PreviousUpload[] {
  const found: PreviousUpload[] = [];
  for (let index = localStorage.length - 1; index >= 0; index--) {
    const key = localStorage.key(index);
    if (!key?.startsWith(prefix)) continue;
    try {
      const entry = JSON.parse(localStorage.getItem(key) ?? '') as Entry;
      if (Date.now() - Date.parse(entry.creationTime) > UPLOAD_EXPIRES_MS) {
        localStorage.removeItem(key);
        continue;
      }
      found.push({ ...entry, metadata: {}, parallelUploadUrls: null, urlStorageKey: key });
    } catch {
      localStorage.removeItem(key);
    }
  }
  return found;
}

export const resumeStorage: Storage = {
  findAllUploads: async () => entries(PREFIX),
  findUploadsByFingerprint: async (fingerprint) => entries(`${PREFIX}${fingerprint}::`),
  removeUpload: async (key) => localStorage.removeItem(key),
  addUpload: async (fingerprint, upload) => {
    const key = `${PREFIX}${fingerprint}::${crypto.randomUUID()}`;
    const entry: Entry = { uploadUrl: upload.uploadUrl ?? '', size: upload.size, creationTime: upload.creationTime };
    try {
      localStorage.setItem(key, JSON.stringify(entry));
    } catch {
      // Storage full or refused: the upload goes on, it just can't be resumed after the page is closed.
    }
    return key;
  },
};

/** Whether this browser can keep resumable uploads (private modes and insecure pages cannot). */
export function canResume(): boolean {
  try {
    return typeof crypto.subtle !== 'undefined' && typeof localStorage !== 'undefined';
  } catch {
    return false;
  }
}

/**
 * The same file, into the same space, with the same kind and note, gives the same fingerprint; anything else starts
 * afresh (a resumed upload keeps what it was created with).
 */
export function fingerprintFor(parts: { spaceId: string; kind: string; note: string }): (file: File) => Promise<string> {
  return async (file) => {
    const text = JSON.stringify([file.name, file.type, file.size, file.lastModified, parts.spaceId, parts.kind, parts.note]);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  };
}
