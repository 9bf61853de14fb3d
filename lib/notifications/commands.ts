import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { notificationPreferences, notifications } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { ownedBy, wantsEmail } from './queries';

export type MarkReadResult = { status: 'read' } | { status: 'not-found' };

/**
 * Marks one of the actor's own notifications read (again: no change). Anyone else's, in any
 * practice, is not found, exactly like one that does not exist. Reading one's notifications is
 * not audited: they hold a kind and an id, nothing about anyone's health.
 */
export function markRead(db: DbOrTx, actor: Actor, input: { id: string }, now = new Date()): Promise<MarkReadResult> {
  return db.transaction(async (tx) => {
    const mine = and(eq(notifications.id, input.id), ownedBy(actor));
    const [updated] = await tx.update(notifications).set({ readAt: now }).where(and(mine, isNull(notifications.readAt))).returning({ id: notifications.id });
    if (updated) return { status: 'read' };
    const [existing] = await tx.select({ id: notifications.id }).from(notifications).where(mine);
    return existing ? { status: 'read' } : { status: 'not-found' };
  });
}

/** Marks every unread notification of the actor read; returns how many were. */
export async function markAllRead(db: DbOrTx, actor: Actor, now = new Date()) {
  const updated = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(ownedBy(actor), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { status: 'read' as const, count: updated.length };
}

export type EmailPreferenceResult = { status: 'saved' | 'unchanged'; email: boolean };

/** Turns e-mail for notifications on or off for the actor; a change is audited. */
export function setEmailPreference(db: DbOrTx, actor: Actor, input: { email: boolean }, request: RequestContext, now = new Date()): Promise<EmailPreferenceResult> {
  return db.transaction(async (tx) => {
    if ((await wantsEmail(tx, actor.id)) === input.email) return { status: 'unchanged', email: input.email };
    await tx
      .insert(notificationPreferences)
      .values({ userId: actor.id, email: input.email, updatedAt: now })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: { email: input.email, updatedAt: now } });
    await audit(tx, actor, request, 'notifications.preferences_changed', { subjectType: 'user', subjectId: actor.id, metadata: { email: input.email } });
    return { status: 'saved', email: input.email };
  });
}
