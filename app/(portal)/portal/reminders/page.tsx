import type { Metadata } from 'next';
import { ReminderOfferView } from '@/lib/reminders/components/reminder-offer-view';
import { ReminderSettingsForm } from '@/lib/reminders/components/reminder-settings-form';
import { ReminderStatusView } from '@/lib/reminders/components/reminder-status-view';
import { getRemindersPage } from '@/lib/reminders/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Reminders' };

export default async function RemindersPage() {
  const page = await getRemindersPage();
  return (
    <>
      <PageHeading title="Reminders to reflect" intro="A gentle nudge to write down what stayed with you. The reminder never says anything about your sessions." />
      <div className="space-y-6">
        {page.offer && <ReminderOfferView offer={page.offer} showSettingsLink={false} />}
        <Card title="Your reminders">
          <ReminderStatusView settings={page.settings} saved={page.saved} next={page.next} inCare={page.inCare} />
        </Card>
        <Card title="Change your reminders">
          <ReminderSettingsForm settings={page.settings} timeZones={page.timeZones} emailNotificationsOn={page.emailNotificationsOn} />
        </Card>
      </div>
    </>
  );
}
