import { and, asc, desc, eq, gt, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { appointments, careRelationships, companionEpisodes, practices, sessionSummaries, sharedFiles, users } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { open, seal } from '@/lib/platform/crypto/secretbox';
import type { EpisodeScript } from './model';

/*
 * Reads of between-session episodes, given a db and an explicit scope. A script is sealed under its client's key, like
 * the summary it is made from.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export const sealScript = (script: EpisodeScript, key: Buffer) => seal(JSON.stringify(script), key);
export const openScript = (sealed: string, key: Buffer) => JSON.parse(open(sealed, key)) as EpisodeScript;

export type EpisodeRow = typeof companionEpisodes.$inferSelect;

/** Every episode of a summary: the one after the session first, then its follow-ups in order. */
export function episodesOfSummary(db: DbOrTx, summaryId: string) {
  return db.select().from(companionEpisodes).where(eq(companionEpisodes.summaryId, summaryId)).orderBy(asc(companionEpisodes.sequence));
}

/** One episode of a summary, locked for a command; null when it belongs to another summary or does not exist. */
export async function episodeOfSummary(db: DbOrTx, summaryId: string, episodeId: string) {
  if (!isUuid(episodeId)) return null;
  const [row] = await db
    .select()
    .from(companionEpisodes)
    .where(and(eq(companionEpisodes.id, episodeId), eq(companionEpisodes.summaryId, summaryId)))
    .for('update');
  return row ?? null;
}

const deliveredColumns = {
  episode: companionEpisodes,
  therapistName: users.name,
  sessionStartsAt: appointments.startsAt,
  fileStatus: sharedFiles.status,
  careEndedOn: careRelationships.endedOn,
};

/** Delivered episodes with what the client sees beside them: who, which session, and whether the audio opens. */
function delivered(db: DbOrTx) {
  return db
    .select(deliveredColumns)
    .from(companionEpisodes)
    .innerJoin(users, eq(users.id, companionEpisodes.therapistId))
    .innerJoin(sessionSummaries, eq(sessionSummaries.id, companionEpisodes.summaryId))
    .innerJoin(appointments, eq(appointments.id, sessionSummaries.appointmentId))
    .innerJoin(careRelationships, eq(careRelationships.id, sessionSummaries.careRelationshipId))
    .leftJoin(sharedFiles, eq(sharedFiles.id, companionEpisodes.fileId));
}

/** One episode delivered to this client (null for a draft, one not yet due, another client's, or an unknown id). */
export async function deliveredEpisodeOfClient(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>, episodeId: string) {
  if (!isUuid(episodeId)) return null;
  const [row] = await delivered(db).where(
      and(
        eq(companionEpisodes.id, episodeId),
        eq(companionEpisodes.clientId, client.id),
        eq(companionEpisodes.practiceId, client.practiceId),
        eq(companionEpisodes.status, 'released'),
        isNotNull(companionEpisodes.deliveredAt),
      ),
    );
  return row ?? null;
}

/** The episodes delivered to this client, the latest first (optionally of one summary); metadata only. */
export function deliveredEpisodesOfClient(db: DbOrTx, client: Pick<Actor, 'id' | 'practiceId'>, summaryId?: string) {
  return delivered(db)
    .where(
      and(
        eq(companionEpisodes.clientId, client.id),
        eq(companionEpisodes.practiceId, client.practiceId),
        eq(companionEpisodes.status, 'released'),
        isNotNull(companionEpisodes.deliveredAt),
        summaryId ? eq(companionEpisodes.summaryId, summaryId) : undefined,
      ),
    )
    .orderBy(desc(companionEpisodes.deliveredAt), desc(companionEpisodes.sequence));
}

/**
 * Everything a job needs about an episode: the episode, its summary's space and session, the practice's time zone,
 * and whether care is still open. Null for an id that does not exist.
 */
export async function episodeForJob(db: DbOrTx, episodeId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(episodeId)) return null;
  const query = db
    .select({
      episode: companionEpisodes,
      careRelationshipId: sessionSummaries.careRelationshipId,
      careEndedOn: careRelationships.endedOn,
      timeZone: practices.timeZone,
    })
    .from(companionEpisodes)
    .innerJoin(sessionSummaries, eq(sessionSummaries.id, companionEpisodes.summaryId))
    .innerJoin(careRelationships, eq(careRelationships.id, sessionSummaries.careRelationshipId))
    .innerJoin(practices, eq(practices.id, companionEpisodes.practiceId))
    .where(eq(companionEpisodes.id, episodeId));
  const [row] = options.lock ? await query.for('update', { of: companionEpisodes }) : await query;
  return row ?? null;
}

/** A person's name, for the words of a script. */
export async function nameOf(db: DbOrTx, userId: string): Promise<string> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? '';
}

/** The next scheduled session of a care relationship after an instant, for a follow-up's suggested day. */
export async function nextSessionAfter(db: DbOrTx, careRelationshipId: string, after: Date) {
  const [row] = await db
    .select({ startsAt: appointments.startsAt })
    .from(appointments)
    .where(and(eq(appointments.careRelationshipId, careRelationshipId), eq(appointments.status, 'scheduled'), gt(appointments.startsAt, after)))
    .orderBy(asc(appointments.startsAt))
    .limit(1);
  return row?.startsAt ?? null;
}
