// Seeds the two practices of bench/consent.mjs into the database the environment names (DATA_DIR or DATABASE_URL):
//
//   bench-large  one therapist with 200 clients, 2,000 sessions (10 each, past and upcoming), and a recording request
//                for one client in four (50), through the real commands: in force, being discussed, waiting for
//                signatures, declined and withdrawn, ten of each. Its first client has an agreement in force.
//   bench-empty  one therapist and one client in their care: no sessions, no requests.
//
// Password `hearth-demo` for everyone (the demo's). Prints the accounts to sign in with as one JSON line.
import { eq } from 'drizzle-orm';
import { openFromEnvironment, type Db } from '../db/client';
import { appointments, careRelationships, recordingRequests, users } from '../db/schema';
import { DEMO_PASSWORD, type SeedPractice, seedDemo } from '../db/seed';
import { declineRecording, openRequest, sendMessage, signAgreement, tickSection, withdrawAgreement } from '../lib/consent/commands';
import { type ConsentTerms, DISCUSSION_SECTIONS } from '../lib/consent/model';
import type { Actor } from '../lib/platform/actor';
import { todayInTimeZone } from '../lib/platform/clock';

const CLIENTS = 200;
const SESSIONS_PER_CLIENT = 10;
const TIME_ZONE = 'America/New_York';
const CONTEXT = { ip: '127.0.0.1', userAgent: 'Hearth consent benchmark seed' };
const HOUR_MS = 60 * 60 * 1000;

const clientEmail = (n: number) => `client-${String(n).padStart(3, '0')}@large.bench.test`;

const LARGE: SeedPractice = {
  slug: 'bench-large',
  name: 'Large Bench Practice',
  timeZone: TIME_ZONE,
  careStartedDaysAgo: 90,
  people: [
    { email: 'admin@large.bench.test', name: 'Large Admin', role: 'admin' },
    { email: 'therapist@large.bench.test', name: 'Dr. Large Therapist', role: 'therapist' },
    ...Array.from({ length: CLIENTS }, (_, i) => ({ email: clientEmail(i + 1), name: `Client ${String(i + 1).padStart(3, '0')} Bench`, role: 'client' as const })),
  ],
  care: Array.from({ length: CLIENTS }, (_, i) => [clientEmail(i + 1), 'therapist@large.bench.test'] as [string, string]),
};

const EMPTY: SeedPractice = {
  slug: 'bench-empty',
  name: 'Empty Bench Practice',
  timeZone: TIME_ZONE,
  people: [
    { email: 'admin@empty.bench.test', name: 'Empty Admin', role: 'admin' },
    { email: 'therapist@empty.bench.test', name: 'Dr. Empty Therapist', role: 'therapist' },
    { email: 'client@empty.bench.test', name: 'Empty Client', role: 'client' },
  ],
  care: [['client@empty.bench.test', 'therapist@empty.bench.test']],
};

const terms = (today: string): ConsentTerms => ({
  purposes: ['self_reflection'],
  otherPurpose: null,
  sessions: { kind: 'all_from_date', from: today },
  method: 'client_upload',
  storage: 'hearth_vault',
  listeners: 'client_only',
  transcriptionAllowed: false,
  sharingNeedsNewAgreement: true,
  retentionDays: 60,
  onWithdrawal: { action: 'delete_within_days', days: 7 },
  neutralFileLabels: true,
});

function must<T extends { status: string }>(result: T, what: string, ok = 'saved'): T {
  if (result.status !== ok) throw new Error(`${what}: ${JSON.stringify(result)}`);
  return result;
}

async function tickAll(db: Db, actor: Actor, requestId: string, sections: readonly (typeof DISCUSSION_SECTIONS)[number][] = DISCUSSION_SECTIONS) {
  for (const section of sections) {
    const [row] = await db.select({ rowVersion: recordingRequests.rowVersion }).from(recordingRequests).where(eq(recordingRequests.id, requestId));
    must(await tickSection(db, actor, { requestId, section, rowVersion: row.rowVersion }, CONTEXT), `tick ${section}`);
  }
}

