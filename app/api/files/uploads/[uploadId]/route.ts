import { handleUpload } from '@/lib/files/data';

/** One upload: HEAD (how far it got), PATCH (more bytes), DELETE (cancel). Streamed, outside proxy.ts. */
export const HEAD = handleUpload;
export const PATCH = handleUpload;
export const DELETE = handleUpload;
export const OPTIONS = handleUpload;
