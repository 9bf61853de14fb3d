import { count, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { outboxMessages } from '@/db/schema';

export const OUTBOX_PAGE_SIZE = 25;

/** One page of a practice's outbox, newest first, with the total number of pages (at least 1). */
export async function listOutboxMessages(db: DbOrTx, practiceId: string, page: number) {
  const [{ total }] = await db.select({ total: count() }).from(outboxMessages).where(eq(outboxMessages.practiceId, practiceId));
  const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const messages = await db
    .select({
      id: outboxMessages.id,
      to: outboxMessages.toAddress,
      kind: outboxMessages.kind,
      subject: outboxMessages.subject,
      state: outboxMessages.state,
      attempts: outboxMessages.attempts,
      lastError: outboxMessages.lastError,
      sentAt: outboxMessages.sentAt,
      createdAt: outboxMessages.createdAt,
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.practiceId, practiceId))
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((current - 1) * OUTBOX_PAGE_SIZE);
  return { messages, total, page: current, pageCount };
}

export type OutboxMessage = Awaited<ReturnType<typeof listOutboxMessages>>['messages'][number];
