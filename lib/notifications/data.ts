import 'server-only';
import { getDb } from '@/db/client';
import { getCurrentUserWithoutActivity, requireUser, unreadNotificationCount } from '@/lib/auth/guards';
import { can, mustEnrolMfa } from '@/lib/auth/permissions';
import type { SessionUser } from '@/lib/auth/model';
import { logError } from '@/lib/platform/log';
import type { UnreadCount } from './model';
import { countUnread, listNotifications, wantsEmail } from './queries';

/** The signed-in person's notifications; `page` is whatever the URL said, clamped to real pages. */
export async function getNotificationsPage(page: string | undefined) {
  const user = await requireUser('notifications:use');
  const requested = Number.parseInt(page ?? '1', 10);
  const db = await getDb();
  const found = await listNotifications(db, user, Number.isFinite(requested) ? requested : 1);
  return { ...found, unread: await countUnread(db, user), timeZone: user.timeZone };
}

export async function getNotificationSettings() {
  const user = await requireUser('notifications:use');
  return { email: await wantsEmail(await getDb(), user.id), address: user.email };
}

const mayUse = (user: SessionUser) => can(user.role, 'notifications:use') && !mustEnrolMfa(user);

/**
 * The count the shell's bell starts from, for the user its layout has already guarded (read with the session, no
 * query of its own); null when the bell is not shown (staff who must first turn on two-step sign-in).
 */
export async function getBellCount(user: SessionUser): Promise<number | null> {
  return mayUse(user) ? unreadNotificationCount() : null;
}

export type UnreadAnswer = { status: 200; body: UnreadCount } | { status: 401 | 403 | 404 | 500; body: { error: string } };

/**
 * The answer of GET /api/notifications/unread: the session decides, as for a page, but a route
 * answers in JSON (401 signed out, 404 without the permission, 403 until two-step sign-in is on)
 * instead of redirecting.
 */
export async function getUnreadAnswer(): Promise<UnreadAnswer> {
  try {
    const user = await getCurrentUserWithoutActivity();
    if (!user) return { status: 401, body: { error: 'signed-out' } };
    if (!can(user.role, 'notifications:use')) return { status: 404, body: { error: 'not-found' } };
    if (mustEnrolMfa(user)) return { status: 403, body: { error: 'mfa-required' } };
    return { status: 200, body: { unread: await countUnread(await getDb(), user) } };
  } catch (error) {
    const reference = logError('unread notifications failed', error);
    return { status: 500, body: { error: `server-error ${reference}` } };
  }
}
