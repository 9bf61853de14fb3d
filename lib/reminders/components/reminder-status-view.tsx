import { dateFormat } from '@/lib/platform/clock';
import { hasAnyRule, type ReminderSettings, weeklyWords } from '../model';

/** What is set, in words, and when the next reminder comes (in the client's own zone). */
export function ReminderStatusView({ settings, saved, next, inCare }: { settings: ReminderSettings; saved: boolean; next: Date | null; inCare: boolean }) {
  if (!saved || !hasAnyRule(settings)) return <p className="text-stone-700">You have no reminders set.</p>;
  const zone = settings.timeZone.replaceAll('_', ' ');
  const when = next
    ? dateFormat('en-GB', { timeZone: settings.timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(next)
    : null;
  return (
    <div className="space-y-2 text-stone-800">
      <ul className="list-inside list-disc space-y-1">
        {settings.afterSessionTime && <li>The evening after each session at {settings.afterSessionTime}</li>}
        {settings.weekly && <li>{weeklyWords(settings.weekly)}</li>}
        <li>{settings.email ? 'With an email' : 'In Hearth only, no email'}</li>
      </ul>
      <p className="text-sm text-stone-600">Times are {zone} time. At most one reminder a day: when both fall on one day, the later one comes.</p>
      {!inCare ? (
        <p className="text-sm font-medium text-stone-800">Reminders are paused: they come while you are in a therapist’s care.</p>
      ) : when ? (
        <p className="font-medium">
          Next reminder: <time dateTime={next!.toISOString()}>{when}</time>
        </p>
      ) : (
        <p className="text-sm text-stone-600">No reminder is due in the next week: the next comes after your next session.</p>
      )}
    </div>
  );
}
