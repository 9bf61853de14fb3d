import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { auditEvents, jobs, notificationPreferences, notifications, outboxMessages, practices, users } from '@/db/schema';
import { markAllRead, markRead, setEmailPreference } from '@/lib/notifications/commands';
import { NOTIFICATIONS_PAGE_SIZE } from '@/lib/notifications/model';
import { countUnread, listNotifications, wantsEmail } from '@/lib/notifications/queries';
import type { Actor } from '@/lib/platform/actor';
import { NOTIFICATION_KINDS } from '@/lib/platform/notifications/catalogue';
import { notify } from '@/lib/platform/notifications/notify';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { routes } from '@/lib/routes';
import { jobHandlers } from '@/lib/runtime/jobs';
import { GET as getUnread } from '@/app/api/notifications/unread/route';
import type { SessionUser } from '@/lib/auth/model';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { seedDemoWithIds } from '../helpers/demo';

// The route handler asks the guards who is signed in; here the test decides.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/auth/guards', () => ({
  getCurrentUser: async () => session.user,
  getCurrentUserWithoutActivity: async () => session.user,
  requireUser: async () => session.user,
}));

const APP_URL = 'https://portal.example.org';
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const KIND = 'policy.version_published';

describe.each(testDatabases)('notifications on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  let mailbox: string;
  const people = new Map<string, Actor & { email: string }>();
  const person = (email: string) => people.get(email)!;
  let demoPracticeId: string;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
    await seedDemoWithIds(db);
    const rows = await db
      .select({ id: users.id, practiceId: users.practiceId, role: users.role, timeZone: practices.timeZone, email: users.email })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId));
    for (const row of rows) people.set(row.email, row);
    demoPracticeId = person('admin@demo.test').practiceId;
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    // Each test starts with nobody notified and nobody opted in.
    await db.delete(notifications);
    await db.delete(notificationPreferences);
    await db.delete(jobs);
    mailbox = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mailbox-'));
    vi.stubEnv('SMTP_URL', '');
    vi.stubEnv('MAILBOX_DIR', mailbox);
    vi.stubEnv('APP_URL', APP_URL);
    vi.stubEnv('HEARTH_ENCRYPTION_KEY', ENCRYPTION_KEY);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    fs.rmSync(mailbox, { recursive: true, force: true });
  });

  const idsOf = (...emails: string[]) => emails.map((email) => person(email).id);
  const notificationsOf = (email: string) => db.select().from(notifications).where(eq(notifications.userId, person(email).id));
  const outboxTo = (...emails: string[]) => db.select().from(outboxMessages).where(inArray(outboxMessages.toAddress, emails));
  const notifyDemo = (...emails: string[]) => db.transaction((tx) => notify(tx, demoPracticeId, idsOf(...emails), KIND, 'version-1'));
  const optIn = (email: string) => setEmailPreference(db, person(email), { email: true }, testContext());

  it('leaves nothing behind when the transaction that notifies rolls back', async () => {
    await optIn('client@demo.test');
    await expect(
      db.transaction(async (tx) => {
        expect(await notify(tx, demoPracticeId, idsOf('client@demo.test', 'therapist@demo.test'), KIND, 'version-1')).toBe(2);
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    expect(await db.select().from(notifications)).toHaveLength(0);
    expect(await outboxTo('client@demo.test')).toHaveLength(0);
    expect(await db.select().from(jobs)).toHaveLength(0);
  });

  it('notifies only active people of the practice, once each', async () => {
    await db.update(users).set({ status: 'deactivated' }).where(eq(users.email, 'client2@demo.test'));
    try {
      const recipients = idsOf('client@demo.test', 'therapist@demo.test', 'client@demo.test', 'client2@demo.test', 'client@harbor.test');
      const notified = await db.transaction((tx) => notify(tx, demoPracticeId, recipients, KIND, 'version-1'));
      expect(notified).toBe(2);
      const rows = await db.select().from(notifications);
      expect(rows.map((row) => row.userId).sort()).toEqual(idsOf('client@demo.test', 'therapist@demo.test').sort());
      expect(rows.every((row) => row.practiceId === demoPracticeId && row.kind === KIND && row.subjectId === 'version-1' && row.readAt === null)).toBe(true);
      expect(await db.transaction((tx) => notify(tx, demoPracticeId, [], KIND))).toBe(0);
    } finally {
      await db.update(users).set({ status: 'active' }).where(eq(users.email, 'client2@demo.test'));
    }
  });

  it('emails only people who opted in, with a neutral sentence and a link, nothing of the kind', async () => {
    await optIn('client@demo.test');
    await notifyDemo('client@demo.test', 'therapist@demo.test');

    const mails = await outboxTo('client@demo.test', 'therapist@demo.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ toAddress: 'client@demo.test', kind: 'notification', subject: 'You have a new notification in Hearth', practiceId: demoPracticeId });

    await runDueJobs(db, { handlers: jobHandlers, clock: () => new Date(Date.now() + 1000) });
    const files = fs.readdirSync(mailbox);
    expect(files).toHaveLength(1);
    const text = fs.readFileSync(path.join(mailbox, files[0]), 'utf8');
    expect(text).toContain(`${APP_URL}${routes.notifications}`);
    const { title, body } = NOTIFICATION_KINDS[KIND];
    for (const kindSpecific of [title, body, 'policy', 'version-1', KIND]) expect(text.toLowerCase()).not.toContain(kindSpecific.toLowerCase());
  });

  it('keeps e-mail off until the person opts in, and audits each change of mind', async () => {
    const client = person('client2@demo.test');
    expect(await wantsEmail(db, client.id)).toBe(false);
    expect(await setEmailPreference(db, client, { email: false }, testContext())).toEqual({ status: 'unchanged', email: false });
    expect(await setEmailPreference(db, client, { email: true }, testContext())).toEqual({ status: 'saved', email: true });
    expect(await setEmailPreference(db, client, { email: true }, testContext())).toEqual({ status: 'unchanged', email: true });
    expect(await wantsEmail(db, client.id)).toBe(true);
    expect(await setEmailPreference(db, client, { email: false }, testContext())).toEqual({ status: 'saved', email: false });
    expect(await wantsEmail(db, client.id)).toBe(false);
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'notifications.preferences_changed'), eq(auditEvents.actorId, client.id)));
    expect(audits.map((row) => row.metadata)).toEqual([{ email: true }, { email: false }]);
    expect(audits.every((row) => row.subjectId === client.id && row.practiceId === client.practiceId)).toBe(true);
  });

  it('marks a notification read for its owner only: another person’s id is not found and stays unread', async () => {
    await notifyDemo('client@demo.test', 'therapist@demo.test');
    const [mine] = await notificationsOf('client@demo.test');
    const [theirs] = await notificationsOf('therapist@demo.test');
    const client = person('client@demo.test');
    const harborAdmin = person('admin@harbor.test');

    expect(await markRead(db, client, { id: theirs.id })).toEqual({ status: 'not-found' });
    expect(await markRead(db, harborAdmin, { id: mine.id })).toEqual({ status: 'not-found' });
    expect(await markRead(db, client, { id: '00000000-0000-4000-8000-000000000000' })).toEqual({ status: 'not-found' });
    expect((await notificationsOf('therapist@demo.test'))[0].readAt).toBeNull();
    expect((await notificationsOf('client@demo.test'))[0].readAt).toBeNull();

    const readAt = new Date('2030-01-02T03:04:05Z');
    expect(await markRead(db, client, { id: mine.id }, readAt)).toEqual({ status: 'read' });
    expect((await notificationsOf('client@demo.test'))[0].readAt).toEqual(readAt);
    // Marking it again changes nothing, not even when.
    expect(await markRead(db, client, { id: mine.id })).toEqual({ status: 'read' });
    expect((await notificationsOf('client@demo.test'))[0].readAt).toEqual(readAt);
    expect(await countUnread(db, client)).toBe(0);
    expect(await countUnread(db, person('therapist@demo.test'))).toBe(1);
  });

  it('marks all read for the owner only', async () => {
    await notifyDemo('client@demo.test', 'therapist@demo.test');
    await notifyDemo('client@demo.test', 'therapist@demo.test');
    const client = person('client@demo.test');
    expect(await countUnread(db, client)).toBe(2);
    expect(await markAllRead(db, client)).toEqual({ status: 'read', count: 2 });
    expect(await markAllRead(db, client)).toEqual({ status: 'read', count: 0 });
    expect(await countUnread(db, client)).toBe(0);
    expect(await countUnread(db, person('therapist@demo.test'))).toBe(2);
  });

  it('lists a person’s own notifications newest first, in the words and links of their kind, page by page', async () => {
    const client = person('client@demo.test');
    const base = Date.now() - 60 * 60 * 1000;
    await db.insert(notifications).values(
      Array.from({ length: NOTIFICATIONS_PAGE_SIZE + 1 }, (_, i) => ({
        practiceId: client.practiceId,
        userId: client.id,
        kind: i === 0 ? 'retired.kind' : KIND,
        createdAt: new Date(base + i * 1000),
      })),
    );
    await notifyDemo('therapist@demo.test');

    const first = await listNotifications(db, client, 1);
    expect(first).toMatchObject({ total: NOTIFICATIONS_PAGE_SIZE + 1, page: 1, pageCount: 2 });
    expect(first.items).toHaveLength(NOTIFICATIONS_PAGE_SIZE);
    expect(first.items[0]).toMatchObject({ title: NOTIFICATION_KINDS[KIND].title, href: routes.portalPolicies, read: false, createdAt: new Date(base + NOTIFICATIONS_PAGE_SIZE * 1000) });
    const last = await listNotifications(db, client, 99);
    expect(last.page).toBe(2);
    // A kind no longer in the catalogue reads neutrally and leads to the notification centre.
    expect(last.items).toEqual([expect.objectContaining({ title: 'Something changed in Hearth', href: routes.notifications })]);
    expect((await listNotifications(db, person('therapist@demo.test'), 1)).total).toBe(1);
  });

  describe('GET /api/notifications/unread', () => {
    const signedIn = (email: string, extra: Partial<SessionUser> = {}): SessionUser => ({
      ...person(email),
      sessionId: 'test-session',
      practiceName: 'Test',
      name: 'Test',
      mfaEnabled: false,
      requireStaffMfa: false,
      ...extra,
    });
    afterEach(() => {
      session.user = null;
    });

    async function ask() {
      const response = await getUnread();
      return { status: response.status, cache: response.headers.get('cache-control'), body: await response.json() };
    }

    it('answers 401 in JSON, never cached, when signed out', async () => {
      expect(await ask()).toEqual({ status: 401, cache: 'no-store', body: { error: 'signed-out' } });
    });

    it('answers the signed-in person’s own unread count, never cached', async () => {
      await notifyDemo('client@demo.test', 'therapist@demo.test');
      await notifyDemo('client@demo.test');
      session.user = signedIn('client@demo.test');
      expect(await ask()).toEqual({ status: 200, cache: 'no-store', body: { unread: 2 } });
      session.user = signedIn('admin@demo.test');
      expect(await ask()).toEqual({ status: 200, cache: 'no-store', body: { unread: 0 } });
    });

    it('answers 403 to staff who must turn on two-step sign-in first', async () => {
      session.user = signedIn('therapist@demo.test', { requireStaffMfa: true, mfaEnabled: false });
      expect(await ask()).toEqual({ status: 403, cache: 'no-store', body: { error: 'mfa-required' } });
    });
  });
});
