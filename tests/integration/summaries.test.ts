// Session summaries, the exercise library and the between-session companion, on PGlite and PostgreSQL: versioning and
// sharing, what the client reads, the dashboard's "summary is due", episodes released, spoken into the vault and
// delivered (follow-ups once, at their time), and everyone else asking by id (404, audited).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { appointments, auditEvents, careRelationships, companionEpisodes, exercises, jobs, notifications, sessionSummaries, sessionSummaryVersions, sharedFiles } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/model';
import { can, type Action } from '@/lib/auth/permissions';
import { attachAudio, composeEpisode, releaseEpisode, withdrawEpisode } from '@/lib/companion/commands';
import { getCompanionEditor, getPortalEpisode, getPortalEpisodes } from '@/lib/companion/data';
import { deliveredEpisodesOfClient } from '@/lib/companion/queries';
import { encodeWav } from '@/lib/companion/wav';
import { declineRecording } from '@/lib/consent/commands';
import { storeFile } from '@/lib/files/store-file';
import { readContent } from '@/lib/files/vault';
import type { Actor } from '@/lib/platform/actor';
import { todayInTimeZone } from '@/lib/platform/clock';
import type * as Http from '@/lib/platform/http';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { createLocalStore, setObjectStoreForTests } from '@/lib/platform/storage';
import { jobHandlers } from '@/lib/runtime/jobs';
import { saveSummaryAction } from '@/lib/summaries/actions';
import { archiveExercise, saveExercise, saveSummary } from '@/lib/summaries/commands';
import { getPortalSummary, getSummariesDue, getSummaryEditor } from '@/lib/summaries/data';
import { KEY_POINTS_MAX, type SummaryContent } from '@/lib/summaries/model';
import { exercisesOf, summaryForClient } from '@/lib/summaries/queries';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { addSession, consentPractice, open, type ConsentPractice } from './consent-fixtures';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/auth/guards', () => ({
  getCurrentUser: async () => session.user,
  requireUser: async (action: Action) => {
    if (!session.user || !can(session.user.role, action)) notFound();
    return session.user;
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
  expect(error && is404(error), 'answers 404').toBe(true);
}

const DAY = 24 * 60 * 60 * 1000;
const CONTENT: SummaryContent = {
  keyPoints: 'Sunday evenings bring dread about the week.\nNaming the worry helps it shrink.',
  homework: 'Write down one worry each evening.',
  exercises: [{ title: 'Box breathing', body: 'Breathe in for four.\nHold for four.\nBreathe out for four.' }],
};

