import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { audit } from '@/lib/platform/audit/record';
import { dateFormat } from '@/lib/platform/clock';
import { clientKey } from '@/lib/platform/crypto/client-keys';
import { getRequestContext } from '@/lib/platform/http';
import { routes } from '@/lib/routes';
import { formatSessionDay, formatSessionTimes } from '../appointments/model';
import { requireUser } from '../auth/guards';
import type { SessionUser } from '../auth/model';
import { clientMayRead, revisionOf, summaryRefusal } from './access';
import { noteClientRead } from './commands';
import { SUMMARY_REFUSALS, type SummaryContent } from './model';
import {
  exercisesOf,
  openContent,
  pastSessionsWithSummaries,
  sharedSummariesOfClient,
  sharedSummaryOfClient,
  statusOf,
  summariesDue,
  summaryOfAppointment,
  summarySession,
  versionsOf,
} from './queries';

/*
 * Page data for summaries and the exercise library. A session or summary that is not the viewer's (another therapist's
 * client, another client's summary, another practice's, a draft) is a 404 exactly like one that does not exist, and
 * the attempt is audited. Every read of a summary's words is audited in the transaction that reads it.
 */

/** "3 Mar 2026, 14:05" in the viewer's time zone. */
const momentLabel = (instant: Date, timeZone: string) =>
  dateFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(instant);

async function requireTherapist(): Promise<SessionUser> {
  const user = await requireUser('summaries:write');
  await requireUser('clients:view-assigned');
  return user;
}

async function requireClient(): Promise<SessionUser> {
  await requireUser('portal:use');
  return requireUser('summaries:read');
}

/** The therapist's exercise library: in use first, archived after. */
export async function getExerciseLibrary() {
  const therapist = await requireTherapist();
  const all = await exercisesOf(await getDb(), therapist);
  return { active: all.filter((exercise) => !exercise.archivedAt), archived: all.filter((exercise) => exercise.archivedAt) };
}

async function refuse(viewer: SessionUser, subjectType: 'appointment' | 'session_summary', target: string): Promise<never> {
  const db = await getDb();
  const request = await getRequestContext();
  await db.transaction((tx) => audit(tx, viewer, request, 'summaries.read', { subjectType, outcome: 'denied', metadata: { reason: 'not_found', target } }));
  notFound();
}

/**
 * The summary editor for one past session of the therapist's client: what has been written (the current version, and
 * earlier ones once shared), the library to copy exercises from, and whether a summary can be written at all.
 */
export async function getSummaryEditor(clientId: string, appointmentId: string, now = new Date()) {
  const therapist = await requireTherapist();
  const db = await getDb();
  const request = await getRequestContext();
  const found = await db.transaction(async (tx) => {
    const scoped = await summarySession(tx, therapist, clientId, appointmentId);
    if (!scoped) return null;
    const summary = await summaryOfAppointment(tx, scoped.session.id);
    if (!summary) return { ...scoped, summary: null, versions: [] };
    const key = await clientKey(tx, summary.clientId);
    const versions = (await versionsOf(tx, summary.id)).map((row) => ({ version: row.version, editedAt: row.editedAt, content: openContent(row.contentSealed, key) }));
    await audit(tx, therapist, request, 'summaries.read', { subjectType: 'session_summary', subjectId: summary.id, metadata: { view: 'editor' } });
    return { ...scoped, summary, versions };
  });
  if (!found) return refuse(therapist, 'appointment', 'session');
  const { session, care, summary, versions } = found;
  const refusal = summaryRefusal(session, now);
  const current = versions.find((version) => version.version === summary?.currentVersion);
  const library = (await exercisesOf(db, therapist)).filter((exercise) => !exercise.archivedAt);
  return {
    client: { id: care.clientId, name: care.clientName },
    session: {
      id: session.id,
      day: formatSessionDay(session.startsAt, therapist.timeZone),
      times: formatSessionTimes(session.startsAt, session.durationMinutes, therapist.timeZone),
    },
    refusal: refusal ? SUMMARY_REFUSALS[refusal] : null,
    summary: summary && {
      id: summary.id,
      status: statusOf(summary),
      sharedAt: summary.sharedAt ? momentLabel(summary.sharedAt, therapist.timeZone) : null,
      readByClient: summary.clientFirstReadAt ? momentLabel(summary.clientFirstReadAt, therapist.timeZone) : null,
      version: summary.currentVersion,
      earlier: summary.sharedAt
        ? versions
            .filter((version) => version.version < summary.currentVersion)
            .reverse()
            .map((version) => ({ version: version.version, editedAt: momentLabel(version.editedAt, therapist.timeZone), content: version.content }))
        : [],
    },
    content: current?.content ?? null,
    revision: revisionOf(summary),
    library: library.map((exercise) => ({ id: exercise.id, title: exercise.title, instructions: exercise.instructions })),
    companionHref: summary?.sharedAt ? routes.practiceSessionCompanion(care.clientId, session.id) : null,
    sessionsHref: routes.practiceClientSessions(care.clientId),
  };
}

