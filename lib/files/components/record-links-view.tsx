import { dateFormat } from '@/lib/platform/clock';
import { Card } from '@/lib/ui/app-shell';

/**
 * "Record this session" for the sessions the viewer may record now. Plain links, not next/link: the recorder's page
 * is the only one allowed to use the microphone, and that permission comes with a full page load.
 */
export function RecordLinksView({ sessions, timeZone }: { sessions: { id: string; startsAt: Date; href: string }[]; timeZone: string }) {
  if (sessions.length === 0) return null;
  const when = dateFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  return (
    <Card title="Record a session">
      <p className="text-stone-700">Your recording agreement covers these sessions, and the client said yes to recording them.</p>
      <ul className="mt-3 space-y-2">
        {sessions.map((session) => (
          <li key={session.id}>
            <a href={session.href} className="inline-flex min-h-11 items-center font-medium text-hearth-700 underline underline-offset-2">
              Record this session: {when.format(session.startsAt)}
            </a>
          </li>
        ))}
      </ul>
    </Card>
  );
}
