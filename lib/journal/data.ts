import 'server-only';
import { randomUUID } from 'node:crypto';
import { notFound } from 'next/navigation';
import { getDb, type DbOrTx } from '@/db/client';
import { apiUser, requireUser } from '@/lib/auth/guards';
import type { SessionUser } from '@/lib/auth/model';
import { audit } from '@/lib/platform/audit/record';
import { dateFormat, isIsoDate, nextDay, todayInTimeZone } from '@/lib/platform/clock';
import { blindIndex, clientKey } from '@/lib/platform/crypto/client-keys';
import { getRequestContext } from '@/lib/platform/http';
import { logError } from '@/lib/platform/log';
import { getAppointmentInScope, clientSessions } from '../appointments/queries';
import { assignedClient, currentTherapistsOf } from '../care/queries';
import { summaryForClient } from '../summaries/queries';
import { openSharedEntry, saveEntry } from './commands';
import { journalMarkdown, journalPdf } from './export';
import {
  CHART_DAYS,
  MOOD_MAX,
  MOOD_MIN,
  NOT_FOUND_MESSAGE,
  emptyContent,
  excerptOf,
  parseTags,
  titleOf,
  type EntryContent,
  type EntryListItem,
  type EntryPage,
  type MoodPoint,
  type SaveAnswer,
  type ShareStatus,
} from './model';
import {
  NO_FILTER,
  allEntriesOf,
  entriesPage,
  entriesSharedWith,
  isUuid,
  liveShareOfEntry,
  moodIndexOf,
  moodRows,
  moodsByIndex,
  openEntry,
  ownEntry,
  type EntryFilter,
} from './queries';
import { fieldErrors, saveEntrySchema, searchSchema } from './schemas';
import { queryWordTerms, tagTerm } from './terms';

/*
 * Page data and the routes of the journal. A client sees only their own entries; a therapist only the entries shared
 * with them now, of a client in their care. Anything else is a 404 exactly like an entry that does not exist, and the
 * attempt is audited. Every read of entries is audited in the transaction that reads them.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The client, through the portal's gate (a policy to acknowledge comes first). */
async function requireWriter(): Promise<SessionUser> {
  const user = await requireUser('journal:write');
  await requireUser('portal:use');
  return user;
}

const iso = (moment: Date | null) => (moment ? moment.toISOString() : null);

interface ShareColumns {
  therapistId: string | null;
  therapistName: string | null;
  sharedAt: Date | null;
  firstOpenedAt: Date | null;
  lastOpenedAt: Date | null;
}

function shareStatus(share: ShareColumns | null): ShareStatus | null {
  if (!share?.therapistId || !share.sharedAt) return null;
  return {
    therapistId: share.therapistId,
    therapistName: share.therapistName ?? '',
    sharedAt: share.sharedAt.toISOString(),
    firstOpenedAt: iso(share.firstOpenedAt),
    lastOpenedAt: iso(share.lastOpenedAt),
  };
}

/** One page of entries as the list shows them: only these rows are opened. */
async function listPage(tx: DbOrTx, client: SessionUser, key: Buffer, filter: EntryFilter, page: number, options: { count?: boolean } = {}): Promise<EntryPage> {
  const { rows, more, total } = await entriesPage(tx, client.id, filter, page, options);
  if (rows.length === 0) return { entries: [], page, total, more };
  const entries: EntryListItem[] = rows.map((row) => {
    const { content } = openEntry(row.contentSealed, key);
    return {
      id: row.id,
      entryDate: row.entryDate,
      title: titleOf(content),
      excerpt: excerptOf(content),
      mood: content.mood,
      tags: content.tags,
      share: shareStatus(row),
    };
  });
  return { entries, page, total, more };
}

