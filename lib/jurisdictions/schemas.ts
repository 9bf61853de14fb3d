import { z } from 'zod';
import { LOCATION_MESSAGES, locationErrors, type LocationInput } from './regions';

// A select left on its empty choice posts "" (or nothing, when disabled): both mean "not given".
const code = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || null);

/** Adds the location's field errors (checked against the reference data) to a form schema that has `country` and `region`. */
export function refineLocation(value: LocationInput, ctx: z.RefinementCtx) {
  for (const [path, message] of Object.entries(locationErrors(value))) ctx.addIssue({ code: 'custom', path: [path], message });
}

/** Country and region as posted, where the country may be left unset. */
export const optionalLocationShape = { country: code, region: code };

/** A person's location as posted by the location form: a country is required. */
export const locationSchema = z.object(optionalLocationShape).superRefine((value, ctx) => {
  if (value.country === null) ctx.addIssue({ code: 'custom', path: ['country'], message: LOCATION_MESSAGES.country });
  else refineLocation(value, ctx);
});
