import 'server-only';
import { Readable } from 'node:stream';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import type { SharedFile } from '@/db/schema';
import { apiUser, requireUser } from '@/lib/auth/guards';
import type { SessionUser } from '@/lib/auth/model';
import { audit } from '@/lib/platform/audit/record';
import { todayInTimeZone } from '@/lib/platform/clock';
import { open } from '@/lib/platform/crypto/secretbox';
import { getRequestContext } from '@/lib/platform/http';
import { logError } from '@/lib/platform/log';
import { configuredScanner } from '@/lib/platform/scanning';
import { routes } from '@/lib/routes';
import { listenersOf, recordingAllowance } from '../consent/queries';
import { getAppointmentInScope } from '../appointments/queries';
import { RECORDER_FOR_METHOD, isReadable, mayDelete, openRefusal, type OpenRefusal } from './access';
import { maxUploadBytes } from './commands';
import { FILE_KIND_LABELS, REFUSALS, REMOVAL_REASON_LABELS, SHAREABLE_KINDS, type FileListItem } from './model';
import { type FileRow, type Space, fileForViewer, filesOfSpace, isUuid, recordingsArriving, spaceForViewer, spaceWithClient, spacesOf } from './queries';
import { handleUploadCall } from './uploads';
import { readContent } from './vault';

/*
 * Page data and the two routes of shared files. A space or file that is not the viewer's (another client's, another
 * therapist's, another practice's) is a 404 exactly like one that does not exist, and the attempt is audited. Every
 * read of a list or a file's content is audited in the transaction that reads it.
 */

type Listeners = Awaited<ReturnType<typeof listenersOf>>;

function previewOf(mediaType: string): FileListItem['preview'] {
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType === 'application/pdf') return 'pdf';
  if (mediaType.startsWith('audio/')) return 'audio';
  if (mediaType === 'text/plain') return 'text';
  return null;
}

const NOT_OPENABLE: Record<OpenRefusal, string> = {
  not_found: REFUSALS.not_found,
  not_available: 'It is being checked for viruses. It opens once the check is done.',
  not_listener: REFUSALS.not_listener,
};

function toListItem(viewer: SessionUser, row: FileRow, listeners: Listeners, timeZone: string): FileListItem {
  const facts = { ...row, listeners: row.recordingRequestId ? (listeners.get(row.recordingRequestId) ?? 'client_only') : null };
  const removed = row.removedAt && row.removedReason ? { on: todayInTimeZone(timeZone, row.removedAt), reason: REMOVAL_REASON_LABELS[row.removedReason] } : null;
  const refusal = removed ? null : openRefusal(viewer, facts);
  return {
    id: row.id,
    label: row.label,
    kind: row.kind,
    kindLabel: FILE_KIND_LABELS[row.kind],
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    name: removed ? null : open(row.nameSealed),
    note: removed || !row.noteSealed ? null : open(row.noteSealed),
    uploadedByYou: row.uploadedById === viewer.id,
    uploadedByName: row.uploadedByName,
    createdAt: row.createdAt,
    status: row.status,
    canOpen: !removed && refusal === null,
    notOpenableReason: removed || !refusal ? null : NOT_OPENABLE[refusal],
    canDelete: !removed && mayDelete(viewer, facts),
    preview: previewOf(row.mediaType),
    removed,
  };
}

/** A space's files as the viewer sees them, with the read audited. */
async function spaceFiles(viewer: SessionUser, space: Space) {
  const db = await getDb();
  const request = await getRequestContext();
  const items = await db.transaction(async (tx) => {
    const rows = await filesOfSpace(tx, space.id);
    const listeners = await listenersOf(
      tx,
      rows.flatMap((row) => (row.recordingRequestId ? [row.recordingRequestId] : [])),
    );
    await audit(tx, viewer, request, 'files.listed', { subjectType: 'care_relationship', subjectId: space.id, metadata: { files: rows.length } });
    return rows.map((row) => toListItem(viewer, row, listeners, viewer.timeZone));
  });
  return {
    space: { id: space.id, clientName: space.clientName, therapistName: space.therapistName },
    recordingNow: (await recordingsArriving(db, space.id, new Date())).length > 0,
    files: items,
    upload: { maxBytes: await maxUploadBytes(db, viewer.practiceId), kinds: SHAREABLE_KINDS },
    scanning: configuredScanner() !== null,
    timeZone: viewer.timeZone,
  };
}

