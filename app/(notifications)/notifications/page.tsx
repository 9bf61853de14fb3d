import type { Metadata } from 'next';
import Link from 'next/link';
import { MarkAllReadForm } from '@/lib/notifications/components/mark-all-read-form';
import { NotificationListView } from '@/lib/notifications/components/notification-list-view';
import { getNotificationsPage } from '@/lib/notifications/data';
import { routes } from '@/lib/routes';
import { PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Notifications' };

const pageLink = (page: number) => `${routes.notifications}?page=${page}`;
const LINK = 'rounded-lg px-3 py-2 font-medium text-hearth-700 ring-1 ring-stone-300 hover:bg-stone-100';

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const { items, total, page, pageCount, unread, timeZone } = await getNotificationsPage(typeof params.page === 'string' ? params.page : undefined);
  return (
    <>
      <PageHeading title="Notifications" intro="What is new for you in Hearth. Open one to go to what it is about." />
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <p className="text-stone-700">{unread === 0 ? 'Nothing unread.' : unread === 1 ? '1 unread.' : `${unread} unread.`}</p>
        <div className="flex flex-wrap items-center gap-3">
          <Link href={routes.accountNotifications} className="font-medium text-hearth-700 underline underline-offset-2">
            Email settings
          </Link>
          {total > 0 && <MarkAllReadForm />}
        </div>
      </div>
      <NotificationListView items={items} timeZone={timeZone} />
      {pageCount > 1 && (
        <nav aria-label="Notification pages" className="mt-6 flex items-center justify-between gap-3 text-sm">
          {page > 1 ? (
            <Link href={pageLink(page - 1)} className={LINK}>
              Newer
            </Link>
          ) : (
            <span />
          )}
          <p className="text-stone-600">
            Page {page} of {pageCount} ({total} notifications)
          </p>
          {page < pageCount ? (
            <Link href={pageLink(page + 1)} className={LINK}>
              Older
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}
