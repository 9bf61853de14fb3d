import 'server-only';
import { hkdfSync } from 'node:crypto';
import { jwtDecrypt } from 'jose';
import { authSecret } from '@/lib/platform/crypto/keys';

/**
 * The session id in Auth.js's session cookie, read the way Auth.js reads it, without Auth.js: its session handler
 * derives the key twice, decrypts the token, then encrypts a fresh one into a cookie that a page render cannot send
 * (and Hearth would not want sent: the cookie never changes after sign-in). The key is derived once per cookie name
 * (and secret) per process, and each token decrypted once.
 */

interface CookieSource {
  get(name: string): { value: string } | undefined;
}

const SESSION_COOKIE = 'authjs.session-token';
// Auth.js's own choices for its session tokens (@auth/core/jwt): the only ones it issues.
const CONTENT_ENCRYPTION = 'A256CBC-HS512';
const CLOCK_TOLERANCE_SECONDS = 15;

/**
 * Auth.js names the cookie __Secure-… when it serves over HTTPS: as it decides that, from AUTH_URL when set, or else
 * from the request's X-Forwarded-Proto (HTTPS when there is none). A cookie under the other name is not read, as
 * Auth.js would not read it: over HTTPS only a secure cookie counts.
 */
function cookieName(requestHeaders: Pick<Headers, 'get'>) {
  const configured = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  const protocol = configured ? new URL(configured).protocol : (requestHeaders.get('x-forwarded-proto') ?? 'https');
  return /^https:?$/.test(protocol) ? `__Secure-${SESSION_COOKIE}` : SESSION_COOKIE;
}

// A session's cookie never changes after sign-in, so each token is decrypted once: after that, the session id it holds
// and its expiry are looked up (the expiry still checked each time). Bounded; the oldest token read is forgotten first.
const TOKENS_REMEMBERED = 10_000;

interface CookieKey {
  key: Uint8Array;
  tokens: Map<string, { sessionId: string; expiresAt: number }>;
}

const keys = new Map<string, CookieKey>();

/** Auth.js's key for a cookie name: HKDF-SHA256 of the secret, salted with the name (64 bytes for A256CBC-HS512). */
function keyFor(name: string): CookieKey {
  const secret = authSecret();
  const id = `${name}\n${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = { key: new Uint8Array(hkdfSync('sha256', secret, name, `Auth.js Generated Encryption Key (${name})`, 64)), tokens: new Map() };
    keys.set(id, key);
  }
  return key;
}

/** The server-side session id the request's cookie carries, or null: no cookie, a token not ours, or one expired. */
export async function sessionIdFromCookie(cookies: CookieSource, requestHeaders: Pick<Headers, 'get'>): Promise<string | null> {
  const name = cookieName(requestHeaders);
  const token = cookies.get(name)?.value;
  if (!token) return null;
  const { key, tokens } = keyFor(name);
  let read = tokens.get(token);
  if (!read) {
    try {
      const { payload } = await jwtDecrypt(token, key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      });
      if (typeof payload.sid !== 'string') return null;
      read = { sessionId: payload.sid, expiresAt: payload.exp! * 1000 };
    } catch {
      return null;
    }
    if (tokens.size >= TOKENS_REMEMBERED) tokens.delete(tokens.keys().next().value!);
    tokens.set(token, read);
  }
  return Date.now() < read.expiresAt + CLOCK_TOLERANCE_SECONDS * 1000 ? read.sessionId : null;
}
