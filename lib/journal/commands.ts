import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { journalEntries, journalShares, journalTerms } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import { todayInTimeZone } from '@/lib/platform/clock';
import { blindIndex, clientKey } from '@/lib/platform/crypto/client-keys';
import type { RequestContext } from '@/lib/platform/http';
import { notify } from '@/lib/platform/notifications/notify';
import { getAppointmentInScope } from '../appointments/queries';
import { currentTherapistsOf } from '../care/queries';
import { summaryForClient } from '../summaries/queries';
import { saveVerdict, shareRefusal, type ShareRefusal } from './access';
import { emptyContent, type EntryContent, type EntryDraft } from './model';
import { entryRowById, entrySharedWith, isUuid, liveShareOf, moodIndexOf, openEntry, ownEntry, sealEntry, termsOfEntry } from './queries';
import type { SaveEntryInput } from './schemas';
import { entryTerms } from './terms';

/*
 * Writes to the journal: saving a draft (create or update, with its search terms), sharing one entry with one of the
 * client's therapists and stopping that, deleting, and a therapist opening a shared entry. One transaction each, with
 * its audit row; nothing of what was written ever goes into audit metadata or a notification.
 */

export type SaveResult =
  | { status: 'saved'; version: number; savedAt: Date }
  | { status: 'superseded'; version: number }
  | { status: 'conflict'; current: EntryDraft & { version: number; savedAt: Date } }
  | { status: 'invalid'; errors: Record<string, string[]> }
  | { status: 'not-found' };

// Rows per insert or delete: well under PostgreSQL's limit on parameters in one statement.
const BATCH = 1000;

/** Makes the entry's search terms those of its content: only the terms that changed are written. */
async function indexEntry(tx: DbOrTx, entryId: string, clientId: string, key: Buffer, content: EntryContent) {
  const wanted = new Map(entryTerms(content).map((term) => [blindIndex(key, term.kind, term.value), term.kind]));
  const existing = await termsOfEntry(tx, entryId);
  const stale = existing.filter((row) => wanted.get(row.term) !== row.kind).map((row) => row.term);
  for (const row of existing) if (wanted.get(row.term) === row.kind) wanted.delete(row.term);
  for (let i = 0; i < stale.length; i += BATCH) {
    await tx.delete(journalTerms).where(and(eq(journalTerms.entryId, entryId), inArray(journalTerms.term, stale.slice(i, i + BATCH))));
  }
  const fresh = [...wanted].map(([term, kind]) => ({ entryId, clientId, kind, term }));
  for (let i = 0; i < fresh.length; i += BATCH) await tx.insert(journalTerms).values(fresh.slice(i, i + BATCH)).onConflictDoNothing();
}

/** A session the entry may be about: one of the client's own, not cancelled, already started. */
async function isOwnPastSession(tx: DbOrTx, actor: Actor, appointmentId: string, now: Date) {
  const session = await getAppointmentInScope(tx, actor, appointmentId);
  return !!session && session.clientId === actor.id && session.status === 'scheduled' && session.startsAt.getTime() <= now.getTime();
}

/**
 * Saves a draft of the client's own entry: creates it (base version 0, with the id the editor was given) or writes a
 * new version over the one the save names (see saveVerdict for when an editor's own late save counts). Another
 * person's entry, or one that was deleted, is not found, and the attempt is audited; so is a refused stale save.
 */
