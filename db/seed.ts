import { and, asc, eq, isNull } from 'drizzle-orm';
import { addAppointment } from '../lib/appointments/commands';
import { hashPassword } from '../lib/auth/commands/password';
import {
  answerSession,
  declineRecording,
  endAgreement,
  openRequest,
  proposeAlternatives,
  savePreferences,
  sendMessage,
  signAgreement,
  tickSection,
  withdrawAgreement,
} from '../lib/consent/commands';
import { type Alternative, type ConsentTerms, DISCUSSION_SECTIONS, type Party } from '../lib/consent/model';
import { removeRecordingsOf } from '../lib/files/commands';
import { demoPolicies } from '../lib/policies/demo-content';
import { policyContentSha256 } from '../lib/policies/hash';
import { versionInForce } from '../lib/policies/queries';
import { POLICY_KINDS } from '../lib/policies/model';
import { saveReminderSettings } from '../lib/reminders/commands';
import { reminderSettingsOf } from '../lib/reminders/queries';
import type { Actor } from '@/lib/platform/actor';
import { nextDay, todayInTimeZone } from '@/lib/platform/clock';
import type { RequestContext } from '@/lib/platform/http';
import type { Db, Tx } from './client';
import { type DemoFile, drawingPng, recordingWav, storeDemoFile, worksheetPdf } from './seed-files';
import { writeDemoSummary } from './seed-companion';
import { writeDemoJournal } from './seed-journal';
import { appointments, careRelationships, policyAcknowledgements, policyVersions, practices, recordingRequests, users, type Role } from './schema';

export const DEMO_PASSWORD = 'hearth-demo';

export interface SeedPractice {
  slug: string;
  name: string;
  timeZone: string;
  /** Where the practice is (ISO codes), so the recording guidance has a place to start from. */
  location?: { country: string; region: string | null };
  people: { email: string; name: string; role: Role }[];
  care: [client: string, therapist: string][];
  /** How long ago newly seeded care relationships started (default: today). */
  careStartedDaysAgo?: number;
}

export const DEMO_PRACTICES: SeedPractice[] = [
  {
    slug: 'demo',
    name: 'Willow Grove Counselling',
    timeZone: 'America/New_York',
    location: { country: 'US', region: 'US-NY' },
    people: [
      { email: 'admin@demo.test', name: 'Avery Admin', role: 'admin' },
      { email: 'therapist@demo.test', name: 'Dr. Robin Hale', role: 'therapist' },
      { email: 'therapist2@demo.test', name: 'Sam Okafor, LCSW', role: 'therapist' },
      { email: 'client@demo.test', name: 'Jordan Lee', role: 'client' },
      { email: 'client2@demo.test', name: 'Casey Morgan', role: 'client' },
    ],
    care: [
      ['client@demo.test', 'therapist@demo.test'],
      ['client2@demo.test', 'therapist2@demo.test'],
    ],
  },
  {
    slug: 'harbor',
    name: 'Harbor Light Therapy',
    timeZone: 'Europe/Dublin',
    location: { country: 'IE', region: null },
    people: [
      { email: 'admin@harbor.test', name: 'Niamh Byrne', role: 'admin' },
      { email: 'therapist@harbor.test', name: 'Dr. Cian Walsh', role: 'therapist' },
      { email: 'client@harbor.test', name: 'Aoife Kelly', role: 'client' },
    ],
    care: [['client@harbor.test', 'therapist@harbor.test']],
  },
];

/**
 * Creates the demo practices and accounts (password `hearth-demo`, MFA off). Running it again
 * changes nothing: every row is matched by its natural key first.
 */
