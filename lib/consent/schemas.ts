import { z } from 'zod';
import { isIsoDate } from '@/lib/platform/clock';
import {
  ALTERNATIVES,
  type ConsentTerms,
  LISTENERS,
  MESSAGE_MAX,
  METHODS,
  NEXT_SESSIONS_MAX,
  OTHER_PURPOSE_MAX,
  PREFERENCES_MAX,
  PURPOSES,
  type Purpose,
  REQUEST_NOT_FOUND,
  SECTIONS,
  SESSION_ANSWERS,
  STORAGE_FOR_METHOD,
  WITHDRAWAL_REASON_MAX,
} from './model';
import type { TermsProblem } from './terms';

/*
 * The forms' inputs. The action wrapper hands a form over as one string per field name, so a set of checkboxes is a
 * field per option: `purpose_<code>`, `alternative_<code>` and `appointment_<id>` (any value but '' or 'false' is
 * ticked). Fixed terms (no sharing without a new agreement, neutral file names) are not inputs; where recordings are
 * kept follows from the method.
 */

const requestId = z.uuid({ error: REQUEST_NOT_FOUND });
const version = z.coerce.number({ error: 'Reload the page and try again.' }).int().min(1);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value : null));
const chars = (value: string) => [...value].length;

const ticked = (value: unknown) => typeof value === 'string' && value !== '' && value !== 'false';

/** The options ticked in a set of checkboxes named `${prefix}<option>`. */
function collect(raw: unknown, prefix: string): string[] {
  if (!raw || typeof raw !== 'object') return [];
  return Object.entries(raw)
    .filter(([key, value]) => key.startsWith(prefix) && ticked(value))
    .map(([key]) => key.slice(prefix.length));
}

const withSets = (raw: unknown) =>
  raw && typeof raw === 'object'
    ? { ...raw, purposes: collect(raw, 'purpose_'), alternatives: collect(raw, 'alternative_'), appointmentIds: collect(raw, 'appointment_') }
    : raw;

const alternativesField = z.array(z.enum(ALTERNATIVES, { error: 'Choose from the alternatives listed.' }));

const termsShape = {
  purposes: z.array(z.enum(PURPOSES, { error: 'Choose from the reasons listed.' })),
  otherPurpose: optionalText,
  sessionsKind: z.enum(['all_from_date', 'next_n', 'chosen'], { error: 'Choose which sessions are covered.' }),
  sessionsFrom: z.string().optional(),
  sessionsCount: z.string().optional(),
  appointmentIds: z.array(z.uuid({ error: 'One of the chosen sessions is not a session.' })),
  method: z.enum(METHODS, { error: 'Choose how sessions are recorded.' }),
  listeners: z.enum(LISTENERS, { error: 'Choose who may listen.' }),
  transcriptionAllowed: z
    .string()
    .optional()
    .transform((value) => ticked(value ?? '')),
  retentionDays: z.coerce.number({ error: 'Enter a whole number of days.' }).int('Enter a whole number of days.').min(1, 'Keep recordings for at least 1 day.'),
  onWithdrawal: z.enum(['delete_within_days', 'keep_until_retention'], { error: 'Choose what happens if either of you withdraws.' }),
  onWithdrawalDays: z.string().optional(),
};

const termsObject = z.object(termsShape);
type TermsFields = z.output<typeof termsObject>;

const WHOLE = /^\d{1,6}$/;

function refineTerms(value: TermsFields, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (value.otherPurpose && chars(value.otherPurpose.trim()) > OTHER_PURPOSE_MAX) issue('otherPurpose', `Keep this to ${OTHER_PURPOSE_MAX} characters.`);
  if (value.sessionsKind === 'all_from_date' && !isIsoDate(value.sessionsFrom?.trim() ?? '')) issue('sessionsFrom', 'Enter the date of the first session covered.');
  if (value.sessionsKind === 'next_n') {
    const count = value.sessionsCount?.trim() ?? '';
    if (!WHOLE.test(count) || Number(count) < 1 || Number(count) > NEXT_SESSIONS_MAX) issue('sessionsCount', `Enter a whole number of sessions from 1 to ${NEXT_SESSIONS_MAX}.`);
  }
  if (value.sessionsKind === 'chosen' && value.appointmentIds.length === 0) issue('appointments', 'Choose at least one session.');
  if (value.onWithdrawal === 'delete_within_days' && !WHOLE.test(value.onWithdrawalDays?.trim() ?? '')) {
    issue('onWithdrawalDays', 'Enter within how many days recordings are deleted.');
  }
}

