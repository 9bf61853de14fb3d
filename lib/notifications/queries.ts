import { and, count, desc, eq, isNull, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { notificationPreferences, notifications } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { describeNotification } from '@/lib/platform/notifications/catalogue';
import { NOTIFICATIONS_PAGE_SIZE, type NotificationItem } from './model';

type Owner = Pick<Actor, 'id' | 'practiceId'>;
/** A person's ids, or the columns of a larger query that hold them (the session check's). */
type OwnerRef = { [key in keyof Owner]: string | SQLWrapper };

/** A person's own notifications: the one scope every read and write here uses. */
export const ownedBy = (owner: OwnerRef) => and(eq(notifications.userId, owner.id), eq(notifications.practiceId, owner.practiceId));

/** One page of the person's notifications, newest first, with the number of pages (at least 1). */
export async function listNotifications(db: DbOrTx, owner: Owner, page: number) {
  const [{ total }] = await db.select({ total: count() }).from(notifications).where(ownedBy(owner));
  const pageCount = Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db
    .select({ id: notifications.id, kind: notifications.kind, subjectId: notifications.subjectId, createdAt: notifications.createdAt, readAt: notifications.readAt })
    .from(notifications)
    .where(ownedBy(owner))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE)
    .offset((current - 1) * NOTIFICATIONS_PAGE_SIZE);
  const items: NotificationItem[] = rows.map((row) => ({
    id: row.id,
    ...describeNotification(row.kind, row.subjectId),
    createdAt: row.createdAt,
    read: row.readAt !== null,
  }));
  return { items, total, page: current, pageCount };
}

/** How many of a person's notifications are unread: a query of its own, or a subquery of the session check (the bell's number). */
export function unreadCountQuery(db: DbOrTx, owner: OwnerRef) {
  return db
    .select({ unread: count() })
    .from(notifications)
    .where(and(ownedBy(owner), isNull(notifications.readAt)));
}

export async function countUnread(db: DbOrTx, owner: Owner): Promise<number> {
  const [{ unread }] = await unreadCountQuery(db, owner);
  return unread;
}

/** Whether the person wants an e-mail for each notification; off until they opt in. */
export async function wantsEmail(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select({ email: notificationPreferences.email }).from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return row?.email ?? false;
}
