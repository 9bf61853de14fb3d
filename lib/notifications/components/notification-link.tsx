'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { initialActionState } from '@/lib/actions/state';
import { markReadAction } from '../actions';
import { UNREAD_QUERY_KEY } from '../model';

/**
 * A notification's title, as a link to what it is about. Opening it marks it read first; a click
 * that opens a new tab marks it read alongside. Without JavaScript it is a plain link and the
 * "Mark read" button does the marking.
 */
export function NotificationLink({ notification, children }: { notification: { id: string; href: string; read: boolean }; children: React.ReactNode }) {
  const router = useRouter();
  const queryClient = useQueryClient();

  const markRead = async () => {
    const form = new FormData();
    form.set('id', notification.id);
    await markReadAction(initialActionState, form);
    await queryClient.invalidateQueries({ queryKey: UNREAD_QUERY_KEY });
  };

  const open = (event: React.MouseEvent<HTMLAnchorElement>) => {
    if (notification.read) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      void markRead();
      return;
    }
    event.preventDefault();
    // Marked or not, the person goes where they asked to.
    void markRead()
      .catch(() => {})
      .finally(() => router.push(notification.href));
  };

  return (
    <Link href={notification.href} onClick={open} onAuxClick={open} className="font-semibold text-hearth-800 underline underline-offset-2 hover:text-hearth-700">
      {children}
    </Link>
  );
}