async function requireSharer(role: 'client' | 'therapist'): Promise<SessionUser> {
  const user = await requireUser('files:share');
  if (user.role !== role) notFound();
  if (role === 'client') await requireUser('portal:use');
  else await requireUser('clients:view-assigned');
  return user;
}

async function refuseSpace(viewer: SessionUser, spaceId: string): Promise<never> {
  const db = await getDb();
  const request = await getRequestContext();
  await db.transaction((tx) =>
    audit(tx, viewer, request, 'files.open_refused', {
      subjectType: 'care_relationship',
      subjectId: isUuid(spaceId) ? spaceId : undefined,
      outcome: 'denied',
      metadata: { reason: 'not_found', target: 'space' },
    }),
  );
  notFound();
}

/** The client's spaces: one per therapist in their care. */
export async function getPortalFiles() {
  const client = await requireSharer('client');
  const spaces = await spacesOf(await getDb(), client);
  return { spaces: spaces.map((space) => ({ id: space.id, therapistName: space.therapistName, href: routes.portalFileSpace(space.id) })) };
}

/** One of the client's spaces (404 for any other). */
export async function getPortalSpace(spaceId: string) {
  const client = await requireSharer('client');
  const space = await spaceForViewer(await getDb(), client, spaceId);
  if (!space || space.clientId !== client.id) return refuseSpace(client, spaceId);
  return spaceFiles(client, space);
}

/** The therapist's space with one of their clients (404 for a client not in their care). */
export async function getPracticeClientFiles(clientId: string) {
  const therapist = await requireSharer('therapist');
  const space = await spaceWithClient(await getDb(), therapist, clientId);
  if (!space) return refuseSpace(therapist, clientId);
  return spaceFiles(therapist, space);
}

/** One file's page (preview or player), for either person; the page itself reads metadata only. */
export async function getFilePage(role: 'client' | 'therapist', scopeId: string, fileId: string) {
  const viewer = await requireSharer(role);
  const db = await getDb();
  const request = await getRequestContext();
  const found = await db.transaction(async (tx) => {
    const file = await fileForViewer(tx, viewer, fileId);
    const inScope = file && (role === 'client' ? file.careRelationshipId === scopeId : file.clientId === scopeId);
    if (!file || !inScope) {
      await audit(tx, viewer, request, 'files.open_refused', { subjectType: 'shared_file', outcome: 'denied', metadata: { reason: 'not_found', target: 'file' } });
      return null;
    }
    const rows = (await filesOfSpace(tx, file.careRelationshipId)).filter((row) => row.id === file.id);
    const listeners = await listenersOf(tx, file.recordingRequestId ? [file.recordingRequestId] : []);
    await audit(tx, viewer, request, 'files.listed', { subjectType: 'shared_file', subjectId: file.id, metadata: { files: 1 } });
    return { file, item: toListItem(viewer, rows[0]!, listeners, viewer.timeZone) };
  });
  if (!found) notFound();
  const backHref = role === 'client' ? routes.portalFileSpace(found.file.careRelationshipId) : routes.practiceClientFiles(found.file.clientId);
  return { item: found.item, backHref, timeZone: viewer.timeZone };
}

/** Where a notification about a space leads: the reader's own page for it, or a 404. */
export async function spaceLinkFor(spaceId: string): Promise<string> {
  const viewer = await requireUser('files:share');
  const space = await spaceForViewer(await getDb(), viewer, spaceId);
  if (!space) return refuseSpace(viewer, spaceId);
  return viewer.id === space.clientId ? routes.portalFileSpace(space.id) : routes.practiceClientFiles(space.clientId);
}

/** For the admin: whether shared files are checked for viruses before anyone can open them. */
export async function getScanningStatus() {
  await requireUser('practice:configure');
  return { scanning: configuredScanner() !== null };
}

// ---------------------------------------------------------------------------------------------------------------------
// The browser recorder

/**
 * Whether the viewer may record this session in the browser now, and what the recorder sends with it. The page only
 * offers the recorder when this says yes; the upload route checks the same again and refuses otherwise.
 */
