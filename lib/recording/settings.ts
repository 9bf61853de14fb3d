import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import {
  practiceRecordingSettings,
  practices,
  RECORDING_RETENTION_DAYS,
  RECORDING_UPLOAD_MB,
  recordingAllowedEnum,
  requestOpenersEnum,
} from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { RECORDING_METHODS, type RecordingMethod } from './labels';

const METHOD_KEYS = Object.keys(RECORDING_METHODS) as RecordingMethod[];

const ALLOWED_MESSAGE = 'Choose whether recording is allowed.';
const OPENERS_MESSAGE = 'Choose who may open a request.';
const METHODS_MESSAGE = 'Choose at least one method, or set “Recording allowed” to “Never”.';
const RETENTION_MESSAGE = `Enter a whole number of days from ${RECORDING_RETENTION_DAYS.min} to ${RECORDING_RETENTION_DAYS.max}.`;
const UPLOAD_MESSAGE = `Enter a whole number of megabytes from ${RECORDING_UPLOAD_MB.min} to ${RECORDING_UPLOAD_MB.max}.`;

const wholeNumber = (range: { min: number; max: number }, message: string) =>
  z.number({ error: message }).int(message).min(range.min, message).max(range.max, message);
const maxRetentionDays = wholeNumber(RECORDING_RETENTION_DAYS, RETENTION_MESSAGE);
const maxUploadMb = wholeNumber(RECORDING_UPLOAD_MB, UPLOAD_MESSAGE);
const allowed = z.enum(recordingAllowedEnum.enumValues, { error: ALLOWED_MESSAGE });
const requestOpeners = z.enum(requestOpenersEnum.enumValues, { error: OPENERS_MESSAGE });

// Recording that is allowed needs a way to happen; "never" needs none.
const hasAMethod = (settings: { allowed: string } & Record<RecordingMethod, boolean>) =>
  settings.allowed === 'never' || METHOD_KEYS.some((key) => settings[key]);
const methodRule = { message: METHODS_MESSAGE, path: ['methods'] };

/** What valid settings are, whoever supplies them. */
export const recordingSettingsRules = z
  .object({
    allowed,
    methodClientUpload: z.boolean(),
    methodClientDevice: z.boolean(),
    methodTherapistRecords: z.boolean(),
    maxRetentionDays,
    maxUploadMb,
    requestOpeners,
  })
  .refine(hasAMethod, methodRule);

const fromText = (schema: z.ZodNumber, message: string) =>
  z.string({ error: message }).trim().regex(/^\d{1,6}$/, message).transform(Number).pipe(schema);
// A ticked checkbox sends "on", an unticked one nothing.
const checkbox = z
  .literal('on', { error: 'Tick the box or leave it empty.' })
  .optional()
  .transform((value) => value === 'on');

/** The settings form as posted: the same rules, read from text. */
export const recordingSettingsSchema = z
  .object({
    allowed,
    methodClientUpload: checkbox,
    methodClientDevice: checkbox,
    methodTherapistRecords: checkbox,
    maxRetentionDays: fromText(maxRetentionDays, RETENTION_MESSAGE),
    maxUploadMb: fromText(maxUploadMb, UPLOAD_MESSAGE),
    requestOpeners,
  })
  .refine(hasAMethod, methodRule);

/**
 * The practice's recording terms. A recording agreement copies this snapshot when it is signed, so later changes to the
 * settings apply to new requests only.
 */
export type RecordingTerms = z.output<typeof recordingSettingsRules>;

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

const TERM_KEYS = Object.keys(DEFAULT_RECORDING_TERMS) as (keyof RecordingTerms)[];
const termColumns = Object.fromEntries(TERM_KEYS.map((key) => [key, practiceRecordingSettings[key]])) as {
  [K in keyof RecordingTerms]: (typeof practiceRecordingSettings)[K];
};

/** The methods the terms allow, in a stable order. */
export function allowedMethods(terms: RecordingTerms): RecordingMethod[] {
  return terms.allowed === 'never' ? [] : METHOD_KEYS.filter((key) => terms[key]);
}

export async function getRecordingSettings(db: DbOrTx, practiceId: string): Promise<RecordingTerms> {
  const [row] = await db.select(termColumns).from(practiceRecordingSettings).where(eq(practiceRecordingSettings.practiceId, practiceId));
  return row ?? DEFAULT_RECORDING_TERMS;
}

export type RecordingSettingsResult =
  | { status: 'saved'; changed: (keyof RecordingTerms)[] }
  | { status: 'unchanged' }
  | { status: 'invalid'; errors: Partial<Record<keyof RecordingTerms | 'methods', string[]>> };

/** Saves the actor's practice's settings and audits which changed, with their new values (all codes and numbers). */
export async function updateRecordingSettings(
  db: DbOrTx,
  actor: { id: string; practiceId: string },
  input: RecordingTerms,
  context: RequestContext,
): Promise<RecordingSettingsResult> {
  const parsed = recordingSettingsRules.safeParse(input);
  if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
  const terms = parsed.data;
  return db.transaction(async (tx) => {
    // The practice row is the lock: the settings row may not exist yet, so two first saves still run one after the other.
    await tx.select({ id: practices.id }).from(practices).where(eq(practices.id, actor.practiceId)).for('no key update');
    const current = await getRecordingSettings(tx, actor.practiceId);
    const changed = TERM_KEYS.filter((key) => terms[key] !== current[key]);
    if (changed.length === 0) return { status: 'unchanged' };
    const row = { ...terms, updatedById: actor.id, updatedAt: sql`now()` };
    await tx
      .insert(practiceRecordingSettings)
      .values({ practiceId: actor.practiceId, ...row })
      .onConflictDoUpdate({ target: practiceRecordingSettings.practiceId, set: row });
    await recordAudit(tx, {
      practiceId: actor.practiceId,
      actorId: actor.id,
      action: 'recording.settings_changed',
      subjectType: 'practice',
      subjectId: actor.practiceId,
      metadata: Object.fromEntries(changed.map((key) => [key, terms[key]])),
      context,
    });
    return { status: 'saved', changed };
  });
}
