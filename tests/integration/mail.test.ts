import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { invitations, jobs, outboxMessages, practices, users, type Job } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { createInvitation } from '@/lib/invitations/commands';
import { listOutboxMessages, OUTBOX_PAGE_SIZE } from '@/lib/outbox/queries';
import type { Actor } from '@/lib/platform/actor';
import { deliverMail, sendMail } from '@/lib/platform/mail/mailer';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { jobHandlers } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on a random local port that keeps what it receives. While `refusing`, it
 * answers every recipient with 451 (try again later), as a server in trouble does.
 */
async function startSmtpServer() {
  const received: Received[] = [];
  const state = { refusing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.refusing) return callback();
      callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, state, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// Undo quoted-printable soft line breaks and escapes, so long links can be read back whole.
const decodeBody = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
const subjectOf = (raw: string) => /^Subject: (.*)$/m.exec(raw)?.[1];

const APP_URL = 'https://portal.example.org';
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const SECOND = 1000;

describe.each(testDatabases)('mail on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  let practiceId: string;
  let admin: Actor;
  let mailbox: string;

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
    await seedDemo(db);
    const [row] = await db
      .select({ id: users.id, practiceId: users.practiceId, role: users.role, timeZone: practices.timeZone })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId))
      .where(eq(users.email, 'admin@demo.test'));
    admin = row;
    practiceId = row.practiceId;
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    // Each test starts from an empty queue, so no delivery of an earlier test runs here.
    await db.delete(jobs);
    mailbox = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mailbox-'));
    vi.stubEnv('MAILBOX_DIR', mailbox);
    vi.stubEnv('APP_URL', APP_URL);
    vi.stubEnv('MAIL_FROM', 'Hearth <no-reply@hearth.test>');
    vi.stubEnv('HEARTH_ENCRYPTION_KEY', ENCRYPTION_KEY);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    fs.rmSync(mailbox, { recursive: true, force: true });
  });

  const outboxFor = (to: string) => db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to));
  const deliveryJobOf = async (messageId: string) => (await db.select().from(jobs).where(eq(jobs.key, `mail:${messageId}`)))[0];
  const at = (base: Date, ms: number) => () => new Date(base.getTime() + ms);
  const work = (clock: () => Date) => runDueJobs(db, { handlers: jobHandlers, clock, workerId: 'mail-test' });
  const mailboxFiles = () => fs.readdirSync(mailbox);

  describe('without SMTP_URL', () => {
    beforeEach(() => vi.stubEnv('SMTP_URL', ''));

    it('queues the message in the caller’s transaction: an outbox row without body or link, and a job with the body sealed', async () => {
      const text = `Open ${APP_URL}/invite/secret-token-1 to accept.`;
      const id = await db.transaction((tx) => sendMail(tx, { practiceId, to: 'outbox-1@example.test', kind: 'invitation', subject: 'Hello', text }));
      const [row] = await outboxFor('outbox-1@example.test');
      expect(row).toMatchObject({ id, practiceId, kind: 'invitation', subject: 'Hello', state: 'queued', attempts: 0, sentAt: null });
      expect(JSON.stringify(row)).not.toContain('secret-token-1');
      const job = await deliveryJobOf(id);
      expect(job).toMatchObject({ kind: 'mail.deliver', state: 'queued', practiceId });
      expect(job.payload).toEqual({ messageId: id, sealedBody: expect.stringMatching(/^v1\./) });
      expect(JSON.stringify(job)).not.toContain('secret-token-1');
      // Nothing is delivered until a worker runs the job.
      expect(mailboxFiles()).toEqual([]);
    });

    it('leaves no outbox row and no job when the transaction rolls back', async () => {
      let id = '';
      await expect(
        db.transaction(async (tx) => {
          id = await sendMail(tx, { practiceId, to: 'outbox-2@example.test', kind: 'invitation', subject: 'Never', text: 'Never' });
          throw new Error('change refused');
        }),
      ).rejects.toThrow('change refused');
      expect(await outboxFor('outbox-2@example.test')).toHaveLength(0);
      expect(await deliveryJobOf(id)).toBeUndefined();
      await work(at(new Date(), SECOND));
      expect(mailboxFiles()).toEqual([]);
    });

    it('writes each message whole into MAILBOX_DIR, readable by its owner only, once; the job then forgets the body', async () => {
      const text = `Reset with ${APP_URL}/reset-password/secret-token-2`;
      const id = await db.transaction((tx) => sendMail(tx, { practiceId, to: 'file-1@example.test', kind: 'password_reset', subject: 'Reset', text }));
      const sealed = (await deliveryJobOf(id)).payload;
      await work(at(new Date(), SECOND));

      const files = mailboxFiles();
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`^\\d+-${id}\\.eml$`));
      const file = path.join(mailbox, files[0]);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file, 'utf8')).toBe(['From: Hearth <no-reply@hearth.test>', 'To: file-1@example.test', 'Subject: Reset', '', text, ''].join('\n'));

      const [row] = await outboxFor('file-1@example.test');
      expect(row).toMatchObject({ state: 'sent', attempts: 1, lastError: null });
      const job = await deliveryJobOf(id);
      expect(job).toMatchObject({ state: 'done', payload: { messageId: id } });
      expect(JSON.stringify(job)).not.toContain('sealedBody');

      // A worker that died after writing the file but before recording it runs the delivery again:
      // the same file is replaced, never a second copy.
      await db.update(outboxMessages).set({ state: 'queued' }).where(eq(outboxMessages.id, id));
      await deliverMail(sealed as { messageId: string; sealedBody: string }, { db, job: { ...job, attempts: 2 } as Job, now: new Date() });
      expect(mailboxFiles()).toEqual(files);
      expect(fs.readFileSync(file, 'utf8')).toContain(text);
    });

    it('pages the practice outbox newest first and shows no other practice’s mail', async () => {
      const [harbor] = await db.select().from(practices).where(eq(practices.slug, 'harbor'));
      const base = Date.now() - 60 * 60 * 1000;
      await db.insert(outboxMessages).values(
        Array.from({ length: OUTBOX_PAGE_SIZE + 2 }, (_, i) => ({
          practiceId: harbor.id,
          toAddress: `paged-${i}@example.test`,
          kind: 'invitation',
          subject: `Message ${i}`,
          createdAt: new Date(base + i * 1000),
        })),
      );
      const first = await listOutboxMessages(db, harbor.id, 1);
      expect(first).toMatchObject({ total: OUTBOX_PAGE_SIZE + 2, page: 1, pageCount: 2 });
      expect(first.messages).toHaveLength(OUTBOX_PAGE_SIZE);
      expect(first.messages[0].subject).toBe(`Message ${OUTBOX_PAGE_SIZE + 1}`);
      const second = await listOutboxMessages(db, harbor.id, 99);
      expect(second.page).toBe(2);
      expect(second.messages.map((m) => m.subject)).toEqual(['Message 1', 'Message 0']);
      const demo = await listOutboxMessages(db, practiceId, 1);
      expect(demo.messages.some((m) => m.to.startsWith('paged-'))).toBe(false);
    });
  });

  describe('with SMTP_URL', () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    beforeAll(async () => {
      smtp = await startSmtpServer();
    });
    afterAll(() => smtp?.close());
    beforeEach(() => {
      vi.stubEnv('SMTP_URL', smtp.url);
      smtp.state.refusing = false;
    });
    const receivedBy = (to: string) => smtp.received.filter((m) => m.to.includes(to));

    it('sends nothing until the change has committed and the worker runs, then delivers to the server', async () => {
      const t0 = new Date();
      await db.transaction(async (tx) => {
        await sendMail(tx, { practiceId, to: 'smtp-1@example.test', kind: 'invitation', subject: 'Direct', text: 'Sent by the worker.' });
        // A worker on another connection does not see the uncommitted job. (PGlite has one
        // connection, held by this transaction: a worker there would wait for it.)
        if (handle.kind === 'postgres') await work(at(t0, SECOND));
        expect(receivedBy('smtp-1@example.test')).toHaveLength(0);
      });
      expect(receivedBy('smtp-1@example.test')).toHaveLength(0);
      await work(at(t0, SECOND));
      const [message] = receivedBy('smtp-1@example.test');
      expect(message.from).toBe('no-reply@hearth.test');
      expect(subjectOf(message.raw)).toBe('Direct');
      expect(decodeBody(message.raw)).toContain('Sent by the worker.');
      expect(await outboxFor('smtp-1@example.test')).toMatchObject([{ state: 'sent', attempts: 1, lastError: null }]);
      expect(mailboxFiles()).toEqual([]);
    });

    it('delivers every message exactly once when the server refuses mail for a while, then recovers', async () => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const addresses = Array.from({ length: 5 }, (_, i) => `outage-${i}@example.test`);
      await db.transaction(async (tx) => {
        for (const to of addresses) await sendMail(tx, { practiceId, to, kind: 'invitation', subject: `For ${to}`, text: `Link for ${to}` });
      });
      const states = async () => (await Promise.all(addresses.map(outboxFor))).map(([row]) => row);
      const t0 = new Date();

      smtp.state.refusing = true;
      expect(await work(at(t0, SECOND))).toBe(5);
      expect(smtp.received.filter((m) => m.to.some((to) => addresses.includes(to)))).toHaveLength(0);
      for (const row of await states()) {
        expect(row).toMatchObject({ state: 'retrying', attempts: 1, sentAt: null });
        // The class and SMTP codes of the failure, not the server's words or the address.
        expect(row.lastError).toMatch(/^Error \(EENVELOPE 451\)$/);
      }
      // Before the backoff has passed, nothing is tried again.
      expect(await work(at(t0, 5 * SECOND))).toBe(0);

      smtp.state.refusing = false;
      expect(await work(at(t0, 12 * SECOND))).toBe(5);
      for (const to of addresses) {
        const got = receivedBy(to);
        expect(got, to).toHaveLength(1);
        expect(decodeBody(got[0].raw)).toContain(`Link for ${to}`);
      }
      for (const row of await states()) expect(row).toMatchObject({ state: 'sent', attempts: 2, lastError: null });

      // Nothing more goes out later.
      expect(await work(at(t0, 24 * 60 * 60 * SECOND))).toBe(0);
      for (const to of addresses) expect(receivedBy(to)).toHaveLength(1);
      expect(errors.mock.calls.flat().join(' ')).not.toContain('outage-');
    });

    it('marks the message failed, not lost, when the server refuses it on every attempt', async () => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const id = await sendMail(db, { practiceId, to: 'never@example.test', kind: 'invitation', subject: 'Never', text: 'Never' });
      await db.update(jobs).set({ maxAttempts: 2 }).where(eq(jobs.key, `mail:${id}`));
      smtp.state.refusing = true;
      const t0 = new Date();
      await work(at(t0, SECOND));
      await work(at(t0, 20 * SECOND));
      expect(await outboxFor('never@example.test')).toMatchObject([{ state: 'failed', attempts: 2 }]);
      // Kept (sealed) so an admin can retry it from the failed jobs page.
      expect(await deliveryJobOf(id)).toMatchObject({ state: 'failed', attempts: 2, payload: { messageId: id, sealedBody: expect.any(String) } });
    });

    it('delivers an invitation with an absolute, working link', async () => {
      const result = await createInvitation(db, admin, { email: 'smtp-invitee@example.test', role: 'therapist' }, testContext());
      expect(result).toMatchObject({ status: 'sent' });
      await work(at(new Date(), SECOND));
      const [message] = receivedBy('smtp-invitee@example.test');
      expect(subjectOf(message.raw)).toBe('Your invitation to Willow Grove Counselling on Hearth');
      const body = decodeBody(message.raw);
      expect(body).toContain('You have been invited to join Willow Grove Counselling on Hearth.');
      expect(body).toMatch(/https:\/\/portal\.example\.org\/invite\/[A-Za-z0-9_-]{43}/);
      const [row] = await outboxFor('smtp-invitee@example.test');
      expect(row).toMatchObject({ kind: 'invitation', state: 'sent' });
      expect(JSON.stringify(row)).not.toContain('/invite/');
    });

    it('keeps the change when the mail server cannot be reached, retries, and logs no address', async () => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const closed = await startSmtpServer();
      await closed.close();
      vi.stubEnv('SMTP_URL', closed.url);
      const result = await createInvitation(db, admin, { email: 'unreachable@example.test', role: 'client' }, testContext());
      expect(result).toMatchObject({ status: 'sent' });
      await work(at(new Date(), SECOND));
      expect(await db.select().from(invitations).where(eq(invitations.email, 'unreachable@example.test'))).toHaveLength(1);
      expect(await outboxFor('unreachable@example.test')).toMatchObject([{ state: 'retrying', attempts: 1, lastError: 'Error (ESOCKET)' }]);
      expect(errors).toHaveBeenCalled();
      expect(errors.mock.calls.flat().join(' ')).not.toContain('unreachable@example.test');
    });
  });
});