export async function getRecorderPage(role: 'client' | 'therapist', appointmentId: string, clientId?: string) {
  const viewer = await requireSharer(role);
  const db = await getDb();
  const appointment = isUuid(appointmentId) ? await getAppointmentInScope(db, viewer, appointmentId) : null;
  if (!appointment || !appointment.careOpen || (role === 'therapist' && appointment.clientId !== clientId)) notFound();
  const allowance = await recordingAllowance(db, appointment.careRelationshipId, appointment.id);
  const reason = !allowance.ok
    ? REFUSALS[allowance.reason]
    : RECORDER_FOR_METHOD[allowance.method as keyof typeof RECORDER_FOR_METHOD] !== role
      ? REFUSALS.not_your_method
      : null;
  return {
    appointment: { id: appointment.id, startsAt: appointment.startsAt, durationMinutes: appointment.durationMinutes },
    spaceId: appointment.careRelationshipId,
    allowed: reason === null,
    reason,
    maxBytes: await maxUploadBytes(db, viewer.practiceId),
    spaceHref: role === 'client' ? routes.portalFileSpace(appointment.careRelationshipId) : routes.practiceClientFiles(appointment.clientId),
    timeZone: viewer.timeZone,
  };
}

/** How far ahead a session can be recorded from: the day before it starts, until it ends. */
const RECORDABLE_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * Of these sessions, the ones the viewer may record in the browser now (for "Record this session" links): scheduled,
 * starting within a day or under way, covered by an agreement with the client's yes, and the viewer is the one who
 * records under it.
 */
export async function getRecordableSessions<S extends { id: string; careRelationshipId: string; startsAt: Date; durationMinutes: number; status: string }>(
  sessions: S[],
  now = new Date(),
): Promise<S[]> {
  const viewer = await requireUser('files:share');
  const db = await getDb();
  const soon = sessions.filter(
    (session) =>
      session.status === 'scheduled' &&
      session.startsAt.getTime() - now.getTime() <= RECORDABLE_AHEAD_MS &&
      session.startsAt.getTime() + session.durationMinutes * 60_000 > now.getTime(),
  );
  const recordable: S[] = [];
  for (const appointment of soon) {
    const allowance = await recordingAllowance(db, appointment.careRelationshipId, appointment.id);
    if (allowance.ok && RECORDER_FOR_METHOD[allowance.method as keyof typeof RECORDER_FOR_METHOD] === viewer.role) recordable.push(appointment);
  }
  return recordable;
}

/** GET of the "recording now" indicator a space's page polls: a yes or no, for its two people only. */
export async function recordingNowAnswer(spaceId: string): Promise<Response> {
  const guard = await apiUser('files:share');
  if (guard.status) return plain(guard.status, GUARD_WORDS[guard.status]);
  const db = await getDb();
  const space = await spaceForViewer(db, guard.user, spaceId);
  if (!space) return plain(404, REFUSALS.not_found);
  const recording = (await recordingsArriving(db, space.id, new Date())).length > 0;
  return Response.json({ recording }, { headers: { 'Cache-Control': 'no-store' } });
}