/** The days between two dates, both included. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length <= 3700; day = nextDay(day)) days.push(day);
  return days;
}

const daysAgo = (today: string, days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

/** The chart's range: the one asked for when it is a real range of at most ten years, else the last CHART_DAYS days. */
function chartRange(today: string, asked: { from?: string; to?: string }) {
  const fallback = { from: daysAgo(today, CHART_DAYS - 1), to: today, chosen: false, invalid: false };
  if (!asked.from && !asked.to) return fallback;
  const from = asked.from ?? '';
  const to = asked.to || today;
  if (!isIsoDate(from) || !isIsoDate(to) || from > to || Date.parse(to) - Date.parse(from) > 3660 * DAY_MS) return { ...fallback, invalid: true };
  return { from, to, chosen: true, invalid: false };
}

/** Each day's mood between two dates (the average when a day has several entries with a mood), read from the hashes. */
async function moodSeries(tx: DbOrTx, clientId: string, key: Buffer, from: string, to: string): Promise<MoodPoint[]> {
  const byIndex = moodsByIndex(key);
  const days = new Map<string, number[]>();
  for (const row of await moodRows(tx, clientId, from, to)) {
    const mood = row.moodIndex ? byIndex.get(row.moodIndex) : undefined;
    if (mood !== undefined) days.set(row.entryDate, [...(days.get(row.entryDate) ?? []), mood]);
  }
  return daysBetween(from, to).flatMap((date) => {
    const moods = days.get(date);
    return moods ? [{ date, mood: Math.round((moods.reduce((sum, mood) => sum + mood, 0) / moods.length) * 10) / 10, entries: moods.length }] : [];
  });
}

/** The client's journal: one page of entries (the latest first), the mood chart, and the links to write and export. */
export async function getJournalPage(asked: { page?: string; chartFrom?: string; chartTo?: string }) {
  const client = await requireWriter();
  const db = await getDb();
  const request = await getRequestContext();
  const today = todayInTimeZone(client.timeZone);
  const range = chartRange(today, { from: asked.chartFrom, to: asked.chartTo });
  const wanted = Number(asked.page ?? '1');
  const page = Number.isInteger(wanted) && wanted >= 1 && wanted <= 100_000 ? wanted : 1;
  return db.transaction(async (tx) => {
    const key = await clientKey(tx, client.id);
    const list = await listPage(tx, client, key, NO_FILTER, page, { count: true });
    const moods = await moodSeries(tx, client.id, key, range.from, range.to);
    await audit(tx, client, request, 'journal.listed', { subjectType: 'user', subjectId: client.id, metadata: { entries: list.entries.length, page } });
    return { list, chart: { ...range, points: moods }, today, timeZone: client.timeZone };
  });
}

/** A past session as the editor's list names it: "Tuesday 3 March 2026, 17:00 · Dr. Robin Hale". */
function sessionLabel(startsAt: Date, therapistName: string | null, timeZone: string) {
  const when = dateFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(startsAt);
  return therapistName ? `${when} · ${therapistName}` : when;
}

/** The client's past sessions (not cancelled), the latest first, for "About a session"; plus the one already chosen. */
async function sessionChoices(tx: DbOrTx, client: SessionUser, chosen: string | null, now: Date) {
  const { past } = await clientSessions(tx, { practiceId: client.practiceId, clientId: client.id }, now);
  const choices = past.filter((session) => session.status === 'scheduled').map((session) => ({ id: session.id, label: sessionLabel(session.startsAt, session.therapistName, client.timeZone) }));
  if (chosen && !choices.some((choice) => choice.id === chosen)) {
    const session = await getAppointmentInScope(tx, client, chosen);
    if (session) choices.push({ id: session.id, label: sessionLabel(session.startsAt, null, client.timeZone) });
  }
  return choices;
}

/** "> " before each line: the therapist's key points as a quote the client writes under. */
const asQuote = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');

/**
 * A new entry: an id of its own (nothing is stored until the first save), today's date, and, when started from a
 * summary shared with this client, its key points quoted and its session chosen.
 */
