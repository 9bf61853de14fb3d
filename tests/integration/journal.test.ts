import { and, eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { auditEvents, journalEntries, journalShares, journalTerms, notifications, sessionSummaries, sessionSummaryVersions } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/model';
import { can, type Action } from '@/lib/auth/permissions';
import { deleteEntry, revokeShare, saveEntry, shareEntry } from '@/lib/journal/commands';
import { exportAnswer, getEntryPage, getJournalPage, getNewEntryPage, getSharedEntry, getSharedJournal, saveEntryAnswer, searchAnswer } from '@/lib/journal/data';
import { FIELD_MAX, PAGE_SIZE, emptyContent, type EntryContent } from '@/lib/journal/model';
import type { SaveEntryInput } from '@/lib/journal/schemas';
import type { Actor } from '@/lib/platform/actor';
import { todayInTimeZone } from '@/lib/platform/clock';
import { blindIndex, clientKey } from '@/lib/platform/crypto/client-keys';
import { seal } from '@/lib/platform/crypto/secretbox';
import type * as Http from '@/lib/platform/http';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { createCare } from '../helpers/factories';
import { addSession, consentPractice, type ConsentPractice } from './consent-fixtures';

// The guards ask who is signed in; here the test decides. A role without the permission gets the guard's 404 (pages)
// or 404 status (routes), as in production.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/auth/guards', () => ({
  getCurrentUser: async () => session.user,
  requireUser: async (action: Action) => {
    if (!session.user || !can(session.user.role, action)) notFound();
    return session.user;
  },
  apiUser: async (action: Action) => {
    if (!session.user) return { status: 401 };
    if (!can(session.user.role, action)) return { status: 404 };
    return { user: session.user };
  },
}));
vi.mock('@/lib/platform/http', async (original) => ({
  ...(await original<typeof Http>()),
  getRequestContext: async () => ({ ip: '10.8.0.2', userAgent: 'vitest' }),
}));

const signIn = (actor: Actor) => {
  session.user = { ...actor, sessionId: 's', practiceName: 'P', email: 'e@x.test', name: 'N', mfaEnabled: false, requireStaffMfa: false };
};

const is404 = (error: unknown) => String((error as { digest?: string }).digest).includes('404');
async function expect404(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error && is404(error)).toBe(true);
}

const content = (changes: Partial<EntryContent> = {}): EntryContent => ({ ...emptyContent(), ...changes });
const prompts = (changes: Partial<EntryContent['prompts']>) => ({ ...emptyContent().prompts, ...changes });

