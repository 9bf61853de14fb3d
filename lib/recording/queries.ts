import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { practiceRecordingSettings, RECORDING_RETENTION_DAYS, RECORDING_UPLOAD_MB } from '@/db/schema';
import { getPracticeLocation, getUserLocation } from '../jurisdictions/queries';
import type { RecordingTerms } from './model';

/** A practice without a settings row has these (the column defaults in db/schema.ts). */
export const DEFAULT_RECORDING_TERMS: RecordingTerms = {
  allowed: 'on_request',
  methodClientUpload: true,
  methodClientDevice: true,
  methodTherapistRecords: false,
  maxRetentionDays: RECORDING_RETENTION_DAYS.default,
  maxUploadMb: RECORDING_UPLOAD_MB.default,
  requestOpeners: 'both',
};

export const TERM_KEYS = Object.keys(DEFAULT_RECORDING_TERMS) as (keyof RecordingTerms)[];
const termColumns = Object.fromEntries(TERM_KEYS.map((key) => [key, practiceRecordingSettings[key]])) as {
  [K in keyof RecordingTerms]: (typeof practiceRecordingSettings)[K];
};

export async function getRecordingSettings(db: DbOrTx, practiceId: string): Promise<RecordingTerms> {
  const [row] = await db.select(termColumns).from(practiceRecordingSettings).where(eq(practiceRecordingSettings.practiceId, practiceId));
  return row ?? DEFAULT_RECORDING_TERMS;
}

/** Where a client and their practice are: the places the law on recording depends on. */
export async function recordingPlaces(db: DbOrTx, practiceId: string, clientId: string) {
  const [client, practice] = await Promise.all([getUserLocation(db, clientId), getPracticeLocation(db, practiceId)]);
  return { client, practice };
}