export async function getNewEntryPage(asked: { summary?: string }, now = new Date()) {
  const client = await requireWriter();
  const db = await getDb();
  const summary = asked.summary && isUuid(asked.summary) ? await summaryForClient(db, client.id, asked.summary) : null;
  const content: EntryContent = emptyContent();
  if (summary?.keyPoints.trim()) content.prompts.keyPoints = `${asQuote(summary.keyPoints)}\n\n`;
  return {
    entryId: randomUUID(),
    version: 0,
    draft: { entryDate: todayInTimeZone(client.timeZone, now), appointmentId: summary?.appointmentId ?? null, content },
    summaryId: summary?.id ?? null,
    sessions: await sessionChoices(db, client, summary?.appointmentId ?? null, now),
    therapists: (await currentTherapistsOf(db, client.practiceId, client.id)).map(({ id, name }) => ({ id, name })),
    share: null,
    today: todayInTimeZone(client.timeZone, now),
    timeZone: client.timeZone,
  };
}

/** One of the client's entries to edit, with its sharing; anyone else's (or a deleted one) is a 404, audited. */
export async function getEntryPage(entryId: string, now = new Date()) {
  const client = await requireWriter();
  const db = await getDb();
  const request = await getRequestContext();
  const found = await db.transaction(async (tx) => {
    const row = await ownEntry(tx, client, entryId);
    if (!row) {
      await audit(tx, client, request, 'journal.entry_refused', {
        subjectType: 'journal_entry',
        subjectId: isUuid(entryId) ? entryId : undefined,
        outcome: 'denied',
        metadata: { reason: 'not_found', target: 'entry' },
      });
      return null;
    }
    const { content } = openEntry(row.contentSealed, await clientKey(tx, client.id));
    const share = await liveShareOfEntry(tx, row.id);
    await audit(tx, client, request, 'journal.viewed', { subjectType: 'journal_entry', subjectId: row.id });
    return {
      entryId: row.id,
      version: row.version,
      draft: { entryDate: row.entryDate, appointmentId: row.appointmentId, content },
      summaryId: row.summaryId,
      sessions: await sessionChoices(tx, client, row.appointmentId, now),
      therapists: (await currentTherapistsOf(tx, client.practiceId, client.id)).map(({ id, name }) => ({ id, name })),
      share: shareStatus(share),
      today: todayInTimeZone(client.timeZone, now),
      timeZone: client.timeZone,
    };
  });
  return found ?? notFound();
}

export type EditorPage = Awaited<ReturnType<typeof getEntryPage>>;

// ---------------------------------------------------------------------------------------------------------------------
// The therapist's side: entries shared with them

/** The therapist, and the client only while in their care; any other client is a 404, audited with what was asked for. */
async function requireReader(clientId: string, entryId?: string) {
  const therapist = await requireUser('journal:read-shared');
  const db = await getDb();
  const client = isUuid(clientId) ? await assignedClient(db, therapist.practiceId, therapist.id, clientId) : null;
  if (!client) {
    const request = await getRequestContext();
    const asked =
      entryId === undefined
        ? { subjectType: 'user' as const, subjectId: isUuid(clientId) ? clientId : undefined, target: 'client' }
        : { subjectType: 'journal_entry' as const, subjectId: isUuid(entryId) ? entryId : undefined, target: 'shared_entry' };
    await db.transaction((tx) =>
      audit(tx, therapist, request, 'journal.entry_refused', {
        subjectType: asked.subjectType,
        subjectId: asked.subjectId,
        outcome: 'denied',
        metadata: { reason: 'not_found', target: asked.target },
      }),
    );
    notFound();
  }
  return { therapist, client, db };
}

/** The entries a client shares with this therapist now, the latest share first, with when each was shared. */
export async function getSharedJournal(clientId: string) {
  const { therapist, client, db } = await requireReader(clientId);
  const request = await getRequestContext();
  const entries = await db.transaction(async (tx) => {
    const rows = await entriesSharedWith(tx, therapist, client.id);
    await audit(tx, therapist, request, 'journal.shared_listed', { subjectType: 'user', subjectId: client.id, metadata: { entries: rows.length } });
    if (rows.length === 0) return [];
    const key = await clientKey(tx, client.id);
    return rows.map((row) => {
      const { content } = openEntry(row.contentSealed, key);
      return { id: row.entryId, entryDate: row.entryDate, title: titleOf(content), excerpt: excerptOf(content), mood: content.mood, sharedAt: row.sharedAt };
    });
  });
  return { client: { id: client.id, name: client.name }, entries, timeZone: therapist.timeZone };
}