async function sign(db: Db, actor: Actor & { name: string }, requestId: string) {
  const [row] = await db.select({ termsSha256: recordingRequests.termsSha256 }).from(recordingRequests).where(eq(recordingRequests.id, requestId));
  must(await signAgreement(db, actor, { requestId, termsSha256: row.termsSha256, fullName: actor.name, password: DEMO_PASSWORD }, CONTEXT), 'sign');
}

const handle = await openFromEnvironment();
try {
  const started = Date.now();
  await seedDemo(handle.db, [LARGE, EMPTY]);
  const db = handle.db;
  const people = await db.select({ id: users.id, email: users.email, name: users.name, role: users.role, practiceId: users.practiceId }).from(users);
  const actor = (email: string) => {
    const row = people.find((person) => person.email === email);
    if (!row) throw new Error(`${email} was not seeded`);
    return { id: row.id, practiceId: row.practiceId, role: row.role, timeZone: TIME_ZONE, name: row.name };
  };
  const therapist = actor('therapist@large.bench.test');
  const care = await db.select({ id: careRelationships.id, clientId: careRelationships.clientId }).from(careRelationships).where(eq(careRelationships.therapistId, therapist.id));
  const careOf = new Map(care.map((row) => [row.clientId, row.id]));

  // 2,000 sessions: four past and six upcoming per client, at different hours, straight into the table.
  const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const rows = [];
  for (let n = 1; n <= CLIENTS; n++) {
    const client = actor(clientEmail(n));
    for (let k = 0; k < SESSIONS_PER_CLIENT; k++) {
      const days = -27 + 7 * k + (n % 6);
      rows.push({
        practiceId: therapist.practiceId,
        careRelationshipId: careOf.get(client.id)!,
        clientId: client.id,
        therapistId: therapist.id,
        startsAt: new Date(hour + (days * 24 + (n % 10)) * HOUR_MS),
        durationMinutes: 50,
        channel: (n % 2 === 0 ? 'telehealth' : 'in_person') as 'telehealth' | 'in_person',
        createdById: therapist.id,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(appointments).values(rows.slice(i, i + 500));

  // A request for one client in four, ten in each of five states; client 1's is in force.
  const today = todayInTimeZone(TIME_ZONE);
  const states = ['active', 'discussing', 'awaiting_signatures', 'declined', 'withdrawn'] as const;
  const made: Record<string, number> = {};
  for (let j = 0; j < CLIENTS / 4; j++) {
    const client = actor(clientEmail(4 * j + 1));
    const state = states[j % states.length];
    const { requestId } = must(await openRequest(db, client, { therapistId: therapist.id, terms: terms(today) }, CONTEXT), 'open') as { requestId: string };
    if (state === 'discussing') {
      await tickAll(db, client, requestId, ['purpose_scope', 'practice_policy']);
      must(await sendMessage(db, client, { requestId, body: 'Could we talk about where the recordings would be kept?' }, CONTEXT), 'message', 'sent');
    } else if (state === 'declined') {
      must(await declineRecording(db, client, { requestId, alternatives: ['journaling'] }, CONTEXT), 'decline');
    } else {
      await tickAll(db, client, requestId);
      await tickAll(db, therapist, requestId);
      await sign(db, client, requestId);
      if (state !== 'awaiting_signatures') await sign(db, therapist, requestId);
      if (state === 'withdrawn') must(await withdrawAgreement(db, client, { requestId, reason: null }, CONTEXT), 'withdraw');
    }
    made[state] = (made[state] ?? 0) + 1;
  }
  console.log(`Consent benchmark practices seeded (${handle.kind}) in ${Date.now() - started} ms: ${CLIENTS} clients, ${rows.length} sessions, requests ${JSON.stringify(made)}.`);
  console.log(
    JSON.stringify({
      large: { therapist: 'therapist@large.bench.test', client: clientEmail(1), clients: CLIENTS, sessions: rows.length },
      empty: { therapist: 'therapist@empty.bench.test', client: 'client@empty.bench.test' },
    }),
  );
} finally {
  await handle.close();
}
