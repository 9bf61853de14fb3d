import { z } from 'zod';
import { emailSchema, newPasswordSchema } from '../auth/schemas';
import { ROLES } from '../auth/permissions';
import { optionalLocationShape, refineLocation } from '../jurisdictions/schemas';

export const inviteSchema = z.object({
  email: emailSchema,
  // The therapist's form has no role field: therapists invite clients.
  role: z.enum(ROLES, { error: 'Choose a role.' }).default('client'),
  therapistId: z
    .union([z.literal(''), z.uuid({ error: 'Choose a therapist from the list.' })])
    .optional()
    .transform((value) => value || undefined),
});

export const revokeInvitationSchema = z.object({ invitationId: z.uuid() });

/**
 * The acceptance form. A location, when given, must be one of the reference data's; whether this
 * invitation may give one at all (clients only) is the acceptance's own check, as it needs the invitation.
 */
export const acceptInvitationSchema = z
  .object({
    token: z.string().min(1).max(200),
    name: z.string({ error: 'Enter your name.' }).trim().min(1, 'Enter your name.').max(200, 'Use at most 200 characters.'),
    password: newPasswordSchema,
    confirmPassword: z.string(),
    ...optionalLocationShape,
  })
  .superRefine(refineLocation)
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords do not match.' });
