import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import commonPasswords from './common-passwords.json';

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id; the package's const enum cannot be imported here */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const common = new Set<string>(commonPasswords as string[]);

// NIST 800-63B asks for Unicode normalisation (NFKC), so a password typed as composed
// characters on one system and decomposed on another is the same password.
const normalize = (password: string) => password.normalize('NFKC');

export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalize(password));
  } catch {
    return false;
  }
}

// Used when the account does not exist, so a wrong email costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('hearth-timing-equaliser-not-a-password');
  await verifyPassword(await dummyHash, password);
}

/** NIST 800-63B: length and a blocklist, no composition rules. Returns a message, or null when fine. */
export function passwordProblem(input: string, context: { email?: string } = {}): string | null {
  const password = normalize(input);
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong, memorable password.`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lowered = password.toLowerCase();
  if (common.has(lowered)) return 'That password is too common and easy to guess. Choose another.';
  if (context.email && lowered === context.email.toLowerCase()) return 'Your password cannot be your email address.';
  return null;
}

export const commonPasswordCount = () => common.size;

export const newPasswordSchema = z.string({ error: 'Enter a password.' }).superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
