import { formatSessionDay, timeZoneLabel, type SessionView } from '../model';
import { CancelSessionForm, RescheduleSessionForm } from './change-session-form';
import { SessionSummary } from './session-summary-view';

/** The therapist's list of one client's sessions, each scheduled one with its reschedule and cancel forms. */
export function TherapistSessionList({
  sessions,
  timeZone,
  window,
  empty,
}: {
  sessions: SessionView[];
  timeZone: string;
  window: { earliest: string; latest: string };
  empty: string;
}) {
  if (sessions.length === 0) return <p className="text-stone-600">{empty}</p>;
  const timeZoneName = timeZoneLabel(timeZone);
  return (
    <ul className="divide-y divide-stone-100">
      {sessions.map((session) => {
        const label = `${formatSessionDay(session.startsAt, timeZone)} at ${session.start}`;
        return (
          <li key={session.id} className="space-y-2 py-3">
            <SessionSummary session={session} timeZone={timeZone} />
            {session.status === 'scheduled' && (
              <details className="group">
                <summary className="inline-flex min-h-11 cursor-pointer items-center rounded-lg px-2 text-sm font-medium text-hearth-700 underline underline-offset-2">
                  Change or cancel<span className="sr-only"> the session on {label}</span>
                </summary>
                <div className="mt-3 space-y-6 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
                  <RescheduleSessionForm session={session} window={window} timeZoneName={timeZoneName} />
                  <CancelSessionForm sessionId={session.id} label={label} />
                </div>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
