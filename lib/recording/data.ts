import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { practices, users } from '@/db/schema';
import { requireUser } from '../auth/guards';
import { requirePortalClient } from '../policies/acknowledgement-data';
import { recordingGuidance } from '../jurisdictions/rules';
import { hasAcknowledgedCurrentRecordingPolicy } from '../policies/acknowledgements';
import { getRecordingSettings } from './settings';

/** The signed-in admin's practice's recording settings, for the settings form. */
export async function getMyRecordingSettings() {
  const admin = await requireUser('practice:configure');
  return getRecordingSettings(await getDb(), admin.practiceId);
}

export const RECORDING_CHANNELS = [
  { channel: 'in_person', label: 'In person' },
  { channel: 'telehealth', label: 'Telehealth or phone' },
] as const;

/**
 * Everything the client's recording page shows: the practice's terms, its recording policy in force and whether the
 * client has acknowledged it, and the rule for each kind of session given where the client and the practice are.
 */
export async function getMyRecordingOverview() {
  // Gated like every portal page: a client with a policy to acknowledge is sent to do that first.
  const client = await requirePortalClient();
  const db = await getDb();
  const [[clientLocation], [practiceLocation]] = await Promise.all([
    db.select({ country: users.country, region: users.region }).from(users).where(eq(users.id, client.id)),
    db.select({ country: practices.country, region: practices.region }).from(practices).where(eq(practices.id, client.practiceId)),
  ]);
  const [terms, policy] = await Promise.all([getRecordingSettings(db, client.practiceId), hasAcknowledgedCurrentRecordingPolicy(db, client)]);
  const guidance = clientLocation.country
    ? RECORDING_CHANNELS.map(({ channel, label }) => ({
        channel,
        label,
        guidance: recordingGuidance({ practice: practiceLocation, client: clientLocation, channel }),
      }))
    : null;
  return { terms, policy, guidance };
}
