import { z } from 'zod';
import { IDLE_TIMEOUT_MINUTES } from '@/db/schema';
import { isTimeZone } from '@/lib/platform/clock';
import { optionalLocationShape, refineLocation } from '../jurisdictions/schemas';

const { min: IDLE_TIMEOUT_MIN, max: IDLE_TIMEOUT_MAX } = IDLE_TIMEOUT_MINUTES;
const IDLE_TIMEOUT_MESSAGE = `Enter a whole number of minutes from ${IDLE_TIMEOUT_MIN} to ${IDLE_TIMEOUT_MAX}.`;

/**
 * The settings form as posted, read from text: a ticked checkbox sends "on", an unticked one
 * nothing. Where the practice is may be left unset (it starts so), and is then absent; a
 * location that is given must be one of the reference data's.
 */
export const practiceSettingsSchema = z
  .object({
    name: z
      .string({ error: 'Enter the practice name.' })
      .trim()
      .min(1, 'Enter the practice name.')
      .max(120, 'Keep the practice name to 120 characters or fewer.'),
    timeZone: z.string({ error: 'Choose a time zone from the list.' }).refine(isTimeZone, 'Choose a time zone from the list.'),
    idleTimeoutMinutes: z
      .string({ error: IDLE_TIMEOUT_MESSAGE })
      .trim()
      .regex(/^\d{1,6}$/, IDLE_TIMEOUT_MESSAGE)
      .transform(Number)
      .pipe(z.number({ error: IDLE_TIMEOUT_MESSAGE }).int(IDLE_TIMEOUT_MESSAGE).min(IDLE_TIMEOUT_MIN, IDLE_TIMEOUT_MESSAGE).max(IDLE_TIMEOUT_MAX, IDLE_TIMEOUT_MESSAGE)),
    requireStaffMfa: z
      .literal('on', { error: 'Tick the box or leave it empty.' })
      .optional()
      .transform((value) => value === 'on'),
    country: optionalLocationShape.country.transform((value) => value ?? undefined),
    region: optionalLocationShape.region.transform((value) => value ?? undefined),
  })
  .superRefine((value, ctx) => refineLocation({ country: value.country ?? null, region: value.region ?? null }, ctx));

export type PracticeSettings = z.output<typeof practiceSettingsSchema>;
