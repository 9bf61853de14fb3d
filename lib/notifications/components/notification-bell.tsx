'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect } from 'react';
import { routes } from '@/lib/routes';
import { bellLabel, UNREAD_POLL_MS, UNREAD_QUERY_KEY, type UnreadCount } from '../model';

async function fetchUnread(): Promise<number> {
  const response = await fetch(routes.apiUnreadNotifications, { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`unread count: ${response.status}`);
  const body = (await response.json()) as Partial<UnreadCount>;
  if (typeof body.unread !== 'number') throw new Error('unread count: unexpected answer');
  return body.unread;
}

const PRESENCE_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'scroll', 'touchstart'] as const;

/**
 * The bell in the shell: a link to the notification centre whose name says how many are unread,
 * kept current by asking the server every half minute. It asks only while the tab is visible
 * and the person has touched the page since the last time: each request renews the session, so
 * polling an unattended screen would keep it signed in past the practice's idle timeout.
 */
export function NotificationBell({ initialCount }: { initialCount: number }) {
  const { data: unread, refetch } = useQuery({
    queryKey: UNREAD_QUERY_KEY,
    queryFn: fetchUnread,
    initialData: initialCount,
    initialDataUpdatedAt: Date.now,
    staleTime: UNREAD_POLL_MS,
    // Coming back to the tab is the person being present again.
    refetchOnWindowFocus: true,
  });

  useEffect(() => {
    let present = false;
    const notice = () => {
      present = true;
    };
    const options = { passive: true, capture: true };
    for (const event of PRESENCE_EVENTS) window.addEventListener(event, notice, options);
    const timer = window.setInterval(() => {
      if (!present || document.visibilityState !== 'visible') return;
      present = false;
      void refetch();
    }, UNREAD_POLL_MS);
    return () => {
      window.clearInterval(timer);
      for (const event of PRESENCE_EVENTS) window.removeEventListener(event, notice, options);
    };
  }, [refetch]);

  return (
    <Link
      href={routes.notifications}
      className="relative inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 py-2 text-stone-700 hover:bg-stone-100"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      <span className="sr-only">{bellLabel(unread)}</span>
      {unread > 0 && (
        <span aria-hidden="true" className="absolute right-0.5 top-0.5 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-semibold leading-5 text-white">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
