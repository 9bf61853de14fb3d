import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DbOrTx } from '@/db/client';
import { outboxMessages } from '@/db/schema';
import { env } from '../config';
import { open, seal } from '../crypto/secretbox';
import type { JobContext } from '../jobs/worker';
import { describeFailure, enqueue } from '../jobs/queue';
import type { JobPayloads } from '../jobs/catalogue';
import type { MailKind } from './kinds';

export interface MailMessage {
  practiceId: string | null;
  to: string;
  kind: MailKind;
  subject: string;
  /** Plain text only, and never PHI: a neutral sentence, a link, an expiry. */
  text: string;
}

/**
 * Queues an e-mail as part of the caller's transaction: an outbox row (recipient, kind, state)
 * and a delivery job carrying the body sealed with the master key. Nothing is sent for a change
 * that rolls back, and an unreachable mail server only delays delivery: the job retries.
 */
export async function sendMail(tx: DbOrTx, message: MailMessage): Promise<string> {
  const [row] = await tx
    .insert(outboxMessages)
    .values({ practiceId: message.practiceId, toAddress: message.to, kind: message.kind, subject: message.subject })
    .returning({ id: outboxMessages.id });
  await enqueue(tx, 'mail.deliver', { messageId: row.id, sealedBody: seal(message.text) }, { practiceId: message.practiceId, key: `mail:${row.id}` });
  return row.id;
}

// A mail server that does not answer must not hold a worker for long; the job retries.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
const transports = new Map<string, Transporter>();

function smtpTransport(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

interface Envelope {
  id: string;
  createdAt: Date;
  to: string;
  subject: string;
  text: string;
}

/**
 * Without SMTP_URL (development, the demo, the end-to-end suite) mail is written as one file per
 * message into the mailbox folder, readable by its owner only. The file is written aside, flushed
 * to disk and renamed into place, so it appears whole or not at all; named by the message, so a
 * delivery that runs again replaces it instead of adding a second copy.
 */
function dropInMailbox(message: Envelope) {
  const dir = env.mailboxDir;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${message.createdAt.getTime()}-${message.id}.eml`);
  const content = [`From: ${env.mailFrom}`, `To: ${message.to}`, `Subject: ${message.subject}`, '', message.text, ''].join('\n');
  // 'wx' refuses to write through a file (or link) already lying there.
  const pending = path.join(dir, `.${message.id}.${randomUUID()}.tmp`);
  const fd = fs.openSync(pending, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(pending, file);
  } catch (error) {
    fs.rmSync(pending, { force: true });
    throw error;
  }
}

async function transmit(message: Envelope) {
  const smtpUrl = env.smtpUrl;
  if (!smtpUrl) return dropInMailbox(message);
  await smtpTransport(smtpUrl).sendMail({ from: env.mailFrom, to: message.to, subject: message.subject, text: message.text });
}

/** The 'mail.deliver' job: sends one outbox message once; a failure is recorded and retried. */
export async function deliverMail(payload: JobPayloads['mail.deliver'], { db, job, now }: JobContext) {
  const [message] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, payload.messageId));
  if (!message || message.state === 'sent') return;
  try {
    await transmit({ id: message.id, createdAt: message.createdAt, to: message.toAddress, subject: message.subject, text: open(payload.sealedBody) });
  } catch (error) {
    const lastAttempt = job.attempts >= job.maxAttempts;
    await db
      .update(outboxMessages)
      .set({ state: lastAttempt ? 'failed' : 'retrying', attempts: job.attempts, lastError: describeFailure(error) })
      .where(eq(outboxMessages.id, message.id));
    throw error;
  }
  await db.update(outboxMessages).set({ state: 'sent', sentAt: now, attempts: job.attempts, lastError: null }).where(eq(outboxMessages.id, message.id));
}
