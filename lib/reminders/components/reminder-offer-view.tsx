import Link from 'next/link';
import { routes } from '@/lib/routes';
import { Card } from '@/lib/ui/app-shell';
import { ReminderOfferForm } from './reminder-offer-form';

/**
 * The offer after a recording discussion that chose journaling or reminders instead: the evening after each session,
 * at a set time in the client's zone, without email, set up in one click.
 */
export function ReminderOfferView({ offer, showSettingsLink = true }: { offer: { time: string; timeZone: string }; showSettingsLink?: boolean }) {
  return (
    <Card title="Reminders to reflect">
      <div className="space-y-3">
        <p className="text-stone-700">
          You chose to keep your own reflections instead of recording. Hearth can remind you the evening after each session, at {offer.time} (
          {offer.timeZone.replaceAll('_', ' ')} time). There is no email, and you can change or stop it at any time.
        </p>
        <ReminderOfferForm />
        {showSettingsLink && (
          <p className="text-sm">
            <Link href={routes.portalReminders} className="inline-flex min-h-11 items-center font-medium text-hearth-700 underline underline-offset-2">
              Choose other times
            </Link>
          </p>
        )}
      </div>
    </Card>
  );
}
