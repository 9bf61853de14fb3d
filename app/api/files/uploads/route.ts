import { handleUpload } from '@/lib/files/data';

/*
 * Resumable uploads (tus). Kept out of proxy.ts on purpose: Next's proxy buffers request bodies and cuts them off
 * past its limit, and this route streams bodies of any size.
 */
export const POST = handleUpload;
export const OPTIONS = handleUpload;
