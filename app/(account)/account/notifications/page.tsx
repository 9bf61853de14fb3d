import type { Metadata } from 'next';
import Link from 'next/link';
import { EmailPreferenceForm } from '@/lib/notifications/components/email-preference-form';
import { getNotificationSettings } from '@/lib/notifications/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Notification settings' };

export default async function NotificationSettingsPage() {
  const settings = await getNotificationSettings();
  return (
    <>
      <PageHeading title="Notification settings" intro="Notifications always appear in Hearth, under the bell. You can also have an email for each one." />
      <Card title="Email">
        <EmailPreferenceForm email={settings.email} address={settings.address} />
      </Card>
      <p className="mt-6">
        <Link href={routes.notifications} className="font-medium text-hearth-700 underline underline-offset-2">
          Back to notifications
        </Link>
      </p>
    </>
  );
}