/** One shared entry, opened (and marked as opened for the client to see); a 404 once it is no longer shared. */
export async function getSharedEntry(clientId: string, entryId: string) {
  const { therapist, client, db } = await requireReader(clientId, entryId);
  const found = await openSharedEntry(db, therapist, client.id, entryId, await getRequestContext());
  if (!found) notFound();
  const session = found.appointmentId ? await getAppointmentInScope(db, therapist, found.appointmentId) : null;
  return {
    client: { id: client.id, name: client.name },
    entry: {
      id: found.entryId,
      entryDate: found.entryDate,
      sharedAt: found.sharedAt,
      content: found.content,
      session: session ? sessionLabel(session.startsAt, null, therapist.timeZone) : null,
    },
    timeZone: therapist.timeZone,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Routes the editor and the search call (JSON), and the exports

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

const GUARD_ANSWERS = {
  401: { status: 'refused', message: 'You are signed out. Sign in again in another tab: what you typed stays on this page until it is saved.' },
  403: { status: 'refused', message: 'Your account is waiting on a step (in another tab). What you typed stays on this page until it is saved.' },
  404: { status: 'not-found', message: NOT_FOUND_MESSAGE },
} as const satisfies Record<number, SaveAnswer>;

/** The largest body the editor sends: five fields at their limit, with room for JSON escapes. */
const MAX_BODY_BYTES = 512 * 1024;

/**
 * The JSON body of a request from Hearth's own pages, or the answer refusing it: a cross-site request (the browser
 * says so, or its Origin is another host) and a body that is not JSON are refused before anything is read, so another
 * site cannot make a signed-in browser save or search.
 */
async function readJson(request: Request): Promise<{ body: unknown } | { refusal: Response }> {
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if ((site && site !== 'same-origin') || (origin && (!URL.canParse(origin) || new URL(origin).host !== host))) {
    return { refusal: json(403, { status: 'refused', message: 'Requests from other sites are refused.' }) };
  }
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) return { refusal: json(415, { status: 'refused', message: 'Send JSON.' }) };
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return { refusal: json(413, { status: 'refused', message: 'This is more than an entry can hold.' }) };
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let part = await reader?.read(); part && !part.done; part = await reader!.read()) {
    size += part.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader!.cancel();
      return { refusal: json(413, { status: 'refused', message: 'This is more than an entry can hold.' }) };
    }
    chunks.push(part.value);
  }
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { refusal: json(400, { status: 'refused', message: 'The request was not valid JSON.' }) };
  }
}

/** PUT of the editor's autosave: create or update the client's own entry, never over someone else's save. */
export async function saveEntryAnswer(request: Request, entryId: string): Promise<Response> {
  const guard = await apiUser('journal:write');
  if (guard.status) return json(guard.status, GUARD_ANSWERS[guard.status]);
  if (!isUuid(entryId)) return json(404, GUARD_ANSWERS[404]);
  const read = await readJson(request);
  if ('refusal' in read) return read.refusal;
  const parsed = saveEntrySchema.safeParse(read.body);
  if (!parsed.success) {
    return json(422, { status: 'invalid', message: 'please check the highlighted fields.', errors: fieldErrors(parsed.error) } satisfies SaveAnswer);
  }
  try {
    const result = await saveEntry(await getDb(), guard.user, entryId, parsed.data, await getRequestContext());
    switch (result.status) {
      case 'saved':
        return json(200, { status: 'saved', version: result.version, savedAt: result.savedAt.toISOString() } satisfies SaveAnswer);
      case 'superseded':
        return json(200, result satisfies SaveAnswer);
      case 'conflict':
        return json(409, { status: 'conflict', current: { ...result.current, savedAt: result.current.savedAt.toISOString() } } satisfies SaveAnswer);
      case 'invalid':
        return json(422, { status: 'invalid', message: 'please check the highlighted fields.', errors: result.errors } satisfies SaveAnswer);
      case 'not-found':
        return json(404, GUARD_ANSWERS[404]);
    }
  } catch (error) {
    const reference = logError('journal save failed', error);
    return json(500, { status: 'refused', message: `Something went wrong on our side (reference ${reference}). Saving again shortly.` });
  }
}