export async function seedDemo(db: Db, practicesToSeed: SeedPractice[] = DEMO_PRACTICES) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const today = new Date().toISOString().slice(0, 10);
  await db.transaction(async (tx) => {
    for (const practice of practicesToSeed) {
      const startedOn = daysBefore(today, practice.careStartedDaysAgo ?? 0);
      await tx
        .insert(practices)
        .values({ slug: practice.slug, name: practice.name, timeZone: practice.timeZone, ...practice.location })
        .onConflictDoNothing();
      const [{ id: practiceId }] = await tx.select({ id: practices.id }).from(practices).where(eq(practices.slug, practice.slug));
      for (const person of practice.people) {
        await tx
          .insert(users)
          .values({ ...person, practiceId, passwordHash, passwordChangedAt: new Date() })
          .onConflictDoNothing();
      }
      const ids = new Map(
        (await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.practiceId, practiceId))).map((u) => [u.email, u.id]),
      );
      for (const [clientEmail, therapistEmail] of practice.care) {
        const clientId = ids.get(clientEmail)!;
        const therapistId = ids.get(therapistEmail)!;
        const existing = await tx
          .select({ id: careRelationships.id })
          .from(careRelationships)
          .where(and(eq(careRelationships.clientId, clientId), eq(careRelationships.therapistId, therapistId)));
        if (existing.length === 0) {
          await tx.insert(careRelationships).values({ practiceId, clientId, therapistId, startedOn });
        }
      }
      await seedPolicies(tx, practiceId, practice);
    }
  });
}

const daysBefore = (isoDate: string, days: number) => {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - days)).toISOString().slice(0, 10);
};

/**
 * Two published versions of each policy, by the practice's admin, for a practice with none yet
 * (published history is never rewritten); then the seeded clients' acknowledgement of each
 * version in force, so demo clients can go straight in, including clients added by a later run.
 */