export async function saveEntry(db: Db, actor: Actor, entryId: string, input: SaveEntryInput, request: RequestContext, now = new Date()): Promise<SaveResult> {
  return db.transaction(async (tx): Promise<SaveResult> => {
    const refuse = async (reason: 'not_found' | 'conflict', subjectId?: string) => {
      await audit(tx, actor, request, 'journal.entry_refused', { subjectType: 'journal_entry', subjectId, outcome: 'denied', metadata: { reason, target: 'save' } });
    };
    if (input.entryDate > todayInTimeZone(actor.timeZone, now)) return { status: 'invalid', errors: { entryDate: ['The date cannot be in the future.'] } };
    const key = await clientKey(tx, actor.id);
    const stored = { content: input.content, editor: input.editor, seq: input.seq };
    const moodIndex = input.content.mood === null ? null : moodIndexOf(key, input.content.mood);
    const checkSession = async (previous: string | null) =>
      input.appointmentId === null || input.appointmentId === previous || (await isOwnPastSession(tx, actor, input.appointmentId, now));

    let row = await entryRowById(tx, entryId, { lock: true });
    if (!row) {
      if (input.baseVersion !== 0) {
        await refuse('not_found', entryId);
        return { status: 'not-found' };
      }
      if (!(await checkSession(null))) return { status: 'invalid', errors: { appointmentId: ['Choose one of your past sessions.'] } };
      const summary = input.summaryId ? await summaryForClient(tx, actor.id, input.summaryId) : null;
      const [created] = await tx
        .insert(journalEntries)
        .values({
          id: entryId,
          practiceId: actor.practiceId,
          clientId: actor.id,
          appointmentId: input.appointmentId,
          summaryId: summary?.id ?? null,
          entryDate: input.entryDate,
          contentSealed: sealEntry(stored, key),
          moodIndex,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: journalEntries.id });
      if (created) {
        await indexEntry(tx, entryId, actor.id, key, input.content);
        await audit(tx, actor, request, 'journal.entry_saved', { subjectType: 'journal_entry', subjectId: entryId, metadata: { version: 1, fromSummary: !!summary } });
        return { status: 'saved', version: 1, savedAt: now };
      }
      // Another save of the same new entry got there first (a retry, or a save while leaving the page).
      row = await entryRowById(tx, entryId, { lock: true });
    }
    if (!row || row.clientId !== actor.id || row.practiceId !== actor.practiceId || row.deletedAt) {
      await refuse('not_found', entryId);
      return { status: 'not-found' };
    }
    const current = openEntry(row.contentSealed, key);
    const verdict = saveVerdict({ version: row.version, editor: current.editor, seq: current.seq }, input);
    if (verdict === 'superseded') return { status: 'superseded', version: row.version };
    if (verdict === 'conflict') {
      await refuse('conflict', row.id);
      return {
        status: 'conflict',
        current: { version: row.version, savedAt: row.updatedAt, entryDate: row.entryDate, appointmentId: row.appointmentId, content: current.content },
      };
    }
    if (!(await checkSession(row.appointmentId))) return { status: 'invalid', errors: { appointmentId: ['Choose one of your past sessions.'] } };
    const version = row.version + 1;
    await tx
      .update(journalEntries)
      .set({ entryDate: input.entryDate, appointmentId: input.appointmentId, contentSealed: sealEntry(stored, key), moodIndex, version, updatedAt: now })
      .where(eq(journalEntries.id, row.id));
    await indexEntry(tx, row.id, actor.id, key, input.content);
    await audit(tx, actor, request, 'journal.entry_saved', { subjectType: 'journal_entry', subjectId: row.id, metadata: { version } });
    return { status: 'saved', version, savedAt: now };
  });
}

export type ShareResult = { status: 'shared' } | { status: 'not-found' } | { status: 'refused'; reason: Exclude<ShareRefusal, 'not_found'> };

/**
 * Shares one of the client's entries with one of their current therapists, who is told (neutrally) that something was
 * shared. One live share per entry: sharing it with someone else waits until the first is stopped.
 */
export async function shareEntry(db: Db, actor: Actor, input: { entryId: string; therapistId: string }, request: RequestContext, now = new Date()): Promise<ShareResult> {
  return db.transaction(async (tx): Promise<ShareResult> => {
    const entry = await ownEntry(tx, actor, input.entryId, { lock: true });
    const therapists = await currentTherapistsOf(tx, actor.practiceId, actor.id);
    const live = entry ? await liveShareOf(tx, entry.id, { lock: true }) : null;
    const refusal = shareRefusal(
      entry && { clientId: entry.clientId, deleted: !!entry.deletedAt },
      actor,
      therapists.map((therapist) => therapist.id),
      input.therapistId,
      live?.therapistId ?? null,
    );
    if (refusal) {
      await audit(tx, actor, request, 'journal.entry_refused', {
        subjectType: 'journal_entry',
        subjectId: input.entryId,
        outcome: 'denied',
        metadata: { reason: refusal, target: 'share' },
      });
      return refusal === 'not_found' ? { status: 'not-found' } : { status: 'refused', reason: refusal };
    }
    if (live) return { status: 'shared' };
    await tx.insert(journalShares).values({ entryId: entry!.id, therapistId: input.therapistId, sharedAt: now });
    await audit(tx, actor, request, 'journal.shared', { subjectType: 'journal_entry', subjectId: entry!.id });
    // The subject is the client: the link leads to their shared entries, and says nothing of the entry.
    await notify(tx, actor.practiceId, [input.therapistId], 'journal.shared', actor.id);
    return { status: 'shared' };
  });
}

