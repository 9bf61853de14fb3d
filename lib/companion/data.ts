import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { audit } from '@/lib/platform/audit/record';
import { dateFormat, nextDay, todayInTimeZone } from '@/lib/platform/clock';
import { clientKey } from '@/lib/platform/crypto/client-keys';
import { getRequestContext } from '@/lib/platform/http';
import { routes } from '@/lib/routes';
import { formatSessionDay } from '../appointments/model';
import { requireUser } from '../auth/guards';
import type { SessionUser } from '../auth/model';
import { currentContent, summaryOfAppointment, summarySession } from '../summaries/queries';
import { clientMayHear, isFollowUp } from './access';
import { EPISODE_KIND_LABELS, type EpisodeScript } from './model';
import { deliveredEpisodeOfClient, deliveredEpisodesOfClient, episodesOfSummary, nextSessionAfter, openScript } from './queries';
import { scriptText, transcriptSections } from './script';

/*
 * Page data for the between-session companion. The therapist's page is reached through their client's session; the
 * client sees an episode only once it has reached them. Anything else (a draft, another client's episode, another
 * practice's, an unknown id) is a 404, and the attempt is audited. Every read of a script is audited.
 */

const momentLabel = (instant: Date, timeZone: string) =>
  dateFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(instant);

const isReadable = (status: string | null) => status === 'available' || status === 'unscanned';

/** The audio of an episode as a page offers it: playable and downloadable, or why not yet. */
function audioOf(fileId: string | null, fileStatus: string | null, careOpen: boolean) {
  if (!fileId || !careOpen) return null;
  return { ready: isReadable(fileStatus), playSrc: routes.fileContent(fileId, 'play'), downloadHref: routes.fileContent(fileId, 'download') };
}

// The evening (18:00) of a day: when a follow-up is suggested to arrive.
const EVENING = '18:00';

function followUpSuggestions(sessionStartsAt: Date, nextSession: Date | null, timeZone: string, now: Date) {
  const today = todayInTimeZone(timeZone, now);
  const addDays = (date: string, days: number) => Array.from({ length: days }).reduce<string>((day) => nextDay(day), date);
  const notBefore = (date: string) => (date <= today ? nextDay(today) : date);
  const sessionDay = todayInTimeZone(timeZone, sessionStartsAt);
  const dayBeforeNext = nextSession ? todayInTimeZone(timeZone, new Date(nextSession.getTime() - 24 * 60 * 60 * 1000)) : addDays(sessionDay, 6);
  return {
    exercise_again: { date: notBefore(addDays(sessionDay, 3)), time: EVENING },
    before_next_session: { date: notBefore(dayBeforeNext), time: EVENING },
  };
}

