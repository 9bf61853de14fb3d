import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/auth/guards';
import { REGISTER_ENDING_SOON_DAYS, RegisterCounts, RegisterEndingSoon, RegisterTable } from '@/lib/consent/components/register-view';
import { getRecordingRegister } from '@/lib/consent/data';
import { routes } from '@/lib/routes';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Recording register' };

export default async function RecordingRegisterPage() {
  const admin = await requireUser('recording:register');
  const register = await getRecordingRegister();
  return (
    <>
      <PageHeading
        title="Recording register"
        intro="Every recording request in the practice: who, where it stands, and when. What was agreed and what was said stay between the client and their therapist, so they are not shown here."
      />
      <div className="space-y-6">
        <Card title="Requests by state">
          <RegisterCounts counts={register.countsByState} />
        </Card>
        <Card title={`Ending in the next ${REGISTER_ENDING_SOON_DAYS} days`}>
          <RegisterEndingSoon entries={register.endingSoon} timeZone={admin.timeZone} />
        </Card>
        <Card title="All requests">
          <RegisterTable entries={register.requests} timeZone={admin.timeZone} />
        </Card>
        <p>
          <Link href={routes.adminRecording} className="inline-flex min-h-11 items-center font-medium text-hearth-700 underline underline-offset-2">
            Recording settings
          </Link>
        </p>
      </div>
    </>
  );
}
