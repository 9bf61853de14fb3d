import { routes } from '@/lib/routes';

/**
 * Every kind of notification, with the neutral words shown for it and where it leads. A
 * notification stores its kind and the id of what it is about, nothing else: the words come
 * from here, so nothing health-related is ever stored in, or mailed with, a notification.
 */
export const NOTIFICATION_KINDS = {
  'policy.version_published': {
    title: 'A practice policy has been updated',
    body: 'Please read what changed and confirm you have read it.',
    href: (_subjectId: string | null) => routes.portalPolicies,
  },
} as const satisfies Record<string, { title: string; body: string; href: (subjectId: string | null) => string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const isNotificationKind = (value: string): value is NotificationKind => Object.hasOwn(NOTIFICATION_KINDS, value);

/** What a stored notification says and links to; an unknown (retired) kind reads neutrally. */
export function describeNotification(kind: string, subjectId: string | null) {
  if (!isNotificationKind(kind)) return { title: 'Something changed in Hearth', body: '', href: routes.notifications };
  const entry = NOTIFICATION_KINDS[kind];
  return { title: entry.title, body: entry.body, href: entry.href(subjectId) };
}
