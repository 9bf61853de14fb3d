import type { NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { authSecret } from '@/lib/platform/crypto/keys';
import { routes } from '@/lib/routes';
import { consumeHandoff } from '../commands/sessions';
import { SESSION_ABSOLUTE_MS } from '../model';

declare module 'next-auth' {
  interface Session {
    sid?: string;
  }
}

/**
 * Auth.js only carries the server-side session id in its encrypted cookie. Passwords and codes
 * are checked by lib/auth/commands/signin.ts, which hands over a single-use ticket; every request
 * then re-checks the session row (lib/auth/guards.ts), so sessions can be revoked. The JWT
 * expires with the session, 12 hours after sign-in. Built on first use, so that building the app needs no secret,
 * and then kept: Auth.js asks for it on every call.
 */
let built: NextAuthConfig | undefined;
export const authConfig = (): NextAuthConfig => (built ??= buildAuthConfig());

const buildAuthConfig = (): NextAuthConfig => ({
  secret: authSecret(),
  trustHost: process.env.AUTH_TRUST_HOST === 'true' || !!process.env.AUTH_URL || process.env.NODE_ENV !== 'production',
  session: { strategy: 'jwt', maxAge: SESSION_ABSOLUTE_MS / 1000 },
  pages: { signIn: routes.login },
  providers: [
    Credentials({
      credentials: { ticket: {} },
      async authorize(credentials) {
        const ticket = typeof credentials?.ticket === 'string' ? credentials.ticket : '';
        if (!ticket) return null;
        const sessionId = await consumeHandoff(await getDb(), ticket);
        return sessionId ? { id: sessionId } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sid = user.id;
      return token;
    },
    session({ session, token }) {
      return { expires: session.expires, sid: typeof token.sid === 'string' ? token.sid : undefined };
    },
  },
});

// Auth.js's session cookie, whole or in chunks (`.0`, `.1`), with the __Secure- prefix over HTTPS.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

interface CookieToSet {
  name: string;
  value: string;
  expires?: Date | number;
  maxAge?: number;
}

/**
 * Auth.js gives its session cookie an expiry (the session's 12 hours), which keeps it on disk
 * after the browser closes: on a shared computer, the next person would find the session open.
 * Without Expires and Max-Age the browser forgets it when it closes; the 12 hours still hold on
 * the server (sessions.expires_at) and in the JWT's own exp. Cookies being cleared keep theirs.
 */
function asBrowserSessionCookie<C extends CookieToSet>(cookie: C): C {
  if (cookie.value === '') return cookie;
  const browserSession = { ...cookie };
  delete browserSession.expires;
  delete browserSession.maxAge;
  return browserSession;
}

/** The cookies a response is about to set, as Next.js's cookies() gives them in an action. */
interface CookieJar {
  getAll(): CookieToSet[];
  set(cookie: CookieToSet): unknown;
}

/**
 * Sets Auth.js's session cookie again, as a browser-session cookie, in the jar Auth.js's sign-in
 * has just filled. No configuration of Auth.js removes the expiry: its callback passes `expires`
 * explicitly, over any cookie options.
 */
export function makeSessionCookiesEndWithBrowser(jar: CookieJar) {
  for (const cookie of jar.getAll()) {
    if (SESSION_COOKIE.test(cookie.name)) jar.set(asBrowserSessionCookie(cookie));
  }
}