describe.each(testDatabases)('summaries and the companion on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  let p: ConsentPractice;
  let other: ConsentPractice;
  let objectsRoot: string;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
    objectsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-companion-'));
    setObjectStoreForTests(createLocalStore(objectsRoot));
    p = await consentPractice(db);
    other = await consentPractice(db);
  });
  afterAll(async () => {
    setObjectStoreForTests(undefined);
    fs.rmSync(objectsRoot, { recursive: true, force: true });
    await handle?.close();
  });

  const save = (actor: Actor, appointmentId: string, intent: 'draft' | 'share', revision: string, content: SummaryContent = CONTENT, clientId = p.client.id) =>
    saveSummary(db, actor, { clientId, appointmentId, intent, revision, content }, testContext());
  const auditsOf = (action: string, actorId: string) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.actorId, actorId)))
      .orderBy(asc(auditEvents.id));
  const notificationsOf = (userId: string, kind: string) =>
    db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
  const runJobs = (at: Date) => runDueJobs(db, { handlers: jobHandlers, clock: () => at });

  /** A shared summary of a new past session of the practice's client. */
  async function sharedSummary(content: SummaryContent = CONTENT, daysAgo = 1) {
    const appointment = await addSession(db, p, -daysAgo);
    const saved = await save(p.actors.therapist, appointment.id, 'share', 'new', content);
    if (saved.status !== 'shared') throw new Error(`not shared: ${JSON.stringify(saved)}`);
    return { appointment, summaryId: saved.summaryId, revision: saved.revision };
  }

  describe('the exercise library', () => {
    it('adds, changes and archives the therapist’s own exercises, sealed at rest', async () => {
      const added = await saveExercise(db, p.actors.therapist, { title: 'Grounding 5-4-3-2-1', instructions: 'Name five things you can see.' }, testContext());
      expect(added.status).toBe('saved');
      const id = (added as { exerciseId: string }).exerciseId;
      const [row] = await db.select().from(exercises).where(eq(exercises.id, id));
      expect(row.contentSealed).not.toContain('Grounding');
      expect(await saveExercise(db, p.actors.therapist, { exerciseId: id, title: 'Grounding', instructions: 'Name five things.' }, testContext())).toEqual({ status: 'saved', exerciseId: id });
      expect((await exercisesOf(db, p.actors.therapist)).find((exercise) => exercise.id === id)).toMatchObject({ title: 'Grounding', instructions: 'Name five things.' });
      expect(await archiveExercise(db, p.actors.therapist, { exerciseId: id }, testContext())).toEqual({ status: 'archived' });
      expect((await exercisesOf(db, p.actors.therapist)).find((exercise) => exercise.id === id)?.archivedAt).toBeInstanceOf(Date);
      expect((await auditsOf('exercises.changed', p.therapist.id)).map((event) => event.metadata?.change)).toEqual(['created', 'edited', 'archived']);
    });

    it('another therapist can neither change nor archive them, and is audited', async () => {
      const added = (await saveExercise(db, p.actors.therapist, { title: 'Mine', instructions: 'Only mine.' }, testContext())) as { exerciseId: string };
      expect(await saveExercise(db, p.actors.otherTherapist, { exerciseId: added.exerciseId, title: 'Theirs', instructions: 'x' }, testContext())).toEqual({ status: 'not-found' });
      expect(await archiveExercise(db, other.actors.therapist, { exerciseId: added.exerciseId }, testContext())).toEqual({ status: 'not-found' });
      expect((await auditsOf('exercises.changed', p.otherTherapist.id)).at(-1)).toMatchObject({ outcome: 'denied' });
      expect((await exercisesOf(db, p.actors.therapist)).find((exercise) => exercise.id === added.exerciseId)).toMatchObject({ title: 'Mine', archivedAt: null });
    });
  });

  describe('writing and sharing a summary', () => {
    it('keeps a draft to the therapist, edited in place, then shares it with a notification', async () => {
      const appointment = await addSession(db, p, -2);
      const draft = await save(p.actors.therapist, appointment.id, 'draft', 'new');
      expect(draft).toMatchObject({ status: 'saved', version: 1 });
      const summaryId = (draft as { summaryId: string }).summaryId;
      expect(await summaryForClient(db, p.client.id, summaryId)).toBeNull();
      signIn(p.actors.client);
      await expect404(getPortalSummary(summaryId));

      const again = await save(p.actors.therapist, appointment.id, 'draft', (draft as { revision: string }).revision, { ...CONTENT, keyPoints: 'Draft two' });
      expect(again.status).toBe('saved');
      expect(await db.select().from(sessionSummaryVersions).where(eq(sessionSummaryVersions.summaryId, summaryId))).toHaveLength(1);
      expect(await notificationsOf(p.client.id, 'summaries.shared')).toHaveLength(0);

      const shared = await save(p.actors.therapist, appointment.id, 'share', (again as { revision: string }).revision);
      expect(shared).toMatchObject({ status: 'shared', version: 1 });
      expect((await notificationsOf(p.client.id, 'summaries.shared')).map((n) => n.subjectId)).toContain(summaryId);
      expect(await summaryForClient(db, p.client.id, summaryId)).toEqual({ id: summaryId, appointmentId: appointment.id, keyPoints: CONTENT.keyPoints });
      // Sealed under the client's key: nothing the therapist wrote is in the table.
      const [version] = await db.select().from(sessionSummaryVersions).where(eq(sessionSummaryVersions.summaryId, summaryId));
      expect(version.contentSealed).not.toContain('Sunday');
      expect((await auditsOf('summaries.saved', p.therapist.id)).filter((event) => event.subjectId === summaryId)).toHaveLength(2);
      expect((await auditsOf('summaries.shared', p.therapist.id)).filter((event) => event.subjectId === summaryId)).toHaveLength(1);
    });

    it('after sharing, every save is a new version the client sees as an edit, with the earlier text kept', async () => {
      const { summaryId, revision, appointment } = await sharedSummary();
      const edited = await save(p.actors.therapist, appointment.id, 'share', revision, { ...CONTENT, keyPoints: 'A clearer first point.' });
      expect(edited).toMatchObject({ status: 'edited', version: 2 });
      expect((await notificationsOf(p.client.id, 'summaries.edited')).map((n) => n.subjectId)).toContain(summaryId);
      expect((await auditsOf('summaries.edited', p.therapist.id)).at(-1)).toMatchObject({ subjectId: summaryId, subjectType: 'session_summary' });

      signIn(p.actors.client);
      const read = await getPortalSummary(summaryId);
      expect(read.current).toMatchObject({ version: 2, content: { keyPoints: 'A clearer first point.' } });
      expect(read.earlier).toEqual([expect.objectContaining({ version: 1, content: CONTENT })]);
      expect(read.journalHref).toBe(`/portal/journal/new?summary=${summaryId}`);
      const [row] = await db.select().from(sessionSummaries).where(eq(sessionSummaries.id, summaryId));
      expect(row.clientFirstReadAt).toBeInstanceOf(Date);
      expect((await auditsOf('summaries.read', p.client.id)).at(-1)).toMatchObject({ subjectId: summaryId, outcome: 'success' });
      expect((await summaryForClient(db, p.client.id, summaryId))?.keyPoints).toBe('A clearer first point.');
    });

    it('refuses a save on top of a change made meanwhile, and sessions that have not started or were cancelled', async () => {
      const { revision, appointment } = await sharedSummary();
      expect((await save(p.actors.therapist, appointment.id, 'share', revision)).status).toBe('edited');
      expect(await save(p.actors.therapist, appointment.id, 'share', revision)).toEqual({ status: 'conflict' });
      expect(await save(p.actors.therapist, (await addSession(db, p, -3)).id, 'share', '12345')).toEqual({ status: 'conflict' });

      const future = await addSession(db, p, 2);
      expect(await save(p.actors.therapist, future.id, 'draft', 'new')).toEqual({ status: 'refused', reason: 'not_started' });
      const cancelled = await addSession(db, p, -4);
      await db.update(appointments).set({ status: 'cancelled' }).where(eq(appointments.id, cancelled.id));
      expect(await save(p.actors.therapist, cancelled.id, 'draft', 'new')).toEqual({ status: 'refused', reason: 'cancelled' });
    });

    it('refuses oversize text and keeps nothing', async () => {
      const appointment = await addSession(db, p, -5);
      signIn(p.actors.therapist);
      const form = new FormData();
      for (const [name, value] of Object.entries({ clientId: p.client.id, appointmentId: appointment.id, intent: 'share', revision: 'new', keyPoints: 'x'.repeat(KEY_POINTS_MAX + 1) })) {
        form.set(name, value);
      }
      const answer = await saveSummaryAction({}, form);
      expect(answer.ok).toBeUndefined();
      expect(answer.errors?.keyPoints?.[0]).toMatch(/under 5000 characters/);
      expect(await db.select().from(sessionSummaries).where(eq(sessionSummaries.appointmentId, appointment.id))).toHaveLength(0);
    });
  });

  describe('nobody else', () => {
    it('another therapist, another client and another practice get a 404 for a summary, and each attempt is audited', async () => {
      const { summaryId, appointment } = await sharedSummary();
      expect(await save(p.actors.otherTherapist, appointment.id, 'share', 'new')).toEqual({ status: 'not-found' });
      expect(await save(other.actors.therapist, appointment.id, 'share', 'new', CONTENT, p.client.id)).toEqual({ status: 'not-found' });
      expect((await auditsOf('summaries.saved', p.otherTherapist.id)).at(-1)).toMatchObject({ outcome: 'denied' });

      for (const actor of [p.actors.otherClient, other.actors.client]) {
        signIn(actor);
        await expect404(getPortalSummary(summaryId));
        expect((await auditsOf('summaries.read', actor.id)).at(-1)).toMatchObject({ outcome: 'denied' });
        expect(await summaryForClient(db, actor.id, summaryId)).toBeNull();
      }
      for (const actor of [p.actors.otherTherapist, other.actors.therapist]) {
        signIn(actor);
        await expect404(getSummaryEditor(p.client.id, appointment.id));
        await expect404(getCompanionEditor(p.client.id, appointment.id));
        expect((await auditsOf('summaries.read', actor.id)).at(-1)).toMatchObject({ outcome: 'denied' });
      }
      // Admins lack the permission altogether.
      signIn(p.actors.admin);
      await expect404(getPortalSummary(summaryId));
      await expect404(getSummaryEditor(p.client.id, appointment.id));
    });
  });

  describe('the dashboard’s reminder', () => {
    it('lists sessions ended without a shared summary for a client who chose summaries instead of recording', async () => {
      const q = await consentPractice(db);
      const before = await addSession(db, q, -6);
      const requestId = await open(db, q);
      expect((await declineRecording(db, q.actors.client, { requestId, alternatives: ['therapist_summaries'] }, testContext(), new Date(Date.now() - 5 * DAY))).status).toBe(
        'saved',
      );
      const after = await addSession(db, q, -2);
      const upcoming = await addSession(db, q, 3);
      signIn(q.actors.therapist);
      const due = await getSummariesDue();
      expect(due.map((session) => session.id)).toEqual([after.id]);
      expect(due[0].href).toBe(`/practice/clients/${q.client.id}/sessions/${after.id}/summary`);
      expect([before.id, upcoming.id].some((id) => due.some((session) => session.id === id))).toBe(false);

      const draft = await saveSummary(db, q.actors.therapist, { clientId: q.client.id, appointmentId: after.id, intent: 'draft', revision: 'new', content: CONTENT }, testContext());
      expect((await getSummariesDue()).map((session) => session.id)).toEqual([after.id]);
      await saveSummary(db, q.actors.therapist, { clientId: q.client.id, appointmentId: after.id, intent: 'share', revision: (draft as { revision: string }).revision, content: CONTENT }, testContext());
      expect(await getSummariesDue()).toEqual([]);
      // Another therapist's dashboard knows nothing of it.
      signIn(q.actors.otherTherapist);
      expect(await getSummariesDue()).toEqual([]);
    });
  });

  describe('the between-session companion', () => {
    it('composes from a shared summary only, keeps a draft from the client, and delivers the released episode with its audio', async () => {
      const unshared = await addSession(db, p, -1);
      await save(p.actors.therapist, unshared.id, 'draft', 'new');
      expect(await composeEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: unshared.id, kind: 'after_session', exercise: null, deliverDate: null, deliverTime: null }, testContext())).toEqual({
        status: 'refused',
        reason: 'not_shared',
      });

      const { appointment, summaryId } = await sharedSummary();
      const composed = await composeEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, kind: 'after_session', exercise: 0, deliverDate: null, deliverTime: null }, testContext());
      expect(composed.status).toBe('composed');
      const episodeId = (composed as { episodeId: string }).episodeId;

      // A draft reaches nobody.
      signIn(p.actors.client);
      await expect404(getPortalEpisode(episodeId));
      expect((await auditsOf('companion.played', p.client.id)).at(-1)).toMatchObject({ outcome: 'denied' });
      expect(await deliveredEpisodesOfClient(db, p.actors.client)).toEqual([]);
      signIn(p.actors.therapist);
      const editor = await getCompanionEditor(p.client.id, appointment.id);
      expect(editor.episodes).toEqual([expect.objectContaining({ id: episodeId, status: 'draft', kind: 'after_session' })]);
      expect(editor.episodes[0].scriptText).toContain('Sunday evenings bring dread about the week.');
      expect(editor.episodes[0].scriptText).toContain('[pause 5s]');

      const released = await releaseEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, episodeId }, testContext());
      expect(released.status).toBe('released');
      expect(await releaseEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, episodeId }, testContext())).toEqual({
        status: 'refused',
        reason: 'already_released',
      });
      const [job] = await db.select().from(jobs).where(eq(jobs.key, `companion.synthesise:${episodeId}`));
      expect(job).toMatchObject({ kind: 'companion.synthesise', payload: { episodeId } });

      await runJobs(new Date());
      const [episode] = await db.select().from(companionEpisodes).where(eq(companionEpisodes.id, episodeId));
      expect(episode.fileId).toBeTruthy();
      expect(episode.durationSeconds).toBeGreaterThan(20);
      expect(episode.deliveredAt).toBeInstanceOf(Date);
      const [file] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, episode.fileId!));
      expect(file).toMatchObject({ kind: 'companion', mediaType: 'audio/wav', uploadedById: p.therapist.id, careRelationshipId: p.care.client.id });
      const head: Buffer[] = [];
      for await (const chunk of readContent(file, { start: 0, end: 11 })) head.push(chunk);
      expect(Buffer.concat(head).toString('ascii', 8, 12)).toBe('WAVE');
      expect((await notificationsOf(p.client.id, 'companion.delivered')).map((n) => n.subjectId)).toEqual([episodeId]);
      expect((await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'companion.delivered'), eq(auditEvents.subjectId, episodeId))))).toHaveLength(1);

      signIn(p.actors.client);
      const player = await getPortalEpisode(episodeId);
      expect(player.audio).toEqual({ ready: true, playSrc: `/api/files/${file.id}/content?purpose=play`, downloadHref: `/api/files/${file.id}/content?purpose=download` });
      expect(player.transcript.map((section) => section.section)).toEqual(['greeting', 'key_points', 'exercise', 'reflection', 'close']);
      expect(player.journalHref).toBe(`/portal/journal/new?summary=${summaryId}`);
      expect((await auditsOf('companion.played', p.client.id)).at(-1)).toMatchObject({ subjectId: episodeId, outcome: 'success' });
      expect((await getPortalEpisodes()).map((listed) => listed.id)).toContain(episodeId);

      for (const actor of [p.actors.otherClient, other.actors.client]) {
        signIn(actor);
        await expect404(getPortalEpisode(episodeId));
        expect((await auditsOf('companion.played', actor.id)).at(-1)).toMatchObject({ outcome: 'denied' });
      }
      expect(await releaseEpisode(db, p.actors.otherTherapist, { clientId: p.client.id, appointmentId: appointment.id, episodeId }, testContext())).toEqual({ status: 'not-found' });
      expect((await auditsOf('companion.released', p.otherTherapist.id)).at(-1)).toMatchObject({ outcome: 'denied' });
    });

    it('withdraws a released episode: gone for the client, its audio destroyed, a waiting follow-up never delivered', async () => {
      const { appointment } = await sharedSummary();
      const ids = { clientId: p.client.id, appointmentId: appointment.id };
      const first = (await composeEpisode(db, p.actors.therapist, { ...ids, kind: 'after_session', exercise: 0, deliverDate: null, deliverTime: null }, testContext())) as { episodeId: string };
      // A draft never reached the client: there is nothing to withdraw.
      expect(await withdrawEpisode(db, p.actors.therapist, { ...ids, episodeId: first.episodeId }, testContext())).toEqual({ status: 'refused', reason: 'not_released' });
      await releaseEpisode(db, p.actors.therapist, { ...ids, episodeId: first.episodeId }, testContext());
      await runJobs(new Date());
      const tomorrow = todayInTimeZone(p.practice.timeZone, new Date(Date.now() + DAY));
      const follow = (await composeEpisode(db, p.actors.therapist, { ...ids, kind: 'exercise_again', exercise: 0, deliverDate: tomorrow, deliverTime: '18:00' }, testContext())) as { episodeId: string };
      const followReleased = (await releaseEpisode(db, p.actors.therapist, { ...ids, episodeId: follow.episodeId }, testContext())) as { deliverAt: Date };
      const [delivered] = await db.select().from(companionEpisodes).where(eq(companionEpisodes.id, first.episodeId));
      expect(delivered.deliveredAt).toBeInstanceOf(Date);

      // Not another therapist's to withdraw, and the attempt is audited.
      expect(await withdrawEpisode(db, p.actors.otherTherapist, { ...ids, episodeId: first.episodeId }, testContext())).toEqual({ status: 'not-found' });
      expect((await auditsOf('companion.withdrawn', p.otherTherapist.id)).at(-1)).toMatchObject({ outcome: 'denied' });

      const clientNotices = await db.select().from(notifications).where(eq(notifications.userId, p.client.id));
      expect(clientNotices.filter((n) => n.kind === 'companion.delivered' && n.subjectId === first.episodeId)).toHaveLength(1);
      expect(await withdrawEpisode(db, p.actors.therapist, { ...ids, episodeId: first.episodeId }, testContext())).toEqual({ status: 'withdrawn' });
      const [withdrawn] = await db.select().from(companionEpisodes).where(eq(companionEpisodes.id, first.episodeId));
      expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(Date) });
      const [audio] = await db.select().from(sharedFiles).where(eq(sharedFiles.id, delivered.fileId!));
      expect(audio).toMatchObject({ status: 'deleted', wrappedKey: null, keyId: null, segments: [], removedReason: 'deleted_by_uploader', removedById: p.therapist.id });
      const removal = await db.select().from(jobs).where(eq(jobs.kind, 'files.delete_objects'));
      expect(removal.some((job) => JSON.stringify(job.payload).includes(delivered.fileId!))).toBe(true);
      expect((await auditsOf('companion.withdrawn', p.therapist.id)).at(-1)).toMatchObject({ outcome: 'success', subjectId: first.episodeId, metadata: { sequence: 0, delivered: true } });
      expect((await auditsOf('files.deleted', p.therapist.id)).at(-1)).toMatchObject({ subjectId: delivered.fileId });
      // The client is told nothing, the notification that it arrived is taken back, and they no longer find it.
      const remaining = await db.select().from(notifications).where(eq(notifications.userId, p.client.id));
      const idsOf = (list: { id: string }[]) => list.map((n) => n.id).sort();
      expect(idsOf(remaining)).toEqual(idsOf(clientNotices.filter((n) => !(n.kind === 'companion.delivered' && n.subjectId === first.episodeId))));
      signIn(p.actors.client);
      await expect404(getPortalEpisode(first.episodeId));
      expect((await getPortalEpisodes()).map((listed) => listed.id)).not.toContain(first.episodeId);
      expect(await withdrawEpisode(db, p.actors.therapist, { ...ids, episodeId: first.episodeId }, testContext())).toEqual({ status: 'refused', reason: 'not_released' });

      // The follow-up, withdrawn before its time: never spoken, never delivered.
      expect(await withdrawEpisode(db, p.actors.therapist, { ...ids, episodeId: follow.episodeId }, testContext())).toEqual({ status: 'withdrawn' });
      await runJobs(new Date(followReleased.deliverAt.getTime() + 60_000));
      const [never] = await db.select().from(companionEpisodes).where(eq(companionEpisodes.id, follow.episodeId));
      expect(never).toMatchObject({ status: 'withdrawn', deliveredAt: null, fileId: null });
      expect((await notificationsOf(p.client.id, 'companion.delivered')).filter((n) => n.subjectId === follow.episodeId)).toEqual([]);

      // Audio that was still being spoken when the episode was withdrawn is removed as soon as it is stored.
      const late = await storeFile(db, p.actors.therapist, { spaceId: p.care.client.id, kind: 'companion', fileName: 'late.wav', note: null, appointmentId: null }, encodeWav({ sampleRate: 8000, channels: 1, bitsPerSample: 16 }, Buffer.alloc(8000 * 2 * 3)), testContext(), new Date(), {
        madeByHearth: true,
      });
      const lateId = (late as { fileId: string }).fileId;
      expect(await attachAudio(db, p.actors.therapist, follow.episodeId, { fileId: lateId, seconds: 3 }, new Date())).toBe(false);
      expect((await db.select().from(sharedFiles).where(eq(sharedFiles.id, lateId)))[0]).toMatchObject({ status: 'deleted', wrappedKey: null });

      // The therapist shows it as withdrawn, without its audio, and may compose the first episode again: a fresh draft.
      signIn(p.actors.therapist);
      const editor = await getCompanionEditor(p.client.id, appointment.id);
      expect(editor.episodes.map(({ status, audioSrc, withdrawnAt }) => ({ status, audioSrc, withdrawn: withdrawnAt !== null }))).toEqual([
        { status: 'withdrawn', audioSrc: null, withdrawn: true },
        { status: 'withdrawn', audioSrc: null, withdrawn: true },
      ]);
      expect(editor.firstReleased).toBe(false);
      const again = await composeEpisode(db, p.actors.therapist, { ...ids, kind: 'after_session', exercise: 0, deliverDate: null, deliverTime: null }, testContext());
      expect(again).toEqual({ status: 'composed', episodeId: first.episodeId });
      const [fresh] = await db.select().from(companionEpisodes).where(eq(companionEpisodes.id, first.episodeId));
      expect(fresh).toMatchObject({ status: 'draft', fileId: null, deliveredAt: null, releasedAt: null, withdrawnAt: null, durationSeconds: null });
    });

    // Last: it ends the practice's care.
    it('delivers a follow-up once, when it is due, and not after care has ended', async () => {
      const { appointment } = await sharedSummary();
      const first = (await composeEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, kind: 'after_session', exercise: 0, deliverDate: null, deliverTime: null }, testContext())) as { episodeId: string };
      expect(
        await composeEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, kind: 'exercise_again', exercise: 0, deliverDate: '2099-01-01', deliverTime: '18:00' }, testContext()),
      ).toEqual({ status: 'refused', reason: 'first_not_released' });
      await releaseEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, episodeId: first.episodeId }, testContext());
      await runJobs(new Date());

      const tomorrow = todayInTimeZone(p.practice.timeZone, new Date(Date.now() + DAY));
      const follow = (await composeEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, kind: 'exercise_again', exercise: 0, deliverDate: tomorrow, deliverTime: '18:00' }, testContext())) as {
        episodeId: string;
      };
      const released = await releaseEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, episodeId: follow.episodeId }, testContext());
      expect(released.status).toBe('released');
      const deliverAt = (released as { deliverAt: Date }).deliverAt;
      const [job] = await db.select().from(jobs).where(eq(jobs.key, `companion.deliver:${follow.episodeId}`));
      expect(job.runAt.getTime()).toBe(deliverAt.getTime());

      // Not yet due: nothing reaches the client.
      await runJobs(new Date());
      signIn(p.actors.client);
      await expect404(getPortalEpisode(follow.episodeId));
      // Its time comes (also when the worker was down then): delivered once, by two passes of the worker.
      const later = new Date(deliverAt.getTime() + 60_000);
      await runJobs(later);
      await runJobs(new Date(later.getTime() + 60_000));
      const [episode] = await db.select().from(companionEpisodes).where(eq(companionEpisodes.id, follow.episodeId));
      expect(episode.deliveredAt?.getTime()).toBe(later.getTime());
      expect(episode.durationSeconds).toBeGreaterThan(10);
      expect((await notificationsOf(p.client.id, 'companion.delivered')).filter((n) => n.subjectId === follow.episodeId)).toHaveLength(1);
      expect((await getPortalEpisode(follow.episodeId)).kindLabel).toBe('The exercise again');

      // Another follow-up, due after care has ended: never delivered.
      const next = (await composeEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, kind: 'before_next_session', exercise: null, deliverDate: tomorrow, deliverTime: '19:00' }, testContext())) as {
        episodeId: string;
      };
      const again = (await releaseEpisode(db, p.actors.therapist, { clientId: p.client.id, appointmentId: appointment.id, episodeId: next.episodeId }, testContext())) as { deliverAt: Date };
      await db.update(careRelationships).set({ endedOn: todayInTimeZone(p.practice.timeZone) }).where(eq(careRelationships.id, p.care.client.id));
      await runJobs(new Date(again.deliverAt.getTime() + 60_000));
      const [ended] = await db.select().from(companionEpisodes).where(eq(companionEpisodes.id, next.episodeId));
      expect(ended).toMatchObject({ deliveredAt: null, fileId: null });
    });
  });
});
