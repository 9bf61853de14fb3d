import type { Metadata } from 'next';
import { RecordingSettingsForm } from '@/lib/recording/components/recording-settings-form';
import { getMyRecordingSettings } from '@/lib/recording/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Recording settings' };

export default async function RecordingSettingsPage() {
  const { terms, limits } = await getMyRecordingSettings();
  return (
    <>
      <PageHeading
        title="Recording settings"
        intro="Whether sessions in your practice may be recorded, how, and for how long. Everyone in a session must still agree before anything is recorded."
      />
      <Card>
        <RecordingSettingsForm terms={terms} limits={limits} />
      </Card>
    </>
  );
}