/** Past sessions of one client with their summary's state and a link to write or edit it (the sessions page's card). */
export async function getSessionSummaryLinks(clientId: string, now = new Date()) {
  const therapist = await requireTherapist();
  const found = await pastSessionsWithSummaries(await getDb(), therapist, clientId, now);
  if (!found) notFound();
  return {
    client: found.client,
    sessions: found.sessions.map((session) => ({
      id: session.id,
      label: `${formatSessionDay(session.startsAt, therapist.timeZone)}, ${formatSessionTimes(session.startsAt, session.durationMinutes, therapist.timeZone)}`,
      status: session.status,
      edited: session.edited,
      href: routes.practiceSessionSummary(found.client.id, session.id),
    })),
  };
}

/** The dashboard's reminder: sessions ended without a shared summary, for clients who chose summaries instead of recording. */
export async function getSummariesDue(now = new Date()) {
  const therapist = await requireTherapist();
  const due = await summariesDue(await getDb(), therapist, now);
  return due.map((session) => ({
    id: session.id,
    clientName: session.clientName,
    label: `${formatSessionDay(session.startsAt, therapist.timeZone)}, ${formatSessionTimes(session.startsAt, session.durationMinutes, therapist.timeZone)}`,
    href: routes.practiceSessionSummary(session.clientId, session.id),
  }));
}

/** The client's session notes: every shared summary, the latest session first. The list says nothing of their words. */
export async function getPortalSummaries() {
  const client = await requireClient();
  const db = await getDb();
  const rows = await sharedSummariesOfClient(db, client);
  return {
    summaries: rows.map((row) => ({
      id: row.id,
      href: routes.portalSummary(row.id),
      therapistName: row.therapistName,
      sessionDay: formatSessionDay(row.sessionStartsAt, client.timeZone),
      sharedAt: momentLabel(row.sharedAt!, client.timeZone),
      editedAt: row.currentVersion > 1 ? momentLabel(row.updatedAt, client.timeZone) : null,
      unread: row.clientFirstReadAt === null,
    })),
  };
}

export interface VersionView {
  version: number;
  editedAt: string;
  content: SummaryContent;
}

/** One of the client's shared summaries, with every earlier version kept beside the current one. */
export async function getPortalSummary(summaryId: string, now = new Date()) {
  const client = await requireClient();
  const db = await getDb();
  const request = await getRequestContext();
  const found = await db.transaction(async (tx) => {
    const summary = await sharedSummaryOfClient(tx, client, summaryId);
    if (!summary || !clientMayRead(client, summary)) return null;
    const key = await clientKey(tx, client.id);
    const versions = await versionsOf(tx, summary.id);
    await noteClientRead(tx, client, summary, request, now);
    return { summary, versions: versions.map((row) => ({ version: row.version, editedAt: row.editedAt, content: openContent(row.contentSealed, key) })) };
  });
  if (!found) return refuse(client, 'session_summary', 'summary');
  const { summary, versions } = found;
  const view = (version: (typeof versions)[number]): VersionView => ({ ...version, editedAt: momentLabel(version.editedAt, client.timeZone) });
  const current = versions.find((version) => version.version === summary.currentVersion)!;
  return {
    id: summary.id,
    therapistName: summary.therapistName,
    sessionDay: formatSessionDay(summary.sessionStartsAt, client.timeZone),
    sharedAt: momentLabel(summary.sharedAt!, client.timeZone),
    current: view(current),
    earlier: versions
      .filter((version) => version.version < summary.currentVersion)
      .reverse()
      .map(view),
    journalHref: routes.journalEntryFromSummary(summary.id),
  };
}
