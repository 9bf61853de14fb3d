import { z } from 'zod';
import commonPasswords from './common-passwords.json';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, isEmailAsPassword, normalizeEmail, normalizePassword, normalizeTotp } from './model';

const common = new Set<string>(commonPasswords as string[]);

/** NIST 800-63B: length and a blocklist, no composition rules. Returns a message, or null when fine. */
export function passwordProblem(input: string, context: { email?: string } = {}): string | null {
  const password = normalizePassword(input);
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong, memorable password.`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (common.has(password.toLowerCase())) return 'That password is too common and easy to guess. Choose another.';
  if (context.email && isEmailAsPassword(password, context.email)) return EMAIL_AS_PASSWORD_MESSAGE;
  return null;
}

/** The one rule a schema cannot check, since it needs the account: commands check it. */
export const EMAIL_AS_PASSWORD_MESSAGE = 'Your password cannot be your email address.';

export const commonPasswordCount = () => common.size;

export const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }))
  .transform(normalizeEmail);

export const newPasswordSchema = z.string({ error: 'Enter a password.' }).superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const currentPassword = z.string().min(1, 'Enter your current password.').max(1024, 'That password is too long.');
const nextPath = z.string().max(2000).optional();

/** Actions that take nothing but the click. */
export const noInputSchema = z.object({});

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
  next: nextPath,
});

/** The second sign-in step: an authenticator code or a recovery code. */
export const signInCodeSchema = z.object({
  challenge: z.string().min(1).max(200),
  code: z.string().trim().min(1, 'Enter the code from your authenticator app, or a recovery code.').max(40),
  next: nextPath,
});

const matchingPasswords = { path: ['confirmPassword'], message: 'The two new passwords do not match.' };

export const changePasswordSchema = z
  .object({ currentPassword, newPassword: newPasswordSchema, confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, matchingPasswords);

export const requestResetSchema = z.object({ email: emailSchema });

export const setNewPasswordSchema = z
  .object({ token: z.string().min(1).max(200), newPassword: newPasswordSchema, confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, matchingPasswords);

/** Turning MFA on: a code from the authenticator app just set up. */
export const authenticatorCodeSchema = z.object({
  code: z
    .string()
    .transform(normalizeTotp)
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.')),
});

// Managing MFA also accepts a recovery code, for someone whose phone is lost.
const secondFactorCode = z
  .string()
  .trim()
  .min(1, 'Enter the 6-digit code from your authenticator app, or a recovery code.')
  .max(40, 'That code is too long.');

export const secondFactorSchema = z.object({ code: secondFactorCode });

export const disableMfaSchema = z.object({ currentPassword, code: secondFactorCode });
