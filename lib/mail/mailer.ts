import nodemailer, { type Transporter } from 'nodemailer';
import type { DbOrTx } from '@/db/client';
import { outboxMessages } from '@/db/schema';
import { env } from '../config/env';
import { logError } from '../http/log';

export interface MailMessage {
  practiceId: string | null;
  to: string;
  subject: string;
  /** Plain text only, and never PHI: a neutral sentence, a link, an expiry. */
  text: string;
}

/** Where a message ended up: the practice outbox, a mail server, or nowhere (logged). */
export type MailDelivery = 'outbox' | 'sent' | 'failed';

export interface PendingMail {
  /** Call once the transaction that queued the message has committed. Never throws. */
  deliver(): Promise<MailDelivery>;
}

// A person waits on the send, so a mail server that does not answer must fail quickly.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/**
 * Queues an e-mail as part of the caller's transaction. Without SMTP_URL the message is written
 * to the outbox in that transaction, so it exists exactly when the change it announces does.
 * With SMTP_URL nothing is sent yet: a mail must not go out for a change that then rolls back,
 * so the caller calls `deliver()` after commit. A failed send is logged (without the message)
 * and reported as 'failed'; the committed change stands.
 */
export async function sendMail(tx: DbOrTx, message: MailMessage): Promise<PendingMail> {
  const smtpUrl = env.smtpUrl;
  if (!smtpUrl) {
    await tx.insert(outboxMessages).values({
      practiceId: message.practiceId,
      toAddress: message.to,
      subject: message.subject,
      textBody: message.text,
    });
    return { deliver: async () => 'outbox' };
  }
  return {
    async deliver() {
      try {
        await transportFor(smtpUrl).sendMail({ from: env.mailFrom, to: message.to, subject: message.subject, text: message.text });
        return 'sent';
      } catch (error) {
        logError('mail delivery failed', error);
        return 'failed';
      }
    },
  };
}