/** The hashes a search looks for: each word, each tag, and the moods in range (none given: any mood, or none). */
function filterOf(key: Buffer, criteria: { words: string; tags: string; from: string; to: string; moodMin: string; moodMax: string }): EntryFilter {
  const moodAsked = criteria.moodMin !== '' || criteria.moodMax !== '';
  const low = criteria.moodMin ? Number(criteria.moodMin) : MOOD_MIN;
  const high = criteria.moodMax ? Number(criteria.moodMax) : MOOD_MAX;
  return {
    words: queryWordTerms(criteria.words).map((terms) => terms.map((term) => blindIndex(key, term.kind, term.value))),
    tags: parseTags(criteria.tags)
      .map(tagTerm)
      .filter(Boolean)
      .map((tag) => blindIndex(key, 't', tag)),
    moods: moodAsked ? Array.from({ length: high - low + 1 }, (_, i) => moodIndexOf(key, low + i)) : null,
    from: criteria.from || null,
    to: criteria.to || null,
  };
}

/** POST of the search: the client's own entries matching every criterion, one page, the latest first. */
export async function searchAnswer(request: Request): Promise<Response> {
  const guard = await apiUser('journal:write');
  if (guard.status) return json(guard.status, GUARD_ANSWERS[guard.status]);
  const read = await readJson(request);
  if ('refusal' in read) return read.refusal;
  const parsed = searchSchema.safeParse(read.body);
  if (!parsed.success) return json(422, { status: 'invalid', message: 'Please check the highlighted fields.', errors: fieldErrors(parsed.error) });
  const criteria = parsed.data;
  const client = guard.user;
  const db = await getDb();
  const context = await getRequestContext();
  const result = await db.transaction(async (tx) => {
    const key = await clientKey(tx, client.id);
    const filter = filterOf(key, criteria);
    const found = await listPage(tx, client, key, filter, criteria.page);
    await audit(tx, client, context, 'journal.searched', {
      subjectType: 'user',
      subjectId: client.id,
      metadata: { words: filter.words.length, tags: filter.tags.length, dates: !!(filter.from || filter.to), moods: filter.moods !== null, page: criteria.page, results: found.entries.length, more: found.more },
    });
    return found;
  });
  return json(200, { status: 'found', ...result });
}

export type ExportFormat = 'markdown' | 'pdf';

/** The whole journal as an attachment with a neutral name, never cached; the export is audited. */
export async function exportAnswer(format: ExportFormat): Promise<Response> {
  const client = await requireWriter();
  const db = await getDb();
  const request = await getRequestContext();
  const entries = await db.transaction(async (tx) => {
    const rows = await allEntriesOf(tx, client.id);
    await audit(tx, client, request, 'journal.exported', { subjectType: 'user', subjectId: client.id, metadata: { format, entries: rows.length } });
    if (rows.length === 0) return [];
    const key = await clientKey(tx, client.id);
    return rows.map((row) => ({ entryDate: row.entryDate, content: openEntry(row.contentSealed, key).content }));
  });
  const today = todayInTimeZone(client.timeZone);
  const body = format === 'pdf' ? await journalPdf(entries, today) : journalMarkdown(entries, today);
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    headers: {
      'Content-Type': format === 'pdf' ? 'application/pdf' : 'text/markdown; charset=utf-8',
      'Content-Disposition': `attachment; filename="journal-${today}.${format === 'pdf' ? 'pdf' : 'md'}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
