import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { notificationPreferences, notifications, users } from '@/db/schema';
import { routes } from '@/lib/routes';
import { env } from '../config';
import { sendMail } from '../mail/mailer';
import { notificationMail } from '../mail/templates';
import type { NotificationKind } from './catalogue';

export interface NotifyOptions {
  /**
   * 'preference' (the default): e-mail those who opted in to notification e-mails. 'never': in-app only, for a kind
   * whose own settings say no e-mail (a reflection reminder without "also email me"); a yes there still needs the
   * person's general opt-in.
   */
  email?: 'preference' | 'never';
}

/**
 * Notifies people in the caller's transaction: one in-app notification each, and an e-mail
 * (a neutral sentence and a link, nothing more) for those who opted in. Only active people of
 * the given practice are notified; anyone else in `recipients` is skipped.
 */
export async function notify(
  tx: DbOrTx,
  practiceId: string,
  recipients: readonly string[],
  kind: NotificationKind,
  subjectId: string | null = null,
  options: NotifyOptions = {},
): Promise<number> {
  if (recipients.length === 0) return 0;
  const people = await tx
    .select({ id: users.id, email: users.email, wantsEmail: notificationPreferences.email })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(and(eq(users.practiceId, practiceId), eq(users.status, 'active'), inArray(users.id, [...new Set(recipients)])));
  if (people.length === 0) return 0;
  await tx.insert(notifications).values(people.map((person) => ({ practiceId, userId: person.id, kind, subjectId })));
  const mailed = options.email === 'never' ? [] : people.filter((p) => p.wantsEmail);
  for (const person of mailed) {
    await sendMail(tx, { practiceId, to: person.email, ...notificationMail({ link: `${env.publicOrigin}${routes.notifications}` }) });
  }
  return people.length;
}

/**
 * Takes back, in the caller's transaction, the notifications about something that is gone (a withdrawn episode), so
 * nobody follows a link to nothing. An e-mail already sent named nothing and only asked them to sign in.
 */
export async function retractNotifications(tx: DbOrTx, practiceId: string, kind: NotificationKind, subjectId: string): Promise<number> {
  const removed = await tx
    .delete(notifications)
    .where(and(eq(notifications.practiceId, practiceId), eq(notifications.kind, kind), eq(notifications.subjectId, subjectId)))
    .returning({ id: notifications.id });
  return removed.length;
}