describe.each(testDatabases)('journal on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  let p: ConsentPractice;
  let other: ConsentPractice;
  let today: string;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
    p = await consentPractice(db);
    other = await consentPractice(db);
    today = todayInTimeZone(p.practice.timeZone);
  });
  afterAll(() => handle?.close());

  const input = (changes: Partial<SaveEntryInput> = {}): SaveEntryInput => ({
    baseVersion: 0,
    editor: 'editor-aaaaaaaa',
    seq: 1,
    entryDate: today,
    appointmentId: null,
    summaryId: null,
    content: content(),
    ...changes,
  });

  /** A new entry of this client, saved once; its id. */
  async function write(actor: Actor, changes: Partial<SaveEntryInput> = {}) {
    const entryId = crypto.randomUUID();
    const result = await saveEntry(db, actor, entryId, input(changes), testContext());
    expect(result.status).toBe('saved');
    return entryId;
  }

  const row = async (entryId: string) => (await db.select().from(journalEntries).where(eq(journalEntries.id, entryId)))[0];
  const audits = (action: string, subjectId?: string) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), ...(subjectId ? [eq(auditEvents.subjectId, subjectId)] : [])));

  const put = (entryId: string, body: unknown, headers: Record<string, string> = {}) =>
    saveEntryAnswer(
      new Request(`http://hearth.test/api/journal/entries/${entryId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
      entryId,
    );
  const find = async (criteria: Partial<{ words: string; tags: string; from: string; to: string; moodMin: string; moodMax: string; page: number }>) => {
    const response = await searchAnswer(
      new Request('http://hearth.test/api/journal/search', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ words: '', tags: '', from: '', to: '', moodMin: '', moodMax: '', page: 1, ...criteria }),
      }),
    );
    return { status: response.status, body: (await response.json()) as { more: boolean; total: null; entries: { id: string; title: string }[]; errors?: Record<string, string[]> } };
  };
  /** How many entries match, page after page. */
  const matches = async (criteria: Parameters<typeof find>[0]) => {
    let found = 0;
    for (let page = 1; ; page++) {
      const { body } = await find({ ...criteria, page });
      found += body.entries.length;
      if (!body.more) return found;
    }
  };

  it('seals an entry at rest: its date in clear, its words, tags and mood only as keyed hashes', async () => {
    const entryId = await write(p.actors.client, {
      content: content({ title: 'Sunday evening', prompts: prompts({ keyPoints: 'Box breathing helps' }), mood: 7, tags: ['Sleep'] }),
    });
    const stored = await row(entryId);
    expect(stored).toMatchObject({ clientId: p.client.id, practiceId: p.practice.id, entryDate: today, version: 1 });
    expect(stored.contentSealed).not.toMatch(/breathing|Sunday|Sleep/i);
    const key = await clientKey(db, p.client.id);
    expect(stored.moodIndex).toBe(blindIndex(key, 'm', '7'));
    const terms = await db.select().from(journalTerms).where(eq(journalTerms.entryId, entryId));
    expect(terms.map((term) => term.term)).toEqual(expect.arrayContaining([blindIndex(key, 'w', 'breathing'), blindIndex(key, 'p', 'breath'), blindIndex(key, 't', 'sleep')]));
    expect(terms.every((term) => !/breath|sleep|sunday/i.test(term.term))).toBe(true);
    const [saved] = await audits('journal.entry_saved', entryId);
    expect(saved).toMatchObject({ actorId: p.client.id, subjectType: 'journal_entry', metadata: { version: 1, fromSummary: false } });
  });

  it('writes a save over the version it names, and refuses a stale one from another tab with both versions kept', async () => {
    const entryId = await write(p.actors.client, { content: content({ text: 'First words' }) });
    const tabA = { editor: 'tab-a-aaaaaaaa', seq: 2 };
    expect(await saveEntry(db, p.actors.client, entryId, input({ ...tabA, baseVersion: 1, content: content({ text: 'Tab A adds more' }) }), testContext())).toMatchObject({
      status: 'saved',
      version: 2,
    });
    const stale = await saveEntry(db, p.actors.client, entryId, input({ editor: 'tab-b-bbbbbbbb', seq: 1, baseVersion: 1, content: content({ text: 'Tab B typed this' }) }), testContext());
    expect(stale).toMatchObject({ status: 'conflict', current: { version: 2, content: { text: 'Tab A adds more' } } });
    expect((await row(entryId)).version).toBe(2);
    expect((await audits('journal.entry_refused', entryId)).map((event) => event.metadata)).toEqual([{ reason: 'conflict', target: 'save' }]);
    // Tab B chose, and saves on top of version 2.
    expect(await saveEntry(db, p.actors.client, entryId, input({ editor: 'tab-b-bbbbbbbb', seq: 2, baseVersion: 2, content: content({ text: 'Both' }) }), testContext())).toMatchObject({
      status: 'saved',
      version: 3,
    });
  });

  it('lets an editor write over its own save whose answer was lost, and drops its older saves arriving late', async () => {
    const entryId = crypto.randomUUID();
    const editor = 'tab-c-cccccccc';
    expect((await saveEntry(db, p.actors.client, entryId, input({ editor, seq: 1, content: content({ text: 'a' }) }), testContext())).status).toBe('saved');
    // The same first save, retried: nothing changes.
    expect(await saveEntry(db, p.actors.client, entryId, input({ editor, seq: 1, content: content({ text: 'a' }) }), testContext())).toEqual({ status: 'superseded', version: 1 });
    // The next save still thinks the entry is new (the first answer never arrived), and writes over it.
    expect(await saveEntry(db, p.actors.client, entryId, input({ editor, seq: 2, baseVersion: 0, content: content({ text: 'ab' }) }), testContext())).toMatchObject({ version: 2 });
    expect(await saveEntry(db, p.actors.client, entryId, input({ editor, seq: 4, baseVersion: 1, content: content({ text: 'abcd' }) }), testContext())).toMatchObject({ version: 3 });
    // Save 3 (sent before save 4) arrives last: it must not bring back older words.
    expect(await saveEntry(db, p.actors.client, entryId, input({ editor, seq: 3, baseVersion: 2, content: content({ text: 'abc' }) }), testContext())).toEqual({ status: 'superseded', version: 3 });
    signIn(p.actors.client);
    expect((await getEntryPage(entryId)).draft.content.text).toBe('abcd');
  });

  it('refuses a date in the future, and a session that is not one of the client’s own past ones', async () => {
    const future = await saveEntry(db, p.actors.client, crypto.randomUUID(), input({ entryDate: '2999-01-01' }), testContext());
    expect(future).toEqual({ status: 'invalid', errors: { entryDate: ['The date cannot be in the future.'] } });
    const upcoming = await addSession(db, p, 2);
    const past = await addSession(db, p, -2);
    const othersSession = await addSession(db, { ...p, client: p.otherClient, care: { ...p.care, client: p.care.otherClient }, therapist: p.otherTherapist }, -3);
    for (const appointmentId of [upcoming.id, othersSession.id]) {
      expect((await saveEntry(db, p.actors.client, crypto.randomUUID(), input({ appointmentId }), testContext())).status).toBe('invalid');
    }
    const entryId = await write(p.actors.client, { appointmentId: past.id });
    expect((await row(entryId)).appointmentId).toBe(past.id);
  });

  it('answers "not found" to anyone saving over another person’s entry, and audits it', async () => {
    const entryId = await write(p.actors.client, { content: content({ text: 'Mine alone' }) });
    for (const actor of [p.actors.otherClient, other.actors.client]) {
      expect(await saveEntry(db, actor, entryId, input({ baseVersion: 1, editor: 'intruder-1234' }), testContext())).toEqual({ status: 'not-found' });
      expect(await saveEntry(db, actor, entryId, input({ baseVersion: 0, editor: 'intruder-1234' }), testContext())).toEqual({ status: 'not-found' });
    }
    expect((await audits('journal.entry_refused', entryId)).map((event) => [event.actorId, event.outcome])).toEqual([
      [p.otherClient.id, 'denied'],
      [p.otherClient.id, 'denied'],
      [other.client.id, 'denied'],
      [other.client.id, 'denied'],
    ]);
    signIn(p.actors.client);
    expect((await getEntryPage(entryId)).draft.content.text).toBe('Mine alone');
    for (const actor of [p.actors.otherClient, other.actors.client]) {
      signIn(actor);
      await expect404(getEntryPage(entryId));
    }
    // A therapist, even the client's own, has no such page.
    signIn(p.actors.therapist);
    await expect404(getEntryPage(entryId));
  });

  it('the autosave route refuses oversize text with a clear message, other sites, and non-JSON; it answers a conflict with 409', async () => {
    signIn(p.actors.client);
    const entryId = crypto.randomUUID();
    const oversize = await put(entryId, input({ content: content({ text: 'x'.repeat(FIELD_MAX + 1) }) }));
    expect(oversize.status).toBe(422);
    expect(await oversize.json()).toMatchObject({ status: 'invalid', errors: { text: ['Keep “Free writing” under 20,000 characters.'] } });
    const tooManyTags = await put(entryId, input({ content: content({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }) }));
    expect(await tooManyTags.json()).toMatchObject({ errors: { tags: ['Use at most 20 tags.'] } });
    expect(await row(entryId)).toBeUndefined();
    expect((await put(entryId, input(), { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await put(entryId, input(), { origin: 'https://evil.example' })).status).toBe(403);
    expect((await put(entryId, input(), { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await put(entryId, '{not json')).status).toBe(400);
    expect(await row(entryId)).toBeUndefined();

    const created = await put(entryId, input({ content: content({ text: 'At the limit '.padEnd(FIELD_MAX, '.') }) }));
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ status: 'saved', version: 1 });
    const conflict = await put(entryId, input({ editor: 'another-tab-1', baseVersion: 0 }));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ status: 'conflict', current: { version: 1, entryDate: today } });

    signIn(p.actors.therapist);
    expect((await put(entryId, input({ baseVersion: 1 }))).status).toBe(404);
    session.user = null;
    expect((await put(entryId, input({ baseVersion: 1 }))).status).toBe(401);
  });

  it('searches the client’s own entries by words (or their start), tags, dates and mood range, a page at a time', async () => {
    const client = other.actors.client;
    const days = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 25; i++) {
      await write(client, { entryDate: days(i), content: content({ title: `Walk ${i}`, text: 'A long walk by the river', mood: (i % 10) + 1, tags: i % 2 ? ['outdoors'] : ['outdoors', 'Family'] }) });
    }
    const breathing = await write(client, { entryDate: days(40), content: content({ title: 'Breathing', prompts: prompts({ practise: 'Box breathing before work' }), mood: 3, tags: ['Work'] }) });
    const café = await write(client, { entryDate: days(41), content: content({ text: 'Coffee at the CAFÉ with my sister', mood: 9 }) });
    // Another client's entry with the same words is never found.
    await write(other.actors.otherClient, { content: content({ text: 'Box breathing river walk' }), entryDate: days(1) });
    signIn(client);

    expect(await matches({})).toBe(27);
    const walks = await find({ words: 'walk river' });
    expect(walks.body).toMatchObject({ total: null, more: true });
    expect(walks.body.entries).toHaveLength(PAGE_SIZE);
    expect(walks.body.entries[0].title).toBe('Walk 0');
    expect((await find({ words: 'walk river', page: 2 })).body.entries.map((entry) => entry.title)).toEqual(['Walk 20', 'Walk 21', 'Walk 22', 'Walk 23', 'Walk 24']);
    expect((await find({ words: 'breath' })).body.entries.map((entry) => entry.id)).toEqual([breathing]);
    expect((await find({ words: 'BREATHING box' })).body.entries.map((entry) => entry.id)).toEqual([breathing]);
    expect(await matches({ words: 'breathing river' })).toBe(0);
    expect((await find({ words: 'cafe sister' })).body.entries.map((entry) => entry.id)).toEqual([café]);
    expect(await matches({ tags: 'family' })).toBe(13);
    expect(await matches({ tags: 'Family, outdoors' })).toBe(13);
    expect((await find({ tags: 'work' })).body.entries.map((entry) => entry.id)).toEqual([breathing]);
    expect(await matches({ moodMin: '9' })).toBe(5);
    expect(await matches({ moodMin: '2', moodMax: '3' })).toBe(7);
    expect((await find({ from: days(4), to: days(2) })).body.entries.map((entry) => entry.title)).toEqual(['Walk 2', 'Walk 3', 'Walk 4']);
    expect((await find({ words: 'walk', from: days(9), moodMax: '2' })).body.entries.map((entry) => entry.title)).toEqual(['Walk 0', 'Walk 1']);

    const refused = await find({ from: days(1), to: days(5), moodMin: '8', moodMax: '2' });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.errors!).sort()).toEqual(['moodMax', 'to']);
    const [searched] = (await audits('journal.searched')).filter((event) => event.actorId === client.id).slice(-2);
    expect(searched.metadata).toMatchObject({ words: 0, tags: 0, dates: true, moods: false, results: 3 });
    expect(JSON.stringify(await audits('journal.searched'))).not.toMatch(/walk|river|breath|family/i);
  });

  it('lists one page, opens only it, and charts each day’s mood (the average of the day) over a range', async () => {
    const client = other.actors.otherClient;
    await write(client, { entryDate: today, content: content({ mood: 4 }) });
    await write(client, { entryDate: today, content: content({ mood: 7 }) });
    signIn(client);
    const page = await getJournalPage({});
    expect(page.list.total).toBe(3);
    expect(page.chart.points).toEqual([{ date: today, mood: 5.5, entries: 2 }]);
    expect(page.chart.chosen).toBe(false);
    const earlier = await getJournalPage({ chartFrom: '2020-01-01', chartTo: '2020-02-01' });
    expect(earlier.chart).toMatchObject({ from: '2020-01-01', to: '2020-02-01', chosen: true, points: [] });
    expect((await getJournalPage({ chartFrom: '2020-02-01', chartTo: '2020-01-01' })).chart).toMatchObject({ invalid: true, chosen: false });
  });

  it('shares an entry with one of the client’s therapists only, who reads it (the client sees when) until it is revoked', async () => {
    const entryId = await write(p.actors.client, { content: content({ title: 'For Dr', text: 'I want to talk about this.' }) });
    const unshared = await write(p.actors.client, { content: content({ title: 'Just mine' }) });
    expect(await shareEntry(db, p.actors.client, { entryId, therapistId: p.otherTherapist.id }, testContext())).toEqual({ status: 'refused', reason: 'not_your_therapist' });
    expect(await shareEntry(db, p.actors.client, { entryId, therapistId: other.therapist.id }, testContext())).toEqual({ status: 'refused', reason: 'not_your_therapist' });
    expect(await shareEntry(db, p.actors.otherClient, { entryId, therapistId: p.otherTherapist.id }, testContext())).toEqual({ status: 'not-found' });
    expect(await shareEntry(db, p.actors.client, { entryId, therapistId: p.therapist.id }, testContext())).toEqual({ status: 'shared' });
    const [note] = await db.select().from(notifications).where(and(eq(notifications.userId, p.therapist.id), eq(notifications.kind, 'journal.shared')));
    expect(note.subjectId).toBe(p.client.id);

    signIn(p.actors.therapist);
    const list = await getSharedJournal(p.client.id);
    expect(list.entries.map((entry) => [entry.id, entry.title])).toEqual([[entryId, 'For Dr']]);
    expect(list.entries[0].sharedAt).toBeInstanceOf(Date);
    signIn(p.actors.client);
    expect((await getEntryPage(entryId)).share).toMatchObject({ therapistId: p.therapist.id, firstOpenedAt: null });
    const listed = (await getJournalPage({})).list.entries;
    expect(listed.find((entry) => entry.id === entryId)?.share).toMatchObject({ therapistId: p.therapist.id, therapistName: p.therapist.name, firstOpenedAt: null });
    expect(listed.find((entry) => entry.id === unshared)?.share).toBeNull();

    signIn(p.actors.therapist);
    const read = await getSharedEntry(p.client.id, entryId);
    expect(read.entry.content.text).toBe('I want to talk about this.');
    const [share] = await db.select().from(journalShares).where(eq(journalShares.entryId, entryId));
    expect(share.firstOpenedAt).toBeInstanceOf(Date);
    await getSharedEntry(p.client.id, entryId);
    const [again] = await db.select().from(journalShares).where(eq(journalShares.entryId, entryId));
    expect(again.firstOpenedAt).toEqual(share.firstOpenedAt);
    expect(again.lastOpenedAt!.getTime()).toBeGreaterThanOrEqual(share.lastOpenedAt!.getTime());
    expect((await audits('journal.read_by_therapist', entryId)).map((event) => event.actorId)).toEqual([p.therapist.id, p.therapist.id]);
    signIn(p.actors.client);
    expect((await getEntryPage(entryId)).share!.firstOpenedAt).toBe(share.firstOpenedAt!.toISOString());

    // Nobody else reads it: not the other therapist, not another practice's, not the therapist an unshared entry.
    signIn(p.actors.otherTherapist);
    await expect404(getSharedEntry(p.client.id, entryId));
    await expect404(getSharedJournal(p.client.id));
    signIn(other.actors.therapist);
    await expect404(getSharedEntry(p.client.id, entryId));
    signIn(p.actors.therapist);
    await expect404(getSharedEntry(p.client.id, unshared));
    await expect404(getSharedEntry(p.otherClient.id, entryId));
    await expect404(getSharedEntry(p.client.id, 'not-an-id'));
    const refused = await audits('journal.entry_refused');
    expect(refused.filter((event) => event.actorId === p.therapist.id && event.subjectId === unshared)).toHaveLength(1);
    for (const therapist of [p.otherTherapist, other.therapist]) {
      expect(refused.filter((event) => event.actorId === therapist.id && event.subjectId === entryId).map((event) => event.metadata)).toEqual([{ reason: 'not_found', target: 'shared_entry' }]);
    }
    expect(refused.filter((event) => event.actorId === p.otherTherapist.id && event.subjectId === p.client.id).map((event) => event.metadata)).toEqual([{ reason: 'not_found', target: 'client' }]);

    // Shared with one therapist at a time: the client's second therapist waits until it is revoked.
    await createCare(db, { client: p.client, therapist: p.otherTherapist });
    expect(await shareEntry(db, p.actors.client, { entryId, therapistId: p.otherTherapist.id }, testContext())).toEqual({ status: 'refused', reason: 'already_shared' });

    expect(await revokeShare(db, p.actors.client, { entryId }, testContext())).toEqual({ status: 'revoked' });
    expect(await revokeShare(db, p.actors.client, { entryId }, testContext())).toEqual({ status: 'not-shared' });
    expect((await audits('journal.share_revoked', entryId)).length).toBe(1);
    signIn(p.actors.therapist);
    await expect404(getSharedEntry(p.client.id, entryId));
    expect((await getSharedJournal(p.client.id)).entries).toEqual([]);

    // Shared again (a new share), now with the second therapist.
    expect(await shareEntry(db, p.actors.client, { entryId, therapistId: p.otherTherapist.id }, testContext())).toEqual({ status: 'shared' });
    expect(await db.select().from(journalShares).where(eq(journalShares.entryId, entryId))).toHaveLength(2);
    signIn(p.actors.otherTherapist);
    expect((await getSharedEntry(p.client.id, entryId)).entry.content.title).toBe('For Dr');
  });

  it('deletes an entry: its words and terms are gone, its share stopped, and it is not found by anyone', async () => {
    const entryId = await write(p.actors.client, { content: content({ text: 'Delete me please', tags: ['gone'] }) });
    expect(await shareEntry(db, p.actors.client, { entryId, therapistId: p.therapist.id }, testContext())).toEqual({ status: 'shared' });
    expect(await deleteEntry(db, p.actors.otherClient, { entryId }, testContext())).toEqual({ status: 'not-found' });
    expect(await deleteEntry(db, p.actors.client, { entryId }, testContext())).toEqual({ status: 'deleted' });
    const stored = await row(entryId);
    expect(stored.deletedAt).toBeInstanceOf(Date);
    expect(stored.moodIndex).toBeNull();
    expect(await db.select().from(journalTerms).where(eq(journalTerms.entryId, entryId))).toEqual([]);
    signIn(p.actors.client);
    await expect404(getEntryPage(entryId));
    expect(await matches({ words: 'delete' })).toBe(0);
    signIn(p.actors.therapist);
    await expect404(getSharedEntry(p.client.id, entryId));
    expect((await saveEntry(db, p.actors.client, entryId, input({ baseVersion: 1 }), testContext())).status).toBe('not-found');
  });

  it('starts an entry from a summary shared with the client: its key points quoted, its session chosen', async () => {
    const past = await addSession(db, p, -1);
    const summary = async (appointmentId: string, shared: boolean) => {
      const [made] = await db
        .insert(sessionSummaries)
        .values({ practiceId: p.practice.id, appointmentId, careRelationshipId: p.care.client.id, clientId: p.client.id, therapistId: p.therapist.id, sharedAt: shared ? new Date() : null })
        .returning();
      await db.insert(sessionSummaryVersions).values({
        summaryId: made.id,
        version: 1,
        contentSealed: seal(JSON.stringify({ keyPoints: 'Notice the thought\n\nName it', homework: '', exercises: [] }), await clientKey(db, p.client.id)),
        editedById: p.therapist.id,
        editedAt: new Date(),
      });
      return made;
    };
    const shared = await summary(past.id, true);
    const draft = await summary((await addSession(db, p, -6)).id, false);

    signIn(p.actors.client);
    const page = await getNewEntryPage({ summary: shared.id });
    expect(page).toMatchObject({ summaryId: shared.id, version: 0, draft: { appointmentId: past.id, entryDate: today } });
    expect(page.draft.content.prompts.keyPoints).toBe('> Notice the thought\n>\n> Name it\n\n');
    expect(page.sessions.map((choice) => choice.id)).toContain(past.id);
    for (const summaryId of [draft.id, 'nonsense', crypto.randomUUID()]) expect((await getNewEntryPage({ summary: summaryId })).summaryId).toBeNull();
    signIn(p.actors.otherClient);
    expect((await getNewEntryPage({ summary: shared.id })).summaryId).toBeNull();

    const entryId = await write(p.actors.client, { summaryId: shared.id, appointmentId: past.id, content: page.draft.content });
    expect((await row(entryId)).summaryId).toBe(shared.id);
    const stranger = await write(p.actors.otherClient, { summaryId: shared.id });
    expect((await row(stranger)).summaryId).toBeNull();
  });

  it('exports the whole journal as Markdown and PDF attachments with neutral names, never cached, audited', async () => {
    const client = other.actors.client;
    signIn(client);
    const markdown = await exportAnswer('markdown');
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.headers.get('cache-control')).toBe('no-store');
    expect(markdown.headers.get('content-disposition')).toBe(`attachment; filename="journal-${today}.md"`);
    const text = await markdown.text();
    expect(text).toContain('27 entries');
    expect(text).toContain('Box breathing before work');
    expect(text).not.toContain('Box breathing river walk');
    const pdf = await exportAnswer('pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="journal-${today}.pdf"`);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const exported = (await audits('journal.exported')).filter((event) => event.actorId === client.id);
    expect(exported.map((event) => event.metadata)).toEqual([
      { format: 'markdown', entries: 27 },
      { format: 'pdf', entries: 27 },
    ]);
    signIn(other.actors.therapist);
    await expect404(exportAnswer('markdown'));
  });
});
