import type { SessionView } from '../model';
import { SessionSummary } from './session-summary-view';

/** A client's own sessions, in the practice's time zone. */
export function MySessionList({ sessions, timeZone, empty }: { sessions: (SessionView & { therapistName: string })[]; timeZone: string; empty: string }) {
  if (sessions.length === 0) return <p className="text-stone-600">{empty}</p>;
  return (
    <ul className="divide-y divide-stone-100">
      {sessions.map((session) => (
        <li key={session.id} className="py-3">
          <SessionSummary session={session} timeZone={timeZone} extra={`with ${session.therapistName}`} />
        </li>
      ))}
    </ul>
  );
}
