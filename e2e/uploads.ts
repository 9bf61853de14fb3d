// Uploading into a shared space over HTTP, speaking tus 1.0.0 as the uploader in the browser does: a POST that
// creates the upload (its metadata base64-encoded in Upload-Metadata), then PATCHes of bytes from an offset. For
// specs that need a file in place without driving the page (the action matrix's prepare), and for what a browser
// would not send (a raw file name, a half-finished upload, someone else's upload address). `context` carries the
// uploader's session cookie: a page's `page.request`, or a signed-in APIRequestContext.
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';

export const TUS_HEADERS = { 'Tus-Resumable': '1.0.0' } as const;
export const UPLOADS_PATH = '/api/files/uploads';

/** What an upload declares about itself (the keys of UPLOAD_METADATA in lib/files/model.ts). */
export interface UploadFields {
  /** The space: the care relationship's id. */
  space: string;
  kind: 'document' | 'worksheet' | 'image' | 'recording' | 'other';
  filename: string;
  note?: string;
  /** The session, for a recording. */
  appointment?: string;
}

export function uploadMetadata(fields: UploadFields): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key} ${Buffer.from(String(value), 'utf8').toString('base64')}`)
    .join(',');
}

/** POST: asks for a new upload of `length` bytes (or a length declared later). 201 with a Location, or the refusal. */
export function createUpload(context: APIRequestContext, fields: UploadFields, length: number | 'deferred'): Promise<APIResponse> {
  return context.post(UPLOADS_PATH, {
    headers: {
      ...TUS_HEADERS,
      ...(length === 'deferred' ? { 'Upload-Defer-Length': '1' } : { 'Upload-Length': String(length) }),
      'Upload-Metadata': uploadMetadata(fields),
    },
    maxRedirects: 0,
  });
}

/** The upload's own address from a 201 (relative to the site): an APIResponse, or a page's Response. */
export function uploadPath(created: { headers(): Record<string, string> }): string {
  const location = created.headers().location;
  expect(location, 'the new upload has an address').toMatch(/^\/api\/files\/uploads\/[0-9a-f-]{36}$/);
  return location!;
}

/** PATCH: bytes from `offset`. */
export function sendBytes(context: APIRequestContext, path: string, offset: number, bytes: Buffer): Promise<APIResponse> {
  return context.patch(path, {
    headers: { ...TUS_HEADERS, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset) },
    data: bytes,
    maxRedirects: 0,
  });
}

/** HEAD: how far the upload got (Upload-Offset), or a 404 for an upload that is not the caller's. */
export function uploadState(context: APIRequestContext, path: string): Promise<APIResponse> {
  return context.head(path, { headers: TUS_HEADERS, maxRedirects: 0 });
}

/** Starts an upload and sends its first `sent` bytes only; the upload's address. */
export async function startUpload(context: APIRequestContext, fields: UploadFields, bytes: Buffer, sent: number): Promise<string> {
  const created = await createUpload(context, fields, bytes.length);
  expect(created.status(), `creating the upload: ${await created.text()}`).toBe(201);
  const path = uploadPath(created);
  const patched = await sendBytes(context, path, 0, bytes.subarray(0, sent));
  expect(patched.status(), `sending the first bytes: ${await patched.text()}`).toBe(204);
  expect(patched.headers()['upload-offset']).toBe(String(sent));
  return path;
}

/** Uploads a whole file in one PATCH; the stored file's id (an upload's id becomes its file's). */
export async function uploadFile(context: APIRequestContext, fields: UploadFields, bytes: Buffer): Promise<string> {
  const created = await createUpload(context, fields, bytes.length);
  expect(created.status(), `creating the upload: ${await created.text()}`).toBe(201);
  const path = uploadPath(created);
  const patched = await sendBytes(context, path, 0, bytes);
  expect(patched.status(), `sending the file: ${await patched.text()}`).toBe(204);
  return path.split('/').pop()!;
}
