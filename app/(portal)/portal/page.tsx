import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/guards';
import { getMyCareTeam } from '@/lib/care/data';
import { ClientRecordingStatusList, SessionQuestionList } from '@/lib/consent/components/status-view';
import { getClientRecordingHome } from '@/lib/consent/data';
import { ReminderOfferView } from '@/lib/reminders/components/reminder-offer-view';
import { getReminderOffer } from '@/lib/reminders/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Home' };

export default async function PortalHome() {
  const user = await requireUser('portal:use');
  const [team, recording, reminderOffer] = await Promise.all([getMyCareTeam(), getClientRecordingHome(), getReminderOffer()]);
  return (
    <>
      <PageHeading title={`Welcome, ${user.name}`} intro="This is your private space with your practice. Only you and your care team can see what is here." />
      <div className="space-y-6">
        {recording.questions.length > 0 && (
          <Card title="Before your next sessions">
            <SessionQuestionList questions={recording.questions} timeZone={user.timeZone} />
          </Card>
        )}
        {reminderOffer && <ReminderOfferView offer={reminderOffer} />}
        <Card title="Recording your sessions">
          <ClientRecordingStatusList
            therapists={recording.therapists}
            recordingAllowed={recording.recordingAllowed}
            alternatives={recording.alternatives}
            timeZone={user.timeZone}
          />
        </Card>
        <Card title="Your care team">
          {team.length === 0 ? (
            <p className="text-stone-600">You are not assigned to a therapist yet. Your practice will let you know.</p>
          ) : (
            <ul className="divide-y divide-stone-100">
              {team.map((therapist) => (
                <li key={therapist.id} className="py-2">
                  <p className="font-medium">{therapist.name}</p>
                  <p className="text-sm text-stone-600">Your therapist since {therapist.since}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