/** Stops sharing an entry: from now on the therapist is told it does not exist. */
export async function revokeShare(db: Db, actor: Actor, input: { entryId: string }, request: RequestContext, now = new Date()) {
  return db.transaction(async (tx): Promise<{ status: 'revoked' | 'not-shared' | 'not-found' }> => {
    const entry = await ownEntry(tx, actor, input.entryId, { lock: true });
    if (!entry) {
      await audit(tx, actor, request, 'journal.entry_refused', {
        subjectType: 'journal_entry',
        subjectId: input.entryId,
        outcome: 'denied',
        metadata: { reason: 'not_found', target: 'revoke' },
      });
      return { status: 'not-found' };
    }
    const revoked = await tx
      .update(journalShares)
      .set({ revokedAt: now })
      .where(and(eq(journalShares.entryId, entry.id), isNull(journalShares.revokedAt)))
      .returning({ id: journalShares.id });
    if (revoked.length === 0) return { status: 'not-shared' };
    await audit(tx, actor, request, 'journal.share_revoked', { subjectType: 'journal_entry', subjectId: entry.id });
    return { status: 'revoked' };
  });
}

/**
 * Deletes one of the client's entries: its words are replaced by an empty document, its search terms removed, and any
 * share stopped. The row stays (shares refer to it), marked deleted, and is never shown again.
 */
export async function deleteEntry(db: Db, actor: Actor, input: { entryId: string }, request: RequestContext, now = new Date()) {
  return db.transaction(async (tx): Promise<{ status: 'deleted' | 'not-found' }> => {
    const entry = await ownEntry(tx, actor, input.entryId, { lock: true });
    if (!entry) {
      await audit(tx, actor, request, 'journal.entry_refused', {
        subjectType: 'journal_entry',
        subjectId: input.entryId,
        outcome: 'denied',
        metadata: { reason: 'not_found', target: 'delete' },
      });
      return { status: 'not-found' };
    }
    const key = await clientKey(tx, actor.id);
    await tx
      .update(journalEntries)
      .set({ contentSealed: sealEntry({ content: emptyContent(), editor: '', seq: 0 }, key), moodIndex: null, deletedAt: now, updatedAt: now })
      .where(eq(journalEntries.id, entry.id));
    await tx.delete(journalTerms).where(eq(journalTerms.entryId, entry.id));
    await tx.update(journalShares).set({ revokedAt: now }).where(and(eq(journalShares.entryId, entry.id), isNull(journalShares.revokedAt)));
    await audit(tx, actor, request, 'journal.entry_deleted', { subjectType: 'journal_entry', subjectId: entry.id });
    return { status: 'deleted' };
  });
}

/**
 * A therapist opens an entry shared with them: the entry (opened), and the share marked as opened (first and last)
 * so the client can see it. Anything not shared with them now is not found, and the attempt is audited.
 */
export async function openSharedEntry(db: Db, therapist: Actor, clientId: string, entryId: string, request: RequestContext, now = new Date()) {
  return db.transaction(async (tx) => {
    const found = await entrySharedWith(tx, therapist, clientId, entryId, { lock: true });
    if (!found) {
      await audit(tx, therapist, request, 'journal.entry_refused', {
        subjectType: 'journal_entry',
        subjectId: isUuid(entryId) ? entryId : undefined,
        outcome: 'denied',
        metadata: { reason: 'not_found', target: 'shared_entry' },
      });
      return null;
    }
    await tx
      .update(journalShares)
      .set({ firstOpenedAt: found.firstOpenedAt ?? now, lastOpenedAt: now })
      .where(eq(journalShares.id, found.shareId));
    await audit(tx, therapist, request, 'journal.read_by_therapist', { subjectType: 'journal_entry', subjectId: found.entryId });
    const { content } = openEntry(found.contentSealed, await clientKey(tx, found.clientId));
    return { ...found, content };
  });
}
