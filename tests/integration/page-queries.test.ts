// The database work of a page view, counted: the main pages of each role, rendered as Next.js renders them (layout,
// shell, page and the server components inside it, with React's per-request cache) against a practice of 1 client
// and one of 30. The session check, the guards and the shell cost at most 2 statements together (one, and the
// activity touch once a minute); a page's own content costs a fixed number that does not grow with the practice; and
// no statement of a page view reads a password hash or an MFA secret.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode } from '@auth/core/jwt';
import { eq } from 'drizzle-orm';
import type * as React from 'react';
import { isValidElement, type ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onQuery, type DatabaseHandle, type Db } from '@/db/client';
import { recordingRequests, sessions } from '@/db/schema';
import { storeDemoFile } from '@/db/seed-files';
import { consumeHandoff, createSession } from '@/lib/auth/commands/sessions';
import { openRequest, signAgreement, tickSection } from '@/lib/consent/commands';
import { DISCUSSION_SECTIONS } from '@/lib/consent/model';
import type { Actor } from '@/lib/platform/actor';
import { startOfDay, todayInTimeZone } from '@/lib/platform/clock';
import { authSecret } from '@/lib/platform/crypto/keys';
import { createLocalStore, setObjectStoreForTests } from '@/lib/platform/storage';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import {
  FACTORY_PASSWORD,
  createAppointment,
  createCare,
  createNotification,
  createPerson,
  createPractice,
  publishDemoPolicies,
  type FactoryPerson,
} from '../helpers/factories';
import { TERMS } from './consent-fixtures';

// One simulated request at a time: its cookies and headers, and the memo of React's cache() for it.
const request = vi.hoisted(() => ({ cookies: new Map<string, string>(), memo: null as Map<unknown, { args: unknown[]; value: unknown }[]> | null }));

vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined) }),
  headers: async () => new Headers({ 'x-forwarded-proto': 'http', 'x-hearth-path': '/', 'user-agent': 'vitest' }),
}));

// Forms on the pages import the sign-in and sign-out actions, and with them Auth.js, which Vitest cannot load; a
// page view uses neither.
vi.mock('@/lib/auth/config', () => ({ signIn: vi.fn(), signOut: vi.fn() }));

// Outside a React render cache() remembers nothing; in Next.js it remembers per request. As React does: per function,
// by the arguments' identity.
vi.mock('react', async (importOriginal) => ({
  ...(await importOriginal<typeof React>()),
  cache:
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      if (!request.memo) return fn(...args);
      const entries = request.memo.get(fn) ?? [];
      request.memo.set(fn, entries);
      const hit = entries.find((entry) => entry.args.length === args.length && entry.args.every((arg, i) => Object.is(arg, args[i])));
      if (hit) return hit.value as R;
      const value = fn(...args);
      entries.push({ args, value });
      return value;
    },
}));

const SESSION_COOKIE = 'authjs.session-token';
const SECRETS = /password_hash|mfa_secret|mfa_pending_secret/i;
const DAY_MS = 24 * 60 * 60 * 1000;

type Role = 'client' | 'therapist' | 'admin';
type Component = (props: Record<string, unknown>) => ReactNode | Promise<ReactNode>;
const load = async (modulePath: Promise<{ default: unknown }>) => (await modulePath).default as Component;

const LAYOUTS: Record<Role, () => Promise<Component>> = {
  client: () => load(import('@/app/(portal)/layout')),
  therapist: () => load(import('@/app/(practice)/layout')),
  admin: () => load(import('@/app/(admin)/layout')),
};

interface PageView {
  role: Role;
  path: string;
  page: () => Promise<Component>;
  params?: (p: TestPractice) => Record<string, string>;
  searchParams?: (p: TestPractice) => Record<string, string>;
  /**
   * The most statements the page's own content may run, whatever the size of the practice: what it runs today
   * (reads, the audit row of a health-data read, the audit trail's linking on its own page). More is a regression
   * unless the change that needs it says so here.
   */
  budget: number;
}

const PAGES: PageView[] = [
  { role: 'client', path: '/portal', page: () => load(import('@/app/(portal)/portal/page')), budget: 7 },
  { role: 'client', path: '/portal/sessions', page: () => load(import('@/app/(portal)/portal/sessions/page')), budget: 3 },
  { role: 'client', path: '/portal/recording', page: () => load(import('@/app/(portal)/portal/recording/page')), budget: 9 },
  { role: 'client', path: '/portal/files', page: () => load(import('@/app/(portal)/portal/files/page')), budget: 1 },
  { role: 'therapist', path: '/practice', page: () => load(import('@/app/(practice)/practice/page')), budget: 7 },
  {
    role: 'therapist',
    path: '/practice/schedule',
    page: () => load(import('@/app/(practice)/practice/schedule/page')),
    searchParams: (p) => ({ date: p.scheduleDay }),
    budget: 7,
  },
  {
    role: 'therapist',
    path: '/practice/clients/[clientId]',
    page: () => load(import('@/app/(practice)/practice/clients/[clientId]/page')),
    params: (p) => ({ clientId: p.clients[0].id }),
    budget: 5,
  },
  {
    role: 'therapist',
    path: '/practice/clients/[clientId]/files',
    page: () => load(import('@/app/(practice)/practice/clients/[clientId]/files/page')),
    params: (p) => ({ clientId: p.clients[0].id }),
    budget: 5,
  },
  { role: 'admin', path: '/admin', page: () => load(import('@/app/(admin)/admin/page')), budget: 1 },
  { role: 'admin', path: '/admin/users', page: () => load(import('@/app/(admin)/admin/users/page')), budget: 1 },
  { role: 'admin', path: '/admin/audit', page: () => load(import('@/app/(admin)/admin/audit/page')), budget: 7 },
];

