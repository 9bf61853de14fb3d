'use client';

import { useQuery } from '@tanstack/react-query';
import { routes } from '@/lib/routes';
import { usePollWhilePresent } from '@/lib/ui/presence-polling';

const POLL_MS = 10_000;

async function fetchRecordingNow(spaceId: string): Promise<boolean> {
  const response = await fetch(routes.apiRecordingNow(spaceId), { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`recording now: ${response.status}`);
  const body = (await response.json()) as { recording?: unknown };
  if (typeof body.recording !== 'boolean') throw new Error('recording now: unexpected answer');
  return body.recording;
}

/** "A session is being recorded now", for both people of a space, kept current every ten seconds while they're there. */
export function RecordingIndicator({ spaceId, recordingNow }: { spaceId: string; recordingNow: boolean }) {
  const { data: recording, refetch } = useQuery({
    queryKey: ['files', 'recording-now', spaceId],
    queryFn: () => fetchRecordingNow(spaceId),
    initialData: recordingNow,
    initialDataUpdatedAt: Date.now,
    staleTime: POLL_MS,
    refetchOnWindowFocus: true,
  });

  usePollWhilePresent(refetch, POLL_MS);

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
