import type { Metadata } from 'next';
import Link from 'next/link';
import { RecordingSettingsForm } from '@/lib/recording/components/recording-settings-form';
import { getMyRecordingSettings } from '@/lib/recording/data';
import { routes } from '@/lib/routes';
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
      <div className="space-y-6">
        <Card>
          <RecordingSettingsForm terms={terms} limits={limits} />
        </Card>
        <Card title="Recording register">
          <p className="text-stone-700">Every recording request in the practice, counted by state, with the agreements ending soon. Who and when only, never what was agreed.</p>
          <Link href={routes.adminRecordingRegister} className="mt-2 inline-flex min-h-11 items-center font-medium text-hearth-700 underline underline-offset-2">
            Open the recording register
          </Link>
        </Card>
      </div>
    </>
  );
}