/** The therapist's page for a session's episodes: each one's script to preview, its state, and what can be composed. */
export async function getCompanionEditor(clientId: string, appointmentId: string, now = new Date()) {
  const therapist = await requireUser('summaries:write');
  const db = await getDb();
  const request = await getRequestContext();
  const found = await db.transaction(async (tx) => {
    const scoped = await summarySession(tx, therapist, clientId, appointmentId);
    if (!scoped) return null;
    const summary = await summaryOfAppointment(tx, scoped.session.id);
    if (!summary?.sharedAt) return { ...scoped, summary: null, content: null, episodes: [] };
    const key = await clientKey(tx, summary.clientId);
    const episodes = (await episodesOfSummary(tx, summary.id)).map((episode) => ({ ...episode, script: openScript(episode.scriptSealed, key) }));
    await audit(tx, therapist, request, 'summaries.read', { subjectType: 'session_summary', subjectId: summary.id, metadata: { view: 'companion' } });
    return { ...scoped, summary, content: await currentContent(tx, summary), episodes };
  });
  if (!found) {
    await db.transaction((tx) =>
      audit(tx, therapist, request, 'summaries.read', { subjectType: 'appointment', outcome: 'denied', metadata: { reason: 'not_found', target: 'companion' } }),
    );
    notFound();
  }
  const { session, care, summary, content, episodes } = found;
  const first = episodes.find((episode) => episode.sequence === 0) ?? null;
  const tz = therapist.timeZone;
  return {
    client: { id: care.clientId, name: care.clientName },
    session: { id: session.id, day: formatSessionDay(session.startsAt, tz) },
    summaryHref: routes.practiceSessionSummary(care.clientId, session.id),
    shared: summary !== null,
    exercises: content?.exercises.map((exercise, index) => ({ index, title: exercise.title })) ?? [],
    firstReleased: first?.status === 'released',
    suggestions: followUpSuggestions(session.startsAt, await nextSessionAfter(db, care.id, now), tz, now),
    timeZone: tz,
    episodes: episodes.map((episode) => ({
      id: episode.id,
      sequence: episode.sequence,
      kind: episode.script.kind,
      kindLabel: EPISODE_KIND_LABELS[episode.script.kind],
      status: episode.status,
      deliverAt: episode.deliverAt && isFollowUp(episode.script.kind) ? momentLabel(episode.deliverAt, tz) : null,
      deliveredAt: episode.deliveredAt ? momentLabel(episode.deliveredAt, tz) : null,
      withdrawnAt: episode.withdrawnAt ? momentLabel(episode.withdrawnAt, tz) : null,
      durationSeconds: episode.durationSeconds,
      // A withdrawn episode's audio is destroyed with it.
      audioSrc: episode.fileId && episode.status === 'released' ? routes.fileContent(episode.fileId, 'play') : null,
      scriptText: scriptText(episode.script),
    })),
  };
}

async function requireClient(): Promise<SessionUser> {
  await requireUser('portal:use');
  return requireUser('summaries:read');
}

/** Episodes that have reached the client, the latest first (of one summary, when given): for the lists. */
export async function getPortalEpisodes(summaryId?: string) {
  const client = await requireClient();
  const rows = await deliveredEpisodesOfClient(await getDb(), client, summaryId);
  return rows.map((row) => ({
    id: row.episode.id,
    href: routes.portalEpisode(row.episode.id),
    title: `${row.episode.sequence === 0 ? 'After' : 'Following'} your session on ${formatSessionDay(row.sessionStartsAt, client.timeZone)}`,
    therapistName: row.therapistName,
    deliveredAt: momentLabel(row.episode.deliveredAt!, client.timeZone),
    durationSeconds: row.episode.durationSeconds,
  }));
}

/** The player's page: the episode's transcript beside its audio. Opening it is what the audit records as listening. */
export async function getPortalEpisode(episodeId: string) {
  const client = await requireClient();
  const db = await getDb();
  const request = await getRequestContext();
  const found = await db.transaction(async (tx) => {
    const row = await deliveredEpisodeOfClient(tx, client, episodeId);
    if (!row || !clientMayHear(client, row.episode)) {
      await audit(tx, client, request, 'companion.played', { subjectType: 'companion_episode', outcome: 'denied', metadata: { reason: 'not_found' } });
      return null;
    }
    const script: EpisodeScript = openScript(row.episode.scriptSealed, await clientKey(tx, client.id));
    await audit(tx, client, request, 'companion.played', { subjectType: 'companion_episode', subjectId: row.episode.id });
    return { row, script };
  });
  if (!found) notFound();
  const { row, script } = found;
  const { episode } = row;
  return {
    id: episode.id,
    kindLabel: EPISODE_KIND_LABELS[script.kind],
    title: `Between-session audio: ${EPISODE_KIND_LABELS[script.kind].toLowerCase()}`,
    therapistName: row.therapistName,
    sessionDay: formatSessionDay(row.sessionStartsAt, client.timeZone),
    deliveredAt: momentLabel(episode.deliveredAt!, client.timeZone),
    durationSeconds: episode.durationSeconds,
    audio: audioOf(episode.fileId, row.fileStatus, row.careEndedOn === null),
    transcript: transcriptSections(script),
    /** What the device's own voice reads: the words only, in order. */
    spokenText: script.parts.flatMap((part) => (part.kind === 'say' ? [part.text] : [])),
    summaryHref: routes.portalSummary(episode.summaryId),
    journalHref: routes.journalEntryFromSummary(episode.summaryId),
  };
}
