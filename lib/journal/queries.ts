import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lte, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { journalEntries, journalShares, journalTerms, users } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { blindIndex } from '@/lib/platform/crypto/client-keys';
import { open, seal } from '@/lib/platform/crypto/secretbox';
import { MOODS, PAGE_SIZE, PROMPT_KEYS, emptyContent, type EntryContent, type PromptKey } from './model';

/*
 * Reads of journal entries, given a db and an explicit scope (the client, or the therapist an entry is shared with).
 * What a person wrote is sealed under their own key (clientKey): the queries return it sealed, and search works on
 * keyed hashes of the words, tags and mood, never on the words themselves.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** The sealed document: the content, and which editor's save wrote it (see access.ts saveVerdict). */
export interface StoredEntry {
  content: EntryContent;
  editor: string;
  seq: number;
}

export const sealEntry = (stored: StoredEntry, key: Buffer) => seal(JSON.stringify(stored), key);

/** A sealed entry opened; anything missing from an older shape reads as empty. */
export function openEntry(sealed: string, key: Buffer): StoredEntry {
  const raw = JSON.parse(open(sealed, key)) as Partial<StoredEntry>;
  const content = { ...emptyContent(), ...raw.content };
  const prompts = Object.fromEntries(PROMPT_KEYS.map((prompt) => [prompt, content.prompts?.[prompt] ?? ''])) as Record<PromptKey, string>;
  return { content: { ...content, prompts, tags: content.tags ?? [] }, editor: raw.editor ?? '', seq: raw.seq ?? 0 };
}

/** The mood's keyed hash, as stored in mood_index. */
export const moodIndexOf = (key: Buffer, mood: number) => blindIndex(key, 'm', String(mood));

/** Each mood's keyed hash, to read moods back for the chart without opening any entry. */
export function moodsByIndex(key: Buffer): Map<string, number> {
  return new Map(MOODS.map((mood) => [moodIndexOf(key, mood), mood]));
}

/** An entry row by id, whoever's it is (the caller decides whether it is the viewer's); `lock` takes it FOR UPDATE. */
export async function entryRowById(db: DbOrTx, entryId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(entryId)) return null;
  const query = db.select().from(journalEntries).where(eq(journalEntries.id, entryId));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

/** One of the client's own entries, not deleted; null for anyone else's and for an id that does not exist alike. */
export async function ownEntry(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>, entryId: string, options: { lock?: boolean } = {}) {
  const row = await entryRowById(db, entryId, options);
  return row && row.clientId === client.id && row.practiceId === client.practiceId && !row.deletedAt ? row : null;
}

/** The keyed hashes an entry is indexed under now. */
export function termsOfEntry(db: DbOrTx, entryId: string) {
  return db.select({ kind: journalTerms.kind, term: journalTerms.term }).from(journalTerms).where(eq(journalTerms.entryId, entryId));
}

/** Search criteria as keyed hashes: each word by any of its terms, every tag, moods in range, dates. */
export interface EntryFilter {
  /** Per query word, the hashes any of which matches it (whole word, or start of a word). */
  words: string[][];
  tags: string[];
  /** Null: any mood or none; else one of these mood hashes. */
  moods: string[] | null;
  from: string | null;
  to: string | null;
}

export const NO_FILTER: EntryFilter = { words: [], tags: [], moods: null, from: null, to: null };

function filterConditions(db: DbOrTx, clientId: string, filter: EntryFilter): SQL[] {
  const matching = (kinds: string[], terms: string[]) =>
    inArray(
      journalEntries.id,
      db
        .select({ id: journalTerms.entryId })
        .from(journalTerms)
        .where(and(eq(journalTerms.clientId, clientId), inArray(journalTerms.kind, kinds), inArray(journalTerms.term, terms))),
    );
  return [
    eq(journalEntries.clientId, clientId),
    isNull(journalEntries.deletedAt),
    ...(filter.from ? [gte(journalEntries.entryDate, filter.from)] : []),
    ...(filter.to ? [lte(journalEntries.entryDate, filter.to)] : []),
    ...(filter.moods ? [inArray(journalEntries.moodIndex, filter.moods)] : []),
    ...filter.words.map((terms) => matching(['w', 'p'], terms)),
    ...filter.tags.map((tag) => matching(['t'], [tag])),
  ];
}

const shareTherapist = alias(users, 'share_therapist');

/** A live share as lists show it (all null when the entry is not shared). */
const shareColumns = {
  therapistId: journalShares.therapistId,
  therapistName: shareTherapist.name,
  sharedAt: journalShares.sharedAt,
  firstOpenedAt: journalShares.firstOpenedAt,
  lastOpenedAt: journalShares.lastOpenedAt,
};
const liveShare = and(eq(journalShares.entryId, journalEntries.id), isNull(journalShares.revokedAt));

/**
 * One page of the client's entries matching the filter, the latest first (still sealed, each with its live share), and
 * whether more follow: the filter stops at the page, so a search costs the same however many entries match. `count`
 * also counts every match (cheap for the whole journal; a search does without).
 */
