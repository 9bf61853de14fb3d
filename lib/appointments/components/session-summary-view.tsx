import { CHANNEL_LABELS, formatSessionDay, formatSessionTimes, type SessionView } from '../model';

/** When and how a session is, in the practice's time zone, and whether it was cancelled. */
export function SessionSummary({ session, timeZone, extra }: { session: Pick<SessionView, 'startsAt' | 'durationMinutes' | 'channel' | 'status'>; timeZone: string; extra?: string }) {
  const cancelled = session.status === 'cancelled';
  return (
    <div className={cancelled ? 'text-stone-500' : undefined}>
      <p className="font-medium">
        <span className={cancelled ? 'line-through' : undefined}>{formatSessionDay(session.startsAt, timeZone)}</span>
        {cancelled && <span className="ml-2 rounded bg-stone-200 px-2 py-0.5 text-xs font-semibold text-stone-700 no-underline">Cancelled</span>}
      </p>
      <p className="text-sm">
        {formatSessionTimes(session.startsAt, session.durationMinutes, timeZone)} · {session.durationMinutes} min · {CHANNEL_LABELS[session.channel]}
        {extra && ` · ${extra}`}
      </p>
    </div>
  );
}
