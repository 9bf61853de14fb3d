import type { Metadata } from 'next';
import { listJurisdictions } from '@/lib/jurisdictions/rules';
import { getMyPracticeSettings } from '@/lib/practice/data';
import { PracticeSettingsForm } from '@/lib/practice/forms';
import { TIME_ZONES } from '@/lib/platform/clock';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Practice settings' };

export default async function SettingsPage() {
  const settings = await getMyPracticeSettings();
  return (
    <>
      <PageHeading title="Practice settings" intro="These apply to everyone in your practice. Changes take effect on each person’s next page view." />
      <Card>
        <PracticeSettingsForm settings={settings} timeZones={TIME_ZONES} countries={listJurisdictions()} />
      </Card>
    </>
  );
}