function toTerms(value: TermsFields): ConsentTerms {
  const sessions: ConsentTerms['sessions'] =
    value.sessionsKind === 'all_from_date'
      ? { kind: 'all_from_date', from: value.sessionsFrom!.trim() }
      : value.sessionsKind === 'next_n'
        ? { kind: 'next_n', count: Number(value.sessionsCount!.trim()) }
        : { kind: 'chosen', appointmentIds: value.appointmentIds };
  return {
    purposes: value.purposes as Purpose[],
    otherPurpose: value.otherPurpose,
    sessions,
    method: value.method,
    storage: STORAGE_FOR_METHOD[value.method],
    listeners: value.listeners,
    transcriptionAllowed: value.transcriptionAllowed,
    sharingNeedsNewAgreement: true,
    retentionDays: value.retentionDays,
    onWithdrawal: value.onWithdrawal === 'delete_within_days' ? { action: 'delete_within_days', days: Number(value.onWithdrawalDays!.trim()) } : { action: 'keep_until_retention' },
    neutralFileLabels: true,
  };
}

/** The form field each problem with the terms belongs to, for the refusal's field errors. */
export const TERMS_PROBLEM_FIELDS: Record<TermsProblem, string> = {
  no_purpose: 'purposes',
  other_purpose_missing: 'otherPurpose',
  other_purpose_without_other: 'otherPurpose',
  other_purpose_too_long: 'otherPurpose',
  invalid_start_date: 'sessionsFrom',
  invalid_session_count: 'sessionsCount',
  no_sessions_chosen: 'appointments',
  invalid_appointment: 'appointments',
  method_not_allowed: 'method',
  storage_does_not_fit_method: 'method',
  invalid_listeners: 'listeners',
  retention_out_of_range: 'retentionDays',
  withdrawal_days_out_of_range: 'onWithdrawalDays',
  fixed_term_changed: 'method',
};

/** Opening a request: the client names their therapist, the therapist their client; and the proposed terms. */
export const openRequestSchema = z.preprocess(
  withSets,
  termsObject
    .extend({
      clientId: z.uuid({ error: 'Choose a client.' }).optional(),
      therapistId: z.uuid({ error: 'Choose a therapist.' }).optional(),
    })
    .superRefine(refineTerms)
    .transform(({ clientId, therapistId, ...fields }) => ({ clientId, therapistId, terms: toTerms(fields) })),
);

/** Changing the terms; `baseVersion` is the terms version the form was opened with. */
export const changeTermsSchema = z.preprocess(
  withSets,
  termsObject
    .extend({ requestId, baseVersion: version })
    .superRefine(refineTerms)
    .transform(({ requestId: id, baseVersion, ...fields }) => ({ requestId: id, baseVersion, terms: toTerms(fields) })),
);

/** Ticking or unticking a section; `rowVersion` is the request version the page showed. */
export const sectionSchema = z.object({
  requestId,
  section: z.enum(SECTIONS, { error: 'Choose a section.' }),
  rowVersion: version,
});

export const preferencesSchema = z.object({
  requestId,
  rowVersion: version,
  preferences: z
    .string()
    .optional()
    .refine((value) => chars(value ?? '') <= PREFERENCES_MAX, `Keep this to ${PREFERENCES_MAX} characters.`)
    .transform((value) => (value?.trim() ? value : null)),
});

export const alternativesSchema = z.preprocess(withSets, z.object({ requestId, rowVersion: version, alternatives: alternativesField }));

export const messageSchema = z.object({
  requestId,
  body: z
    .string({ error: 'Write a message first.' })
    .refine((value) => value.trim() !== '', 'Write a message first.')
    .refine((value) => chars(value) <= MESSAGE_MAX, `Keep a message to ${MESSAGE_MAX} characters.`),
});

export const signSchema = z.object({
  requestId,
  termsSha256: z.string().regex(/^[0-9a-f]{64}$/, 'Reload the page and read the terms again.'),
  fullName: z.string({ error: 'Type your full name.' }).trim().min(1, 'Type your full name.').max(200, 'Use at most 200 characters.'),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1024),
  // Named like the sign-in's second factor: a secret field, never echoed back into the form.
  totpCode: z
    .string()
    .max(64)
    .optional()
    .transform((value) => value?.trim() || null),
});

export const declineSchema = z.preprocess(withSets, z.object({ requestId, alternatives: alternativesField }));

export const withdrawSchema = z.object({
  requestId,
  reason: z
    .string()
    .optional()
    .refine((value) => chars(value ?? '') <= WITHDRAWAL_REASON_MAX, `Keep the reason to ${WITHDRAWAL_REASON_MAX} characters.`)
    .transform((value) => (value?.trim() ? value : null)),
});

export const answerSessionSchema = z.object({
  requestId,
  appointmentId: z.uuid({ error: 'Choose a session.' }),
  answer: z.enum(SESSION_ANSWERS, { error: 'Choose yes or not this time.' }),
});
