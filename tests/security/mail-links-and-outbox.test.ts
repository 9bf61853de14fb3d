import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { jobs, outboxMessages, passwordResets, users } from '@/db/schema';
import { requestPasswordReset } from '@/lib/auth/commands/password-reset';
import { createInvitation } from '@/lib/invitations/commands';
import { env } from '@/lib/platform/config';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { jobHandlers } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { createPracticeWithPeople, type PracticeWithPeople } from '../helpers/factories';

const PUBLIC_ORIGIN = 'https://portal.hearth.example';

function mailTo(mailbox: string, to: string): string[] {
  if (!fs.existsSync(mailbox)) return [];
  return fs
    .readdirSync(mailbox)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => fs.readFileSync(path.join(mailbox, name), 'utf8'))
    .filter((text) => text.includes(`To: ${to}\n`));
}

const linksIn = (mail: string) => mail.match(/https?:\/\/\S+/g) ?? [];

describe.each(testDatabases)('mail links and the outbox on $name', (database) => {
  let handle: DatabaseHandle;
  let people: PracticeWithPeople;
  let mailbox: string;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    people = await createPracticeWithPeople(handle.db);
  });
  afterAll(() => handle?.close());
  beforeEach(() => {
    mailbox = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mailbox-'));
    vi.stubEnv('SMTP_URL', '');
    vi.stubEnv('MAILBOX_DIR', mailbox);
    vi.stubEnv('APP_URL', PUBLIC_ORIGIN);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    fs.rmSync(mailbox, { recursive: true, force: true });
  });

  const runJobs = () => runDueJobs(handle.db, { handlers: jobHandlers });

  // Finding 1: a reset request sent with `X-Forwarded-Host: evil.test` mailed a link to evil.test.
  // Links now come from APP_URL alone (e2e/security.spec.ts sends the forged header to the server).
  it('mails reset links on the configured public address only', async () => {
    await requestPasswordReset(handle.db, people.client.email, testContext());
    await runJobs();
    const [mail] = mailTo(mailbox, people.client.email);
    expect(mail).toBeDefined();
    const links = linksIn(mail);
    expect(links).toHaveLength(1);
    expect(new URL(links[0]!).origin).toBe(PUBLIC_ORIGIN);
    expect(mail).not.toContain('evil.test');
  });

  it('has no address to build links from in production without APP_URL, so the server refuses to start', () => {
    vi.stubEnv('APP_URL', '');
    vi.stubEnv('AUTH_URL', '');
    vi.stubEnv('NODE_ENV', 'production');
    expect(() => env.publicOrigin).toThrow(/APP_URL/);
  });

  // Finding 3: outbox rows held working invitation and reset links, readable by every admin.
  it('keeps no usable invitation or reset link at rest, before or after delivery', async () => {
    const invitee = `invitee-${Date.now()}@example.test`;
    const invited = await createInvitation(handle.db, { ...people.admin, timeZone: people.practice.timeZone }, { email: invitee, role: 'therapist' }, testContext());
    expect(invited.status).toBe('sent');
    await requestPasswordReset(handle.db, people.therapist.email, testContext());

    const tokensAtRest = async () => {
      const outbox = await handle.db.select().from(outboxMessages);
      const queued = await handle.db.select().from(jobs);
      return JSON.stringify({ outbox, queued });
    };
    const before = await tokensAtRest();
    await runJobs();
    const after = await tokensAtRest();

    const tokens = [...mailTo(mailbox, invitee), ...mailTo(mailbox, people.therapist.email)].flatMap(linksIn).map((link) => new URL(link).pathname.split('/').at(-1)!);
    expect(tokens).toHaveLength(2);
    for (const token of tokens) {
      expect(token.length).toBeGreaterThan(20);
      expect(before).not.toContain(token);
      expect(after).not.toContain(token);
    }
    // What the outbox does hold: who, what kind, where delivery stands.
    const rows = await handle.db.select().from(outboxMessages);
    expect(Object.keys(rows[0]).sort()).toEqual(['attempts', 'createdAt', 'id', 'kind', 'lastError', 'practiceId', 'sentAt', 'state', 'subject', 'toAddress']);
  });

  // Finding 5: a request for an existing account took measurably longer than for an unknown one.
  // Now both do exactly the same thing before the answer: queue one job, touch nothing else.
  it('does the same work for a reset request whether or not the account exists', async () => {
    const counts = async () => {
      const [row] = await handle.db.execute<{ jobs: number; resets: number; outbox: number; audit: number; users: number }>(sql`
        select (select count(*)::int from ${jobs}) as jobs, (select count(*)::int from ${passwordResets}) as resets,
               (select count(*)::int from ${outboxMessages}) as outbox, (select count(*)::int from audit_events) as audit,
               (select count(*)::int from ${users}) as users`).then((result) => (Array.isArray(result) ? result : (result as { rows: never[] }).rows));
      return row;
    };
    await runJobs();
    const start = await counts();
    await requestPasswordReset(handle.db, people.otherClient.email, testContext());
    const afterKnown = await counts();
    await requestPasswordReset(handle.db, `nobody-${Date.now()}@example.test`, testContext());
    const afterUnknown = await counts();
    expect(afterKnown).toEqual({ ...start, jobs: start.jobs + 1 });
    expect(afterUnknown).toEqual({ ...afterKnown, jobs: afterKnown.jobs + 1 });
  });
});
