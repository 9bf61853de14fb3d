// Names and shapes of the recording settings, shared by the admin form (a client component) and the server: no server imports here.
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

export const METHOD_KEYS = Object.keys(RECORDING_METHODS) as RecordingMethod[];

/**
 * The practice's recording terms. A recording agreement copies this snapshot when it is signed, so later changes to the
 * settings apply to new requests only.
 */
export type RecordingTerms = {
  allowed: RecordingAllowed;
  maxRetentionDays: number;
  maxUploadMb: number;
  requestOpeners: RequestOpeners;
} & Record<RecordingMethod, boolean>;

/** The methods the terms allow, in a stable order. */
export function allowedMethods(terms: RecordingTerms): RecordingMethod[] {
  return terms.allowed === 'never' ? [] : METHOD_KEYS.filter((key) => terms[key]);
}

export const RECORDING_CHANNELS = [
  { channel: 'in_person', label: 'In person' },
  { channel: 'telehealth', label: 'Telehealth or phone' },
] as const;
