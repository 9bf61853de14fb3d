import { z } from 'zod';
import { RECORDING_RETENTION_DAYS, RECORDING_UPLOAD_MB, recordingAllowedEnum, requestOpenersEnum } from '@/db/schema';
import { METHOD_KEYS, type RecordingMethod } from './model';

const RETENTION_MESSAGE = `Enter a whole number of days from ${RECORDING_RETENTION_DAYS.min} to ${RECORDING_RETENTION_DAYS.max}.`;
const UPLOAD_MESSAGE = `Enter a whole number of megabytes from ${RECORDING_UPLOAD_MB.min} to ${RECORDING_UPLOAD_MB.max}.`;

// A whole number typed into a text field, within the range the database also enforces.
const wholeNumber = (range: { min: number; max: number }, message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,6}$/, message)
    .transform(Number)
    .pipe(z.number({ error: message }).int(message).min(range.min, message).max(range.max, message));

// A ticked checkbox sends "on", an unticked one nothing.
const checkbox = z
  .literal('on', { error: 'Tick the box or leave it empty.' })
  .optional()
  .transform((value) => value === 'on');

// Recording that is allowed needs a way to happen; "never" needs none.
const hasAMethod = (settings: { allowed: string } & Record<RecordingMethod, boolean>) =>
  settings.allowed === 'never' || METHOD_KEYS.some((key) => settings[key]);

/** The recording settings form as posted. */
export const recordingSettingsSchema = z
  .object({
    allowed: z.enum(recordingAllowedEnum.enumValues, { error: 'Choose whether recording is allowed.' }),
    methodClientUpload: checkbox,
    methodClientDevice: checkbox,
    methodTherapistRecords: checkbox,
    maxRetentionDays: wholeNumber(RECORDING_RETENTION_DAYS, RETENTION_MESSAGE),
    maxUploadMb: wholeNumber(RECORDING_UPLOAD_MB, UPLOAD_MESSAGE),
    requestOpeners: z.enum(requestOpenersEnum.enumValues, { error: 'Choose who may open a request.' }),
  })
  .refine(hasAMethod, { message: 'Choose at least one method, or set “Recording allowed” to “Never”.', path: ['methods'] });
