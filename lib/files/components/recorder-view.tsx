import Link from 'next/link';
import { dateFormat } from '@/lib/platform/clock';
import { Card } from '@/lib/ui/app-shell';
import type { getRecorderPage } from '../data';
import { Recorder } from './recorder';

type RecorderPage = Awaited<ReturnType<typeof getRecorderPage>>;

/** The recorder for one session when the agreement lets this person record it now; otherwise why not, and no recorder. */
export function RecorderView({ page, agreementHref }: { page: RecorderPage; agreementHref: string }) {
  const when = dateFormat('en-GB', {
    timeZone: page.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(page.appointment.startsAt);
  return (
    <div className="space-y-6">
      <Card title="The session">
        <p className="text-stone-800">
          {when} · {page.appointment.durationMinutes} min
        </p>
      </Card>
      <Card title="Recording">
        {page.allowed ? (
          <Recorder spaceId={page.spaceId} appointmentId={page.appointment.id} maxBytes={page.maxBytes} spaceHref={page.spaceHref} />
        ) : (
          <div className="space-y-3">
            <p className="text-stone-800">This session can’t be recorded here. {page.reason}</p>
            <p>
              <Link href={agreementHref} className="font-medium text-hearth-700 underline underline-offset-2">
                Your recording agreement
              </Link>
            </p>
          </div>
        )}
      </Card>
    </div>
  );
}
