import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { IDLE_TIMEOUT_MINUTES, practices } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { optionalLocationShape, refineLocation } from '../jurisdictions/regions';
import { isTimeZone } from '@/lib/platform/clock';

const { min: IDLE_TIMEOUT_MIN, max: IDLE_TIMEOUT_MAX } = IDLE_TIMEOUT_MINUTES;
const IDLE_TIMEOUT_MESSAGE = `Enter a whole number of minutes from ${IDLE_TIMEOUT_MIN} to ${IDLE_TIMEOUT_MAX}.`;

const name = z
  .string({ error: 'Enter the practice name.' })
  .trim()
  .min(1, 'Enter the practice name.')
  .max(120, 'Keep the practice name to 120 characters or fewer.');
const timeZone = z.string({ error: 'Choose a time zone from the list.' }).refine(isTimeZone, 'Choose a time zone from the list.');
const idleTimeoutMinutes = z
  .number({ error: IDLE_TIMEOUT_MESSAGE })
  .int(IDLE_TIMEOUT_MESSAGE)
  .min(IDLE_TIMEOUT_MIN, IDLE_TIMEOUT_MESSAGE)
  .max(IDLE_TIMEOUT_MAX, IDLE_TIMEOUT_MESSAGE);

// Where the practice is may be left unset (it starts so); a location that is given must be one of the reference data's.
const location = {
  country: z.string().optional(),
  region: z.string().optional(),
};

function refinePracticeLocation(value: { country?: string; region?: string }, ctx: z.RefinementCtx) {
  refineLocation({ country: value.country ?? null, region: value.region ?? null }, ctx);
}

/** What valid settings are, whoever supplies them. An unset country or region is absent. */
export const practiceSettingsRules = z
  .object({ name, timeZone, idleTimeoutMinutes, requireStaffMfa: z.boolean(), ...location })
  .superRefine(refinePracticeLocation);

/** The settings form as posted: the same rules, read from text; a ticked checkbox sends "on", an unticked one nothing. */
export const practiceSettingsSchema = z.object({
  name,
  timeZone,
  idleTimeoutMinutes: z
    .string({ error: IDLE_TIMEOUT_MESSAGE })
    .trim()
    .regex(/^\d{1,6}$/, IDLE_TIMEOUT_MESSAGE)
    .transform(Number)
    .pipe(idleTimeoutMinutes),
  requireStaffMfa: z
    .literal('on', { error: 'Tick the box or leave it empty.' })
    .optional()
    .transform((value) => value === 'on'),
  country: optionalLocationShape.country.transform((value) => value ?? undefined),
  region: optionalLocationShape.region.transform((value) => value ?? undefined),
}).superRefine(refinePracticeLocation);

export type PracticeSettings = z.output<typeof practiceSettingsRules>;

const settingsColumns = {
  name: practices.name,
  timeZone: practices.timeZone,
  idleTimeoutMinutes: practices.idleTimeoutMinutes,
  requireStaffMfa: practices.requireStaffMfa,
  country: practices.country,
  region: practices.region,
};

function fromRow({ country, region, ...rest }: { country: string | null; region: string | null } & Omit<PracticeSettings, 'country' | 'region'>): PracticeSettings {
  return { ...rest, country: country ?? undefined, region: region ?? undefined };
}

export async function getPracticeSettings(db: DbOrTx, practiceId: string): Promise<PracticeSettings> {
  const [row] = await db.select(settingsColumns).from(practices).where(eq(practices.id, practiceId));
  return fromRow(row);
}

export type SettingsResult =
  | { status: 'saved'; changed: (keyof PracticeSettings)[] }
  | { status: 'unchanged' }
  | { status: 'invalid'; errors: Partial<Record<keyof PracticeSettings, string[]>> };

/**
 * Saves the settings that differ and records which ones changed; invalid settings save nothing. The audit entry carries the
 * new values except the name, which is only marked as changed; an unset country or region is recorded as null.
 */
export async function updatePracticeSettings(
  db: DbOrTx,
  actor: { id: string; practiceId: string },
  input: PracticeSettings,
  context: RequestContext,
): Promise<SettingsResult> {
  const parsed = practiceSettingsRules.safeParse(input);
  if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
  const settings = parsed.data;
  return db.transaction(async (tx) => {
    const [row] = await tx.select(settingsColumns).from(practices).where(eq(practices.id, actor.practiceId)).for('update');
    const current = fromRow(row);
    const keys = Object.keys(settingsColumns) as (keyof PracticeSettings)[];
    const changed = keys.filter((key) => settings[key] !== current[key]);
    if (changed.length === 0) return { status: 'unchanged' };
    await tx
      .update(practices)
      .set({ ...settings, country: settings.country ?? null, region: settings.region ?? null })
      .where(eq(practices.id, actor.practiceId));
    const metadata = Object.fromEntries(changed.map((key) => [key, key === 'name' ? 'changed' : (settings[key] ?? null)]));
    await recordAudit(tx, {
      practiceId: actor.practiceId,
      actorId: actor.id,
      action: 'practice.settings_changed',
      subjectType: 'practice',
      subjectId: actor.practiceId,
      metadata,
      context,
    });
    return { status: 'saved', changed };
  });
}
