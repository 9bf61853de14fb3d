import type { Metadata } from 'next';
import { RECORDING_RETENTION_DAYS, RECORDING_UPLOAD_MB } from '@/db/schema';
import { getMyRecordingSettings } from '@/lib/recording/data';
import { RecordingSettingsForm } from '@/lib/recording/forms';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Recording settings' };

export default async function RecordingSettingsPage() {
  const terms = await getMyRecordingSettings();
  return (
    <>
      <PageHeading
        title="Recording settings"
        intro="Whether sessions in your practice may be recorded, how, and for how long. Everyone in a session must still agree before anything is recorded."
      />
      <Card>
        <RecordingSettingsForm terms={terms} limits={{ retentionDays: RECORDING_RETENTION_DAYS, uploadMb: RECORDING_UPLOAD_MB }} />
      </Card>
    </>
  );
}
