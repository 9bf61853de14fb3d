'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { routes } from '@/lib/routes';

const POLL_MS = 10_000;
const PRESENCE_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'scroll', 'touchstart'] as const;

async function fetchRecordingNow(spaceId: string): Promise<boolean> {
  const response = await fetch(routes.apiRecordingNow(spaceId), { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`recording now: ${response.status}`);
  const body = (await response.json()) as { recording?: unknown };
  if (typeof body.recording !== 'boolean') throw new Error('recording now: unexpected answer');
  return body.recording;
}

/**
 * "A session is being recorded now", for both people of a space, kept current every ten seconds. Like the bell, it
 * asks only while the tab is visible and the person has touched the page since it last asked: each request renews
 * the session, so polling an unattended screen would keep it signed in past the practice's idle timeout.
 */
export function RecordingIndicator({ spaceId, recordingNow }: { spaceId: string; recordingNow: boolean }) {
  const { data: recording, refetch } = useQuery({
    queryKey: ['files', 'recording-now', spaceId],
    queryFn: () => fetchRecordingNow(spaceId),
    initialData: recordingNow,
    initialDataUpdatedAt: Date.now,
    staleTime: POLL_MS,
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
    }, POLL_MS);
    return () => {
      window.clearInterval(timer);
      for (const event of PRESENCE_EVENTS) window.removeEventListener(event, notice, options);
    };
  }, [refetch]);

  return (
    <div role="status">
      {recording && (
        <p className="flex items-center gap-2 rounded-lg bg-red-50 px-3 py-2 font-medium text-red-900 ring-1 ring-red-200">
          <span aria-hidden="true" className="inline-block h-3 w-3 rounded-full bg-red-600 motion-safe:animate-pulse" />A session is being recorded now
        </p>
      )}
    </div>
  );
}
