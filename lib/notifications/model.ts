/** One notification as the list shows it: words and link come from its kind, never from storage. */
export interface NotificationItem {
  id: string;
  title: string;
  body: string;
  href: string;
  createdAt: Date;
  read: boolean;
}

/** What the unread route answers when signed in. */
export interface UnreadCount {
  unread: number;
}

export const NOTIFICATIONS_PAGE_SIZE = 25;

/** How often the bell asks for the unread count, while the person is using the page. */
export const UNREAD_POLL_MS = 30_000;

/** The react-query key of the unread count: forms that change it invalidate it. */
export const UNREAD_QUERY_KEY = ['notifications', 'unread'] as const;

/** The bell's accessible name, e.g. "Notifications, 2 unread". */
export const bellLabel = (unread: number) => `Notifications, ${unread === 0 ? 'none' : unread} unread`;
