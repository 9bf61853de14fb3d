import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { invitations, outboxMessages, practices, users } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { createInvitation } from '@/lib/invitations/service';
import { sendMail } from '@/lib/platform/mail/mailer';
import { listOutboxMessages, OUTBOX_PAGE_SIZE } from '@/lib/outbox/queries';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a random local port that keeps what it receives. */
async function startSmtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
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
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// Undo quoted-printable soft line breaks and escapes, so long links can be read back whole.
const decodeBody = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
const subjectOf = (raw: string) => /^Subject: (.*)$/m.exec(raw)?.[1];

describe.each(testDatabases)('mailer on $name', (database) => {
  let handle: DatabaseHandle;
  let practiceId: string;
  let admin: { id: string; practiceId: string; role: 'admin' };

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
    const [practice] = await handle.db.select().from(practices).where(eq(practices.slug, 'demo'));
    practiceId = practice.id;
    const [row] = await handle.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
    admin = { id: row.id, practiceId, role: 'admin' };
  });
  afterAll(() => handle?.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  const outboxFor = (to: string) => handle.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to));

  describe('without SMTP_URL', () => {
    beforeEach(() => vi.stubEnv('SMTP_URL', ''));

    it('writes the message to the outbox in the caller’s transaction', async () => {
      const pending = await handle.db.transaction((tx) =>
        sendMail(tx, { practiceId, to: 'outbox-1@example.test', subject: 'Hello', text: 'Body with https://hearth.test/x' }),
      );
      expect(await pending.deliver()).toBe('outbox');
      const rows = await outboxFor('outbox-1@example.test');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ practiceId, subject: 'Hello', textBody: 'Body with https://hearth.test/x' });
    });

    it('leaves no outbox row when the transaction rolls back', async () => {
      await expect(
        handle.db.transaction(async (tx) => {
          await sendMail(tx, { practiceId, to: 'outbox-2@example.test', subject: 'Never', text: 'Never' });
          throw new Error('change refused');
        }),
      ).rejects.toThrow('change refused');
      expect(await outboxFor('outbox-2@example.test')).toHaveLength(0);
    });

    it('pages the practice outbox newest first and shows no other practice’s mail', async () => {
      const [harbor] = await handle.db.select().from(practices).where(eq(practices.slug, 'harbor'));
      const base = Date.now() - 60 * 60 * 1000;
      await handle.db.insert(outboxMessages).values(
        Array.from({ length: OUTBOX_PAGE_SIZE + 2 }, (_, i) => ({
          practiceId: harbor.id,
          toAddress: `paged-${i}@example.test`,
          subject: `Message ${i}`,
          textBody: 'text',
          createdAt: new Date(base + i * 1000),
        })),
      );
      const first = await listOutboxMessages(handle.db, harbor.id, 1);
      expect(first).toMatchObject({ total: OUTBOX_PAGE_SIZE + 2, page: 1, pageCount: 2 });
      expect(first.messages).toHaveLength(OUTBOX_PAGE_SIZE);
      expect(first.messages[0].subject).toBe(`Message ${OUTBOX_PAGE_SIZE + 1}`);
      const second = await listOutboxMessages(handle.db, harbor.id, 99);
      expect(second.page).toBe(2);
      expect(second.messages.map((m) => m.subject)).toEqual(['Message 1', 'Message 0']);
      const demo = await listOutboxMessages(handle.db, practiceId, 1);
      expect(demo.messages.some((m) => m.to.startsWith('paged-'))).toBe(false);
    });
  });

  describe('with SMTP_URL', () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    beforeAll(async () => {
      smtp = await startSmtpServer();
    });
    afterAll(() => smtp?.close());

    it('sends nothing until the change has committed, then delivers to the server', async () => {
      vi.stubEnv('SMTP_URL', smtp.url);
      vi.stubEnv('MAIL_FROM', 'Hearth <no-reply@hearth.test>');
      const pending = await handle.db.transaction(async (tx) => {
        const mail = await sendMail(tx, { practiceId, to: 'smtp-1@example.test', subject: 'Direct', text: 'Sent directly.' });
        expect(smtp.received).toHaveLength(0);
        return mail;
      });
      expect(smtp.received).toHaveLength(0);
      expect(await pending.deliver()).toBe('sent');
      const message = smtp.received.find((m) => m.to.includes('smtp-1@example.test'));
      expect(message?.from).toBe('no-reply@hearth.test');
      expect(subjectOf(message!.raw)).toBe('Direct');
      expect(await outboxFor('smtp-1@example.test')).toHaveLength(0);
    });

    it('delivers an invitation with an absolute, working link', async () => {
      vi.stubEnv('SMTP_URL', smtp.url);
      const result = await createInvitation(handle.db, admin, { email: 'smtp-invitee@example.test', role: 'therapist' }, testContext(), 'https://portal.example.org');
      expect(result).toMatchObject({ status: 'sent', delivery: 'sent' });
      const message = smtp.received.find((m) => m.to.includes('smtp-invitee@example.test'));
      expect(subjectOf(message!.raw)).toBe('Your invitation to Willow Grove Counselling on Hearth');
      const body = decodeBody(message!.raw);
      expect(body).toContain('You have been invited to join Willow Grove Counselling on Hearth.');
      expect(body).toMatch(/https:\/\/portal\.example\.org\/invite\/[A-Za-z0-9_-]{43}/);
      expect(await outboxFor('smtp-invitee@example.test')).toHaveLength(0);
    });

    it('keeps the change when the mail server cannot be reached, and logs no address', async () => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const closed = await startSmtpServer();
      await closed.close();
      vi.stubEnv('SMTP_URL', closed.url);
      const result = await createInvitation(handle.db, admin, { email: 'unreachable@example.test', role: 'client' }, testContext(), 'https://portal.example.org');
      expect(result).toMatchObject({ status: 'sent', delivery: 'failed' });
      const saved = await handle.db.select().from(invitations).where(eq(invitations.email, 'unreachable@example.test'));
      expect(saved).toHaveLength(1);
      expect(errors).toHaveBeenCalled();
      expect(errors.mock.calls.flat().join(' ')).not.toContain('unreachable@example.test');
    });
  });
});