export async function entriesPage(db: DbOrTx, clientId: string, filter: EntryFilter, page: number, options: { count?: boolean } = {}) {
  const where = and(...filterConditions(db, clientId, filter));
  const [rows, total] = await Promise.all([
    db
      .select({ id: journalEntries.id, entryDate: journalEntries.entryDate, contentSealed: journalEntries.contentSealed, ...shareColumns })
      .from(journalEntries)
      .leftJoin(journalShares, liveShare)
      .leftJoin(shareTherapist, eq(shareTherapist.id, journalShares.therapistId))
      .where(where)
      .orderBy(desc(journalEntries.entryDate), desc(journalEntries.createdAt), desc(journalEntries.id))
      .limit(PAGE_SIZE + 1)
      .offset((page - 1) * PAGE_SIZE),
    options.count ? db.select({ total: count() }).from(journalEntries).where(where).then(([row]) => row.total) : null,
  ]);
  return { rows: rows.slice(0, PAGE_SIZE), more: rows.length > PAGE_SIZE, total };
}

/** The live share of one of the client's entries, with the therapist's name, as lists show it; null when not shared. */
export async function liveShareOfEntry(db: DbOrTx, entryId: string) {
  const [row] = await db
    .select(shareColumns)
    .from(journalShares)
    .innerJoin(shareTherapist, eq(shareTherapist.id, journalShares.therapistId))
    .innerJoin(journalEntries, eq(journalEntries.id, journalShares.entryId))
    .where(and(eq(journalShares.entryId, entryId), liveShare));
  return row ?? null;
}

/** The live share of one entry; `lock` holds it until the transaction ends. */
export async function liveShareOf(db: DbOrTx, entryId: string, options: { lock?: boolean } = {}) {
  const query = db
    .select()
    .from(journalShares)
    .where(and(eq(journalShares.entryId, entryId), isNull(journalShares.revokedAt)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

/** The days and mood hashes of the client's entries with a mood, between two dates (inclusive), oldest first. */
export function moodRows(db: DbOrTx, clientId: string, from: string, to: string) {
  return db
    .select({ entryDate: journalEntries.entryDate, moodIndex: journalEntries.moodIndex })
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.clientId, clientId),
        isNull(journalEntries.deletedAt),
        isNotNull(journalEntries.moodIndex),
        gte(journalEntries.entryDate, from),
        lte(journalEntries.entryDate, to),
      ),
    )
    .orderBy(asc(journalEntries.entryDate));
}

/** Every entry of the client, oldest first, for the export (still sealed). */
export function allEntriesOf(db: DbOrTx, clientId: string) {
  return db
    .select({ id: journalEntries.id, entryDate: journalEntries.entryDate, contentSealed: journalEntries.contentSealed })
    .from(journalEntries)
    .where(and(eq(journalEntries.clientId, clientId), isNull(journalEntries.deletedAt)))
    .orderBy(asc(journalEntries.entryDate), asc(journalEntries.createdAt), asc(journalEntries.id));
}

const sharedColumns = {
  entryId: journalEntries.id,
  clientId: journalEntries.clientId,
  practiceId: journalEntries.practiceId,
  entryDate: journalEntries.entryDate,
  appointmentId: journalEntries.appointmentId,
  contentSealed: journalEntries.contentSealed,
  shareId: journalShares.id,
  sharedAt: journalShares.sharedAt,
  firstOpenedAt: journalShares.firstOpenedAt,
  lastOpenedAt: journalShares.lastOpenedAt,
};

/** The entries of one client shared with this therapist now, the latest share first (still sealed). */
export function entriesSharedWith(db: DbOrTx, therapist: Pick<Actor, 'id' | 'practiceId'>, clientId: string) {
  return db
    .select(sharedColumns)
    .from(journalShares)
    .innerJoin(journalEntries, eq(journalEntries.id, journalShares.entryId))
    .where(
      and(
        eq(journalShares.therapistId, therapist.id),
        isNull(journalShares.revokedAt),
        eq(journalEntries.clientId, clientId),
        eq(journalEntries.practiceId, therapist.practiceId),
        isNull(journalEntries.deletedAt),
      ),
    )
    .orderBy(desc(journalShares.sharedAt));
}

/** One entry of this client, only while shared with this therapist; `lock` holds the share (for marking it opened). */
export async function entrySharedWith(db: DbOrTx, therapist: Pick<Actor, 'id' | 'practiceId'>, clientId: string, entryId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(entryId) || !isUuid(clientId)) return null;
  const query = db
    .select(sharedColumns)
    .from(journalShares)
    .innerJoin(journalEntries, eq(journalEntries.id, journalShares.entryId))
    .where(
      and(
        eq(journalShares.entryId, entryId),
        eq(journalShares.therapistId, therapist.id),
        isNull(journalShares.revokedAt),
        eq(journalEntries.clientId, clientId),
        eq(journalEntries.practiceId, therapist.practiceId),
        isNull(journalEntries.deletedAt),
      ),
    );
  const [row] = options.lock ? await query.for('update', { of: journalShares }) : await query;
  return row ?? null;
}