interface TestPractice {
  admin: FactoryPerson;
  therapist: FactoryPerson;
  clients: FactoryPerson[];
  timeZone: string;
  /** A day with a session of every client, for the schedule. */
  scheduleDay: string;
}

const actorOf = (person: FactoryPerson, timeZone: string): Actor => ({ id: person.id, practiceId: person.practiceId, role: person.role, timeZone });

function must<T extends { status: string }>(result: T, what: string): T {
  if (result.status !== 'saved') throw new Error(`${what}: ${JSON.stringify(result)}`);
  return result;
}

/** An agreement to record, discussed and signed by both through the real commands. */
async function agreeToRecord(db: Db, client: Actor & { name: string }, therapist: Actor & { name: string }) {
  const { requestId } = must(await openRequest(db, client, { therapistId: therapist.id, terms: TERMS }, testContext()), 'open') as { requestId: string };
  const row = async () => (await db.select().from(recordingRequests).where(eq(recordingRequests.id, requestId)))[0];
  for (const section of DISCUSSION_SECTIONS) {
    for (const party of [client, therapist]) must(await tickSection(db, party, { requestId, section, rowVersion: (await row()).rowVersion }, testContext()), 'tick');
  }
  for (const party of [therapist, client]) {
    must(await signAgreement(db, party, { requestId, termsSha256: (await row()).termsSha256, fullName: party.name, password: FACTORY_PASSWORD }, testContext()), 'sign');
  }
}

/**
 * A practice of `clientCount` clients, all with one therapist, each with everything the main pages show: policies
 * acknowledged, sessions past, coming and on the schedule's day, an agreement to record, shared files, notifications.
 * The larger practice also gives each client more of each, and its first client a second therapist, so a query per
 * row shows up either way.
 */
async function practiceOf(db: Db, clientCount: number, perClient: number): Promise<TestPractice> {
  const practice = await createPractice(db);
  const admin = await createPerson(db, practice, 'admin');
  const therapist = await createPerson(db, practice, 'therapist');
  const as = (person: FactoryPerson) => ({ ...actorOf(person, practice.timeZone), name: person.name });
  const clients: FactoryPerson[] = [];
  for (let n = 0; n < clientCount; n++) clients.push(await createPerson(db, practice, 'client'));
  await publishDemoPolicies(db, [{ practice, admin, acknowledgedBy: clients }]);
  const scheduleDay = todayInTimeZone(practice.timeZone, new Date(Date.now() + 2 * DAY_MS));
  const dayStarts = startOfDay(scheduleDay, practice.timeZone).getTime();
  for (const [n, client] of clients.entries()) {
    const care = await createCare(db, { client, therapist, startedOn: '2025-01-01' });
    await createAppointment(db, { care, client, therapist, startsAt: new Date(dayStarts + (8 + (n % 10)) * 60 * 60 * 1000) });
    for (let k = 0; k < perClient; k++) {
      await createAppointment(db, { care, client, therapist, startsAt: new Date(Date.now() + (7 * k - 10) * DAY_MS) });
      await createNotification(db, { person: client });
      await createNotification(db, { person: therapist });
    }
    await agreeToRecord(db, as(client), as(therapist));
    for (let k = 0; k < perClient; k++) {
      await storeDemoFile(db, care.id, { by: as(client), kind: 'document', fileName: `Notes ${k}.txt`, content: Buffer.from(`Notes ${k}\n`), at: new Date() }, testContext());
    }
  }
  // In the larger practice the client whose pages are viewed also sees a second therapist, with an agreement too.
  if (clientCount > 1) {
    const second = await createPerson(db, practice, 'therapist');
    const care = await createCare(db, { client: clients[0], therapist: second, startedOn: '2025-01-01' });
    await createAppointment(db, { care, client: clients[0], therapist: second, startsAt: new Date(Date.now() + 3 * DAY_MS) });
    await agreeToRecord(db, as(clients[0]), as(second));
  }
  return { admin, therapist, clients, timeZone: practice.timeZone, scheduleDay };
}

