import type { Metadata } from 'next';
import { PracticeSettingsForm } from '@/lib/practice/components/practice-settings-form';
import { getMyPracticeSettings } from '@/lib/practice/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Practice settings' };

export default async function SettingsPage() {
  const { settings, timeZones, countries } = await getMyPracticeSettings();
  return (
    <>
      <PageHeading title="Practice settings" intro="These apply to everyone in your practice. Changes take effect on each person’s next page view." />
      <Card>
        <PracticeSettingsForm settings={settings} timeZones={timeZones} countries={countries} />
      </Card>
    </>
  );
}
