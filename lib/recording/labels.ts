// Names for the recording settings, shared by the admin form (a client component) and the server: no server imports here.
import type { recordingAllowedEnum, requestOpenersEnum } from '@/db/schema';

export type RecordingAllowed = (typeof recordingAllowedEnum.enumValues)[number];
export type RequestOpeners = (typeof requestOpenersEnum.enumValues)[number];

export const RECORDING_ALLOWED_LABELS: Record<RecordingAllowed, string> = {
  yes: 'Yes',
  on_request: 'Only on request and agreement',
  never: 'Never',
};

export const REQUEST_OPENERS_LABELS: Record<RequestOpeners, string> = {
  client: 'Clients',
  therapist: 'Therapists',
  both: 'Both',
};

/** The ways a session may be recorded, keyed by the setting that allows each. */
export const RECORDING_METHODS = {
  methodClientUpload: 'Client uploads to Hearth',
  methodClientDevice: 'Client keeps it on their own device (encrypted)',
  methodTherapistRecords: 'Therapist records',
} as const;

export type RecordingMethod = keyof typeof RECORDING_METHODS;
