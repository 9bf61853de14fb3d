import 'server-only';
import { getDb } from '@/db/client';
import { RECORDING_RETENTION_DAYS, RECORDING_UPLOAD_MB } from '@/db/schema';
import { requireUser } from '../auth/guards';
import { recordingGuidance } from '../jurisdictions/rules';
import { hasAcknowledgedCurrentRecordingPolicy } from '../policies/queries';
import { RECORDING_CHANNELS } from './model';
import { getRecordingSettings, recordingPlaces } from './queries';

/** The signed-in admin's practice's recording settings, with the ranges the save is checked against. */
export async function getMyRecordingSettings() {
  const admin = await requireUser('practice:configure');
  const terms = await getRecordingSettings(await getDb(), admin.practiceId);
  return { terms, limits: { retentionDays: RECORDING_RETENTION_DAYS, uploadMb: RECORDING_UPLOAD_MB } };
}

/**
 * Everything the client's recording page shows: the practice's terms, its recording policy in force and whether the
 * client has acknowledged it, and the rule for each kind of session given where the client and the practice are.
 */
export async function getMyRecordingOverview() {
  // Gated like every portal page: a client with a policy to acknowledge is sent to do that first.
  const client = await requireUser('portal:use');
  const db = await getDb();
  const [places, terms, policy] = await Promise.all([
    recordingPlaces(db, client.practiceId, client.id),
    getRecordingSettings(db, client.practiceId),
    hasAcknowledgedCurrentRecordingPolicy(db, client),
  ]);
  const guidance = places.client.country
    ? RECORDING_CHANNELS.map(({ channel, label }) => ({
        channel,
        label,
        guidance: recordingGuidance({ ...places, channel }),
      }))
    : null;
  return { terms, policy, guidance };
}

export type RecordingOverviewData = Awaited<ReturnType<typeof getMyRecordingOverview>>;
