import { formatInTimeZone } from '@/lib/platform/clock';
import { Card } from '@/lib/ui/app-shell';
import type { NotificationItem } from '../model';
import { MarkReadForm } from './mark-read-form';
import { NotificationLink } from './notification-link';

/** The notification centre's list, newest first; unread ones stand out and can be marked read. */
export function NotificationListView({ items, timeZone }: { items: NotificationItem[]; timeZone: string }) {
  if (items.length === 0) {
    return (
      <Card>
        <p className="text-stone-600">You have no notifications.</p>
      </Card>
    );
  }
  return (
    <ol className="space-y-3" aria-label="Notifications, newest first">
      {items.map((item) => (
        <li key={item.id}>
          <article
            aria-labelledby={`notification-${item.id}`}
            className={`flex flex-col gap-3 rounded-xl p-4 shadow-sm ring-1 sm:flex-row sm:items-start sm:justify-between ${item.read ? 'bg-white ring-stone-200' : 'bg-hearth-50 ring-hearth-100'}`}
          >
            <div className="space-y-1">
              <h2 id={`notification-${item.id}`} className="text-base">
                <NotificationLink notification={{ id: item.id, href: item.href, read: item.read }}>{item.title}</NotificationLink>
                {!item.read && <span className="ml-2 rounded bg-hearth-700 px-1.5 py-0.5 align-middle text-xs font-semibold text-white">Unread</span>}
              </h2>
              {item.body && <p className="text-stone-700">{item.body}</p>}
              <p className="text-sm text-stone-600">
                <time dateTime={item.createdAt.toISOString()}>{formatInTimeZone(item.createdAt, timeZone)}</time>
              </p>
            </div>
            <MarkReadForm notification={{ id: item.id, title: item.title, read: item.read }} />
          </article>
        </li>
      ))}
    </ol>
  );
}
