import NextAuth, { type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { authSecret } from '@/lib/platform/crypto/keys';
import { consumeHandoff, SESSION_ABSOLUTE_MS } from './sessions';

declare module 'next-auth' {
  interface Session {
    sid?: string;
  }
}

/**
 * Auth.js only carries the server-side session id in its encrypted cookie. Passwords and codes
 * are checked by lib/auth/signin.ts, which hands over a single-use ticket; every request then
 * re-checks the session row (lib/auth/current-user.ts), so sessions can be revoked.
 * The configuration is built lazily so that building the app needs no secret.
 */
export const { auth, signIn, signOut } = NextAuth((): NextAuthConfig => ({
  secret: authSecret(),
  trustHost: process.env.AUTH_TRUST_HOST === 'true' || !!process.env.AUTH_URL || process.env.NODE_ENV !== 'production',
  session: { strategy: 'jwt', maxAge: SESSION_ABSOLUTE_MS / 1000 },
  pages: { signIn: '/login' },
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
}));