// ---------------------------------------------------------------------------------------------------------------------
// Routes

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(`${text}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers } });

const GUARD_WORDS = { 401: 'Please sign in again.', 403: 'Finish the step your account is waiting on first.', 404: REFUSALS.not_found } as const;

/** The tus endpoint, for the signed-in client or therapist only. */
export async function handleUpload(request: Request): Promise<Response> {
  const guard = await apiUser('files:share');
  if (guard.status) return plain(guard.status, GUARD_WORDS[guard.status], { 'Tus-Resumable': '1.0.0' });
  try {
    return await handleUploadCall(request, { db: await getDb(), actor: guard.user, request: await getRequestContext() });
  } catch (error) {
    const reference = logError('upload request failed', error);
    return plain(500, `Something went wrong on our side (reference ${reference}). Try again.`, { 'Tus-Resumable': '1.0.0' });
  }
}

export type ContentPurpose = 'download' | 'preview' | 'play';
const PURPOSE_ACTION = { download: 'files.downloaded', preview: 'files.previewed', play: 'files.playback_started' } as const;

/** One byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) within the size, 'invalid' when unsatisfiable, or null for all. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'invalid';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'invalid';
  return { start, end };
}

/** A name for Content-Disposition: ASCII fallback plus the UTF-8 name, with nothing that can break the header. */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'file';
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * A file's content: downloaded as an attachment, previewed inline, or played with ranges. Never cached; nothing but
 * the type Hearth recognised is claimed, and the browser may not sniff another. Every request is audited, refusals
 * too; the first chunk is authenticated before the answer starts, so a tampered file fails with an error status.
 */
export async function serveFileContent(request: Request, fileId: string): Promise<Response> {
  const guard = await apiUser('files:share');
  if (guard.status) return plain(guard.status, GUARD_WORDS[guard.status]);
  const viewer = guard.user;
  const url = new URL(request.url);
  const purposeParam = url.searchParams.get('purpose');
  const purpose: ContentPurpose = purposeParam === 'preview' || purposeParam === 'play' ? purposeParam : 'download';
  const db = await getDb();
  const context = await getRequestContext();
  const rangeHeader = request.headers.get('range');
  const found = await db.transaction(async (tx) => {
    const file = await fileForViewer(tx, viewer, fileId);
    const listeners = file?.recordingRequestId ? ((await listenersOf(tx, [file.recordingRequestId])).get(file.recordingRequestId) ?? 'client_only') : null;
    const refusal: OpenRefusal | null = file ? openRefusal(viewer, { ...file, listeners }) : 'not_found';
    if (!file || refusal) {
      await audit(tx, viewer, context, 'files.open_refused', {
        subjectType: 'shared_file',
        subjectId: file?.id,
        outcome: 'denied',
        metadata: { reason: refusal ?? 'not_found', target: 'content', purpose },
      });
      return { refusal: refusal ?? 'not_found', file: null };
    }
    await audit(tx, viewer, context, PURPOSE_ACTION[purpose], { subjectType: 'shared_file', subjectId: file.id, metadata: { partial: rangeHeader !== null } });
    return { refusal: null, file };
  });
  if (!found.file) {
    const refusal = found.refusal ?? 'not_found';
    return plain(refusal === 'not_found' ? 404 : refusal === 'not_available' ? 409 : 403, NOT_OPENABLE[refusal]);
  }
  return streamFile(found.file, rangeHeader, purpose);
}

async function streamFile(file: SharedFile, rangeHeader: string | null, purpose: ContentPurpose): Promise<Response> {
  if (!isReadable(file.status)) return plain(409, NOT_OPENABLE.not_available);
  const size = file.sizeBytes;
  const range = parseRange(rangeHeader, size);
  const headers: Record<string, string> = {
    'Content-Type': file.mediaType,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Accept-Ranges': 'bytes',
    'Content-Disposition': contentDisposition(purpose === 'download' ? 'attachment' : 'inline', open(file.nameSealed)),
    // Served as a document of its own (a PDF in a frame): it may run nothing and be framed only by Hearth.
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; media-src 'self'; frame-ancestors 'self'",
    'X-Frame-Options': 'SAMEORIGIN',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
  if (range === 'invalid') return plain(416, 'That part of the file does not exist.', { 'Content-Range': `bytes */${size}` });
  const part = range ?? (size > 0 ? { start: 0, end: size - 1 } : null);
  const body = part ? readContent(file, part) : Readable.from([]);
  const iterator = body[Symbol.asyncIterator]();
  let first: IteratorResult<Buffer>;
  try {
    first = await iterator.next();
  } catch (error) {
    const reference = logError('stored file failed to decrypt', error);
    return plain(500, `This file could not be read (reference ${reference}).`);
  }
  async function* rest() {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const stream = Readable.toWeb(Readable.from(rest())) as ReadableStream<Uint8Array>;
  const length = part ? part.end - part.start + 1 : 0;
  if (range) return new Response(stream, { status: 206, headers: { ...headers, 'Content-Length': String(length), 'Content-Range': `bytes ${part!.start}-${part!.end}/${size}` } });
  return new Response(stream, { status: 200, headers: { ...headers, 'Content-Length': String(length) } });
}