/** The session cookie Auth.js sets at sign-in, for a session made as sign-in makes it. */
async function signedIn(db: Db, person: FactoryPerson) {
  const { ticket } = await createSession(db, person.id, testContext());
  const sessionId = await consumeHandoff(db, ticket);
  return encode({ token: { sid: sessionId }, secret: authSecret(), salt: SESSION_COOKIE, maxAge: 12 * 60 * 60 });
}

/** Runs the server components of a tree as a render would: each async component, and whatever it and its children hold. */
async function render(node: ReactNode | Promise<ReactNode>): Promise<void> {
  const resolved = await node;
  if (Array.isArray(resolved)) {
    for (const child of resolved) await render(child);
    return;
  }
  if (!isValidElement<Record<string, unknown>>(resolved)) return;
  const { type, props } = resolved;
  // Only async components load data; the others (client components among them) just pass their children on.
  if (typeof type === 'function' && type.constructor.name === 'AsyncFunction') await render((type as Component)(props));
  else await render(props.children as ReactNode);
}

interface Counted {
  /** The session check, the guards and the shell: the layout's part. */
  frame: string[];
  /** The page's own. */
  content: string[];
}

/** One page view by the holder of `cookie`, its statements split into the frame's and the content's. */
async function view(cookie: string, page: PageView, practice: TestPractice): Promise<Counted> {
  request.cookies = new Map([[SESSION_COOKIE, cookie]]);
  request.memo = new Map();
  const statements: string[] = [];
  const stop = onQuery((query) => statements.push(query));
  try {
    const layout = await LAYOUTS[page.role]();
    await render(layout({ children: null }));
    const frame = statements.splice(0);
    const Page = await page.page();
    await render(Page({ params: Promise.resolve(page.params?.(practice) ?? {}), searchParams: Promise.resolve(page.searchParams?.(practice) ?? {}) }));
    return { frame, content: statements.splice(0) };
  } finally {
    stop();
    request.memo = null;
  }
}

describe.each(testDatabases)('the queries of a page view on $name', (database) => {
  let handle: DatabaseHandle;
  let objects: string;
  const practices = {} as Record<'small' | 'large', { practice: TestPractice; cookies: Record<Role, string> }>;

  beforeAll(async () => {
    vi.stubEnv('HEARTH_ENCRYPTION_KEY', randomBytes(32).toString('base64'));
    vi.stubEnv('AUTH_SECRET', randomBytes(32).toString('base64'));
    objects = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-page-queries-'));
    setObjectStoreForTests(createLocalStore(objects));
    handle = await useFreshDatabase(database);
    for (const [size, clients, perClient] of [
      ['small', 1, 1],
      ['large', 30, 3],
    ] as const) {
      const practice = await practiceOf(handle.db, clients, perClient);
      const cookies = {
        client: await signedIn(handle.db, practice.clients[0]),
        therapist: await signedIn(handle.db, practice.therapist),
        admin: await signedIn(handle.db, practice.admin),
      };
      practices[size] = { practice, cookies };
    }
  });
  afterAll(async () => {
    setObjectStoreForTests(undefined);
    vi.unstubAllEnvs();
    await handle?.close();
    fs.rmSync(objects, { recursive: true, force: true });
  });

  it.each(PAGES)('$role $path: one statement for the session, the guards and the shell; a fixed few for the content', async (page) => {
    // Counted on a second view: what a first view does once (linking the audit trail written so far) is not what each costs.
    const counted = async (size: 'small' | 'large') => {
      await view(practices[size].cookies[page.role], page, practices[size].practice);
      return view(practices[size].cookies[page.role], page, practices[size].practice);
    };
    const small = await counted('small');
    const large = await counted('large');
    expect(small.frame, 'the session check, guards and shell').toHaveLength(1);
    expect(large.frame, 'the session check, guards and shell').toHaveLength(1);
    expect(large.content.length, `the content, 30 clients vs 1:\n${large.content.join('\n')}`).toBe(small.content.length);
    expect(large.content.length, `the content:\n${large.content.join('\n')}`).toBeLessThanOrEqual(page.budget);
    for (const statement of [...small.frame, ...small.content, ...large.frame, ...large.content]) expect(statement).not.toMatch(SECRETS);
  });

  it('adds the activity touch once a minute: still at most 2 statements for the session, the guards and the shell', async () => {
    const { practice, cookies } = practices.large;
    for (const role of ['client', 'therapist', 'admin'] as const) {
      const person = role === 'client' ? practice.clients[0] : practice[role];
      await handle.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 2 * 60 * 1000) }).where(eq(sessions.userId, person.id));
      const page = PAGES.find((candidate) => candidate.role === role)!;
      const touched = await view(cookies[role], page, practice);
      expect(touched.frame, role).toHaveLength(2);
      expect(touched.frame[1], role).toMatch(/^update "sessions" set "last_seen_at"/);
      expect((await view(cookies[role], page, practice)).frame, role).toHaveLength(1);
    }
  });
});