async function seedPolicies(tx: Tx, practiceId: string, practice: SeedPractice) {
  const adminEmail = practice.people.find((person) => person.role === 'admin')?.email;
  const people = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.practiceId, practiceId));
  const idOf = (email: string) => people.find((person) => person.email === email)?.id;
  const today = todayInTimeZone(practice.timeZone);
  const existing = await tx.select({ id: policyVersions.id }).from(policyVersions).where(eq(policyVersions.practiceId, practiceId)).limit(1);
  if (existing.length === 0 && adminEmail) {
    const documents = demoPolicies({ name: practice.name, contactEmail: adminEmail });
    for (const kind of POLICY_KINDS) {
      await tx.insert(policyVersions).values(
        documents[kind].map((document, index) => {
          const effectiveOn = daysBefore(today, document.effectiveDaysAgo);
          return {
            practiceId,
            kind,
            version: index + 1,
            title: document.title,
            body: document.body,
            contentSha256: policyContentSha256(document),
            effectiveOn,
            changeSummary: document.changeSummary,
            publishedById: idOf(adminEmail)!,
            // Published a week ahead of taking effect, as a practice would.
            publishedAt: new Date(`${daysBefore(effectiveOn, 7)}T12:00:00Z`),
          };
        }),
      );
    }
  }
  const seededClientIds = practice.people.filter((person) => person.role === 'client').map((person) => idOf(person.email)!);
  for (const kind of POLICY_KINDS) {
    const inForce = await versionInForce(tx, practiceId, kind, today);
    if (!inForce || seededClientIds.length === 0) continue;
    await tx
      .insert(policyAcknowledgements)
      .values(seededClientIds.map((userId) => ({ userId, versionId: inForce.id, contentSha256: inForce.contentSha256 })))
      .onConflictDoNothing();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The showcase: sessions, and a recording request in each state, so every screen of the demo has something to show.

/** Three more clients in the demo practice, so each therapist's list shows several recording states at once. */
const SHOWCASE_EXTRA: Record<string, Pick<SeedPractice, 'people' | 'care'>> = {
  demo: {
    people: [
      { email: 'client3@demo.test', name: 'Riley Chen', role: 'client' },
      { email: 'client4@demo.test', name: 'Taylor Brooks', role: 'client' },
      { email: 'client5@demo.test', name: 'Drew Ellis', role: 'client' },
    ],
    care: [
      ['client3@demo.test', 'therapist@demo.test'],
      ['client4@demo.test', 'therapist@demo.test'],
      ['client5@demo.test', 'therapist2@demo.test'],
    ],
  },
};

/** The demo practices as `npm run demo` shows them: DEMO_PRACTICES, their care begun months ago, and the clients above. */
export const DEMO_SHOWCASE_PRACTICES: SeedPractice[] = DEMO_PRACTICES.map((practice) => ({
  ...practice,
  careStartedDaysAgo: 120,
  people: [...practice.people, ...(SHOWCASE_EXTRA[practice.slug]?.people ?? [])],
  care: [...practice.care, ...(SHOWCASE_EXTRA[practice.slug]?.care ?? [])],
}));

const SEED_CONTEXT: RequestContext = { ip: '127.0.0.1', userAgent: 'Hearth demo data (db/seed.ts)' };
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

type Person = Actor & { name: string };

interface Story {
  /** What the relationship ends up showing, for the report. */
  title: string;
  practice: string;
  client: string;
  therapist: string;
  /** Weekly-ish sessions: days from today in the practice, at one wall-clock time. */
  sessions: { days: number[]; start: string; channel: 'in_person' | 'telehealth' };
  requests: (story: StoryContext) => Promise<void>;
}

interface StoryContext {
  db: Db;
  client: Person;
  therapist: Person;
  /** The care relationship, which is also the two people's shared space. */
  spaceId: string;
  /** The relationship's scheduled sessions, in time order. */
  sessions: { id: string; startsAt: Date }[];
  /** The session `days` from today (as seeded). */
  sessionOn: (days: number) => { id: string; startsAt: Date };
  /** `days` (fractional) from now. */
  at: (days: number) => Date;
  /** The practice's date `days` from today. */
  dateIn: (days: number) => string;
  now: Date;
}

function share(s: StoryContext, file: DemoFile) {
  return storeDemoFile(s.db, s.spaceId, file, SEED_CONTEXT);
}

function saved<T extends { status: string }>(result: T, what: string, ok: string[] = ['saved']): T {
  if (!ok.includes(result.status)) throw new Error(`${what} was refused: ${JSON.stringify(result)}`);
  return result;
}

const termsOf = (overrides: Partial<ConsentTerms> & Pick<ConsentTerms, 'sessions'>): ConsentTerms => ({
  purposes: ['self_reflection'],
  otherPurpose: null,
  method: 'client_upload',
  storage: 'hearth_vault',
  listeners: 'client_only',
  transcriptionAllowed: false,
  sharingNeedsNewAgreement: true,
  retentionDays: 60,
  onWithdrawal: { action: 'delete_within_days', days: 7 },
  neutralFileLabels: true,
  ...overrides,
});

async function rowVersionOf(db: Db, requestId: string) {
  const [row] = await db.select({ rowVersion: recordingRequests.rowVersion }).from(recordingRequests).where(eq(recordingRequests.id, requestId));
  return row.rowVersion;
}

async function open(s: StoryContext, by: Party, terms: ConsentTerms, when: Date) {
  const result =
    by === 'client'
      ? await openRequest(s.db, s.client, { therapistId: s.therapist.id, terms }, SEED_CONTEXT, when)
      : await openRequest(s.db, s.therapist, { clientId: s.client.id, terms }, SEED_CONTEXT, when);
  if (result.status !== 'saved') throw new Error(`opening a request was refused: ${JSON.stringify(result)}`);
  return result.requestId;
}

/** Ticks sections as one person, a few minutes apart from `from`. */
async function tick(s: StoryContext, requestId: string, party: Party, sections: readonly (typeof DISCUSSION_SECTIONS)[number][], from: Date) {
  let minutes = 0;
  for (const section of sections) {
    const rowVersion = await rowVersionOf(s.db, requestId);
    saved(await tickSection(s.db, s[party], { requestId, section, rowVersion }, SEED_CONTEXT, new Date(from.getTime() + minutes * 60_000)), `ticking ${section}`);
    minutes += 3;
  }
}

async function say(s: StoryContext, requestId: string, party: Party, body: string, when: Date) {
  saved(await sendMessage(s.db, s[party], { requestId, body }, SEED_CONTEXT, when), 'a message', ['sent']);
}

async function sign(s: StoryContext, requestId: string, party: Party, when: Date) {
  const [row] = await s.db.select({ termsSha256: recordingRequests.termsSha256 }).from(recordingRequests).where(eq(recordingRequests.id, requestId));
  const person = s[party];
  saved(
    await signAgreement(s.db, person, { requestId, termsSha256: row.termsSha256, fullName: person.name, password: DEMO_PASSWORD }, SEED_CONTEXT, when),
    `${party}'s signature`,
  );
}

async function answer(s: StoryContext, requestId: string, appointmentId: string, value: 'yes' | 'not_this_time', when: Date) {
  saved(await answerSession(s.db, s.client, { requestId, appointmentId, answer: value }, SEED_CONTEXT, when), 'a session answer', ['answered']);
}

async function alternatives(s: StoryContext, requestId: string, party: Party, chosen: Alternative[], when: Date) {
  const rowVersion = await rowVersionOf(s.db, requestId);
  saved(await proposeAlternatives(s.db, s[party], { requestId, rowVersion, alternatives: chosen }, SEED_CONTEXT, when), 'proposing alternatives');
}

/**
 * One story per care relationship: its sessions, then its requests, driven through the real commands (so hashes,
 * history, signatures, audit rows and notifications are what they would be) at moments in the last two weeks.
 * Together: discussing, awaiting_signatures, active, declined, withdrawn and ended.
 */
const STORIES: Story[] = [
  {
    title: 'Jordan Lee with Dr. Robin Hale: an agreement that ended after its two sessions, then one in force',
    practice: 'demo',
    client: 'client@demo.test',
    therapist: 'therapist@demo.test',
    sessions: { days: [-11, -4, 0, 3, 10, 17, 24, 31, 38, 45, 52, 59], start: '17:00', channel: 'telehealth' },
    requests: async (s) => {
      const first = await open(s, 'client', termsOf({ purposes: ['memory_aid'], sessions: { kind: 'next_n', count: 2 } }), s.at(-13));
      await tick(s, first, 'client', DISCUSSION_SECTIONS, s.at(-13 + 0.1));
      await tick(s, first, 'therapist', DISCUSSION_SECTIONS, s.at(-12.8));
      await sign(s, first, 'therapist', s.at(-12.6));
      await sign(s, first, 'client', s.at(-12.5));
      for (const days of [-11, -4]) await answer(s, first, s.sessionOn(days).id, 'yes', new Date(s.sessionOn(days).startsAt.getTime() - 3 * HOUR_MS));
      // The client recorded the first covered session; files shared between sessions.
      await share(s, { by: s.client, kind: 'recording', fileName: 'Session recording.wav', content: recordingWav(), appointmentId: s.sessionOn(-11).id, at: new Date(s.sessionOn(-11).startsAt.getTime() + HOUR_MS) });
      await share(s, { by: s.therapist, kind: 'worksheet', fileName: 'Thought record.pdf', note: 'Try one when you notice the Sunday dread.', content: await worksheetPdf(), at: s.at(-10.5) });
      await share(s, { by: s.client, kind: 'image', fileName: 'My calm place.png', note: 'The drawing we talked about', content: drawingPng(), at: s.at(-6) });
      await share(s, { by: s.client, kind: 'document', fileName: 'Notes before next session.txt', content: Buffer.from('Things I want to bring up:\n- the work deadline\n- sleeping better since the breathing practice\n'), at: s.at(-3.5) });
      const lastEnds = new Date(s.sessionOn(-4).startsAt.getTime() + HOUR_MS);
      if (!(await endAgreement(s.db, { requestId: first, reason: 'session_count' }, lastEnds))) throw new Error('the first agreement did not end');

      const second = await open(
        s,
        'client',
        termsOf({ purposes: ['self_reflection', 'memory_aid'], sessions: { kind: 'next_n', count: 4 }, listeners: 'client_and_therapist' }),
        s.at(-3),
      );
      await say(s, second, 'client', 'The last two recordings really helped. Could we do the next few sessions the same way, and could you listen too?', s.at(-3 + 0.01));
      await say(s, second, 'therapist', 'Of course. I have set who may listen to both of us; have a look before you sign.', s.at(-2.9));
      await tick(s, second, 'client', DISCUSSION_SECTIONS, s.at(-2.8));
      await tick(s, second, 'therapist', DISCUSSION_SECTIONS, s.at(-2.5));
      await sign(s, second, 'therapist', s.at(-2.2));
      await sign(s, second, 'client', s.at(-2));
      await answer(s, second, s.sessionOn(3).id, 'yes', s.now);
      await answer(s, second, s.sessionOn(10).id, 'not_this_time', s.now);
      // Between sessions (lib/summaries, lib/companion; db/seed-companion.ts): the last session's summary, shared, and its audio episode.
      await writeDemoSummary(s, SEED_CONTEXT, -4);
      // The journal (lib/journal, db/seed-journal.ts): entries over the last weeks, one shared with the therapist.
      await writeDemoJournal(s, SEED_CONTEXT);
    },
  },
  {
    title: 'Riley Chen with Dr. Robin Hale: discussed, signed by the client, waiting for the therapist',
    practice: 'demo',
    client: 'client3@demo.test',
    therapist: 'therapist@demo.test',
    sessions: { days: [-6, 1, 8, 15, 22, 29, 36, 43, 50, 57], start: '10:00', channel: 'in_person' },
    requests: async (s) => {
      const id = await open(
        s,
        'therapist',
        termsOf({
          purposes: ['skill_practice'],
          sessions: { kind: 'next_n', count: 6 },
          method: 'client_device',
          storage: 'client_device',
          retentionDays: 30,
          onWithdrawal: { action: 'keep_until_retention' },
        }),
        s.at(-5),
      );
      saved(
        await savePreferences(
          s.db,
          s.therapist,
          { requestId: id, rowVersion: await rowVersionOf(s.db, id), preferences: 'I am glad for you to record our sessions for your own practice. Please keep them where only you can open them.' },
          SEED_CONTEXT,
          s.at(-5 + 0.01),
        ),
        'saving preferences',
      );
      await say(s, id, 'client', 'Can I stop recording partway through a session if I want to?', s.at(-4.5));
      await say(s, id, 'therapist', 'Yes, at any time. Just say so, or stop it yourself.', s.at(-4.4));
      await tick(s, id, 'therapist', DISCUSSION_SECTIONS, s.at(-4.3));
      await tick(s, id, 'client', DISCUSSION_SECTIONS, s.at(-2));
      await sign(s, id, 'client', s.at(-1));
    },
  },
  {
    title: 'Taylor Brooks with Dr. Robin Hale: declined, with session summaries and journaling instead',
    practice: 'demo',
    client: 'client4@demo.test',
    therapist: 'therapist@demo.test',
    sessions: { days: [-9, -2, 5, 12, 19, 26, 33, 40, 47, 54], start: '14:00', channel: 'in_person' },
    requests: async (s) => {
      const id = await open(s, 'client', termsOf({ sessions: { kind: 'all_from_date', from: s.dateIn(-8) } }), s.at(-8));
      await alternatives(s, id, 'therapist', ['therapist_summaries', 'journaling'], s.at(-8 + 0.1));
      await say(s, id, 'therapist', 'Happy to talk it through. If recording feels like a lot, a short summary from me after each session works well too.', s.at(-8 + 0.11));
      await tick(s, id, 'client', ['purpose_scope'], s.at(-7.5));
      saved(
        await declineRecording(s.db, s.client, { requestId: id, alternatives: ['therapist_summaries', 'journaling'] }, SEED_CONTEXT, s.at(-7)),
        'declining',
      );
    },
  },
  {
    title: 'Casey Morgan with Sam Okafor: being discussed, waiting for the therapist',
    practice: 'demo',
    client: 'client2@demo.test',
    therapist: 'therapist2@demo.test',
    sessions: { days: [-5, 0, 7, 14, 21, 28, 35, 42, 49, 56], start: '11:00', channel: 'telehealth' },
    requests: async (s) => {
      const id = await open(
        s,
        'client',
        termsOf({
          purposes: ['memory_aid', 'other'],
          otherPurpose: 'To go over the breathing exercises again at home',
          sessions: { kind: 'all_from_date', from: s.dateIn(0) },
        }),
        s.at(-2),
      );
      await tick(s, id, 'client', DISCUSSION_SECTIONS, s.at(-2 + 0.01));
      await tick(s, id, 'therapist', ['purpose_scope', 'practice_policy'], s.at(-1.5));
      await say(s, id, 'therapist', 'Thanks for raising this. Let’s go through where the recordings would be kept at our next session.', s.at(-1.5 + 0.01));
      await say(s, id, 'client', 'Sounds good. Would it be all right if only I listen to them?', s.at(-1));
    },
  },
  {
    title: 'Drew Ellis with Sam Okafor: agreed, then withdrawn by the client',
    practice: 'demo',
    client: 'client5@demo.test',
    therapist: 'therapist2@demo.test',
    sessions: { days: [-13, -6, 1, 8, 15, 22, 29, 36, 43, 50], start: '15:00', channel: 'telehealth' },
    requests: async (s) => {
      const id = await open(
        s,
        'therapist',
        termsOf({ purposes: ['self_reflection'], sessions: { kind: 'next_n', count: 8 }, listeners: 'client_and_therapist' }),
        s.at(-12.9),
      );
      await tick(s, id, 'therapist', DISCUSSION_SECTIONS, s.at(-12.8));
      await tick(s, id, 'client', DISCUSSION_SECTIONS, s.at(-12.5));
      await sign(s, id, 'client', s.at(-12.4));
      await sign(s, id, 'therapist', s.at(-12.3));
      await answer(s, id, s.sessionOn(-6).id, 'yes', new Date(s.sessionOn(-6).startsAt.getTime() - 5 * HOUR_MS));
      await share(s, { by: s.client, kind: 'recording', fileName: 'Session recording.wav', content: recordingWav(6), appointmentId: s.sessionOn(-6).id, at: new Date(s.sessionOn(-6).startsAt.getTime() + HOUR_MS) });
      saved(await withdrawAgreement(s.db, s.client, { requestId: id, reason: 'I’d rather keep my own notes for now.' }, SEED_CONTEXT, s.at(-5)), 'withdrawing');
      // The deletion the withdrawal scheduled (within 7 days) ran the next day: both see the tombstone.
      await removeRecordingsOf(s.db, id, 'consent_withdrawn', s.at(-4));
    },
  },
];

/**
 * The demo with something on every screen: the showcase practices (DEMO_PRACTICES and three more clients), sessions
 * past and upcoming for each demo relationship, and recording requests in every state (see STORIES), made through the
 * real commands. Running it again changes nothing: a relationship that already has sessions gets none, and one that
 * already has a recording request gets none. A story that cannot be told (say, a demo password was changed) is
 * skipped with a warning, and the rest goes on.
 */
export async function seedDemoShowcase(db: Db, now = new Date()) {
  await seedDemo(db, DEMO_SHOWCASE_PRACTICES);
  const report = { told: [] as string[], skipped: [] as string[] };
  for (const story of STORIES) {
    const found = await storyPeople(db, story);
    if (!found) {
      report.skipped.push(`${story.title}: the people or their care relationship are missing`);
      continue;
    }
    const { client, therapist, careId, timeZone } = found;
    const today = todayInTimeZone(timeZone, now);
    const dateIn = (days: number) => (days >= 0 ? addDays(today, days) : daysBefore(today, -days));
    try {
      const existing = await db.select({ id: appointments.id }).from(appointments).where(eq(appointments.careRelationshipId, careId)).limit(1);
      if (existing.length === 0) {
        for (const days of story.sessions.days) {
          const result = await addAppointment(
            db,
            therapist,
            { clientId: client.id, date: dateIn(days), start: story.sessions.start, duration: 50, channel: story.sessions.channel },
            SEED_CONTEXT,
            now,
          );
          saved(result, `the session on ${dateIn(days)}`, ['added']);
        }
      }
      const requests = await db.select({ id: recordingRequests.id }).from(recordingRequests).where(eq(recordingRequests.careRelationshipId, careId)).limit(1);
      if (requests.length > 0) continue;
      const sessions = await db
        .select({ id: appointments.id, startsAt: appointments.startsAt })
        .from(appointments)
        .where(and(eq(appointments.careRelationshipId, careId), eq(appointments.status, 'scheduled')))
        .orderBy(asc(appointments.startsAt));
      const sessionOn = (days: number) => {
        const date = dateIn(days);
        const session = sessions.find((candidate) => todayInTimeZone(timeZone, candidate.startsAt) === date);
        if (!session) throw new Error(`no session on ${date}`);
        return session;
      };
      await story.requests({ db, client, therapist, spaceId: careId, sessions, sessionOn, at: (days) => new Date(now.getTime() + days * DAY_MS), dateIn, now });
      report.told.push(story.title);
    } catch (error) {
      report.skipped.push(`${story.title}: ${(error as Error).message}`);
    }
  }
  await seedDemoReminders(db, report, now);
  for (const skipped of report.skipped) console.warn(`Demo showcase: skipped ${skipped}`);
  return report;
}

function addDays(isoDate: string, days: number) {
  let date = isoDate;
  for (let i = 0; i < days; i++) date = nextDay(date);
  return date;
}

async function storyPeople(db: Db, story: Story) {
  const [practice] = await db.select({ id: practices.id, timeZone: practices.timeZone }).from(practices).where(eq(practices.slug, story.practice));
  if (!practice) return null;
  const people = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.practiceId, practice.id));
  const person = (email: string): Person | null => {
    const row = people.find((candidate) => candidate.email === email);
    return row ? { id: row.id, practiceId: practice.id, role: row.role, timeZone: practice.timeZone, name: row.name } : null;
  };
  const client = person(story.client);
  const therapist = person(story.therapist);
  if (!client || !therapist) return null;
  const [care] = await db
    .select({ id: careRelationships.id })
    .from(careRelationships)
    .where(and(eq(careRelationships.clientId, client.id), eq(careRelationships.therapistId, therapist.id), isNull(careRelationships.endedOn)));
  return care ? { client, therapist, careId: care.id, timeZone: practice.timeZone } : null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Reflection reminders: Jordan Lee has them set, through the command (so the first one is queued), unless set already.

async function seedDemoReminders(db: Db, report: { skipped: string[] }, now: Date) {
  const [practice] = await db.select({ id: practices.id, timeZone: practices.timeZone }).from(practices).where(eq(practices.slug, 'demo'));
  const [client] = practice
    ? await db.select({ id: users.id }).from(users).where(and(eq(users.practiceId, practice.id), eq(users.email, 'client@demo.test')))
    : [];
  if (!practice || !client) {
    report.skipped.push('Jordan Lee’s reminders: the demo client is missing');
    return;
  }
  const actor: Actor = { id: client.id, practiceId: practice.id, role: 'client', timeZone: practice.timeZone };
  if (await reminderSettingsOf(db, actor)) return;
  await saveReminderSettings(db, actor, { timeZone: practice.timeZone, afterSessionTime: '19:00', weekly: { days: [7], time: '18:00' }, email: false }, SEED_CONTEXT, now);
}
