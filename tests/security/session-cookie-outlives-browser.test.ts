// Issue 7, "Also": the session cookie carried a 12-hour expiry, so it stayed on disk after the
// browser closed: on a shared computer the next person found the session still open.
import { Auth, raw, skipCSRFCheck } from '@auth/core';
import { decode, encode } from '@auth/core/jwt';
import { ResponseCookies } from 'next/dist/compiled/@edge-runtime/cookies';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { validateSession } from '@/lib/auth/commands/sessions';
import { signInWithPassword } from '@/lib/auth/commands/signin';
import { authConfig, makeSessionCookiesEndWithBrowser } from '@/lib/auth/config/options';
import { sessionIdFromCookie } from '@/lib/auth/config/session-cookie';
import { SESSION_ABSOLUTE_MS } from '@/lib/auth/model';
import { authSecret } from '@/lib/platform/crypto/keys';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { FACTORY_PASSWORD, createPractice, createPerson } from '../helpers/factories';

const SESSION_COOKIE = 'authjs.session-token';

/**
 * What the browser is sent at sign-in: Auth.js's credentials callback for the ticket, its
 * cookies put in the response's jar as next-auth's signIn() does, then Hearth's own step.
 */
async function setCookieHeadersForSignIn(ticket: string) {
  const request = new Request('http://localhost:3000/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ticket, callbackUrl: '/portal' }),
  });
  const response = await Auth(request, { ...authConfig(), basePath: '/api/auth', raw, skipCSRFCheck });
  const headers = new Headers();
  const jar = new ResponseCookies(headers);
  for (const cookie of response.cookies ?? []) jar.set(cookie.name, cookie.value, cookie.options);
  const fromAuthJs = headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`))!;
  makeSessionCookiesEndWithBrowser(jar);
  return { fromAuthJs, sent: headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`))!, jar };
}

describe.each(testDatabases)('a session cookie left behind in a closed browser on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
  });
  afterAll(() => handle?.close());

  it('is gone with the browser, while the server and the token still end the session after 12 hours', async () => {
    const person = await createPerson(handle.db, await createPractice(handle.db), 'client');
    const signedIn = await signInWithPassword(handle.db, { email: person.email, password: FACTORY_PASSWORD }, testContext());
    if (signedIn.status !== 'signed-in') throw new Error(signedIn.status);

    const { fromAuthJs, sent, jar } = await setCookieHeadersForSignIn(signedIn.ticket);
    // Auth.js on its own would keep the cookie for 12 hours, whatever its configuration says.
    expect(fromAuthJs).toMatch(/Expires=/i);
    expect(sent).not.toMatch(/Expires=|Max-Age=/i);
    expect(sent).toMatch(/HttpOnly/i);
    expect(sent).toMatch(/SameSite=Lax/i);

    // The token inside still carries the 12-hour limit, and names a session the server checks (and
    // ends after 12 hours: tests/integration/sessions.test.ts).
    const token = await decode({ token: jar.get(SESSION_COOKIE)!.value, secret: authSecret(), salt: SESSION_COOKIE });
    expect(token!.exp! - token!.iat!).toBe(SESSION_ABSOLUTE_MS / 1000);
    const sessionId = token!.sid as string;
    expect(await validateSession(handle.db, sessionId)).toMatchObject({ id: person.id });
  });

  it('is read back by page views as Auth.js reads it, and only as issued: its name, its key, within its 12 hours', async () => {
    const person = await createPerson(handle.db, await createPractice(handle.db), 'client');
    const signedIn = await signInWithPassword(handle.db, { email: person.email, password: FACTORY_PASSWORD }, testContext());
    if (signedIn.status !== 'signed-in') throw new Error(signedIn.status);
    const { jar } = await setCookieHeadersForSignIn(signedIn.ticket);
    const value = jar.get(SESSION_COOKIE)!.value;
    const overHttp = new Headers({ 'x-forwarded-proto': 'http' });
    const cookies = (entries: Record<string, string>) => ({ get: (name: string) => (name in entries ? { value: entries[name] } : undefined) });
    const sessionId = (await decode({ token: value, secret: authSecret(), salt: SESSION_COOKIE }))!.sid;

    expect(await sessionIdFromCookie(cookies({ [SESSION_COOKIE]: value }), overHttp)).toBe(sessionId);
    // Over HTTPS Auth.js names the cookie __Secure-…: a cookie without the prefix is not read there.
    expect(await sessionIdFromCookie(cookies({ [SESSION_COOKIE]: value }), new Headers({ 'x-forwarded-proto': 'https' }))).toBeNull();
    // The same token under the other name was sealed with another key.
    expect(await sessionIdFromCookie(cookies({ [`__Secure-${SESSION_COOKIE}`]: value }), new Headers())).toBeNull();
    const issued = (secret: string, maxAge: number) => encode({ token: { sid: sessionId }, secret, salt: SESSION_COOKIE, maxAge });
    expect(await sessionIdFromCookie(cookies({ [SESSION_COOKIE]: await issued('another secret, not this server’s', 3600) }), overHttp)).toBeNull();
    // Expired a minute ago (beyond Auth.js's 15 seconds of clock tolerance).
    expect(await sessionIdFromCookie(cookies({ [SESSION_COOKIE]: await issued(authSecret(), -60) }), overHttp)).toBeNull();
    expect(await sessionIdFromCookie(cookies({ [SESSION_COOKIE]: value.slice(0, -2) }), overHttp)).toBeNull();
    expect(await sessionIdFromCookie(cookies({}), overHttp)).toBeNull();

    // A token is decrypted once and then remembered, its expiry still checked on every request.
    const shortLived = await issued(authSecret(), 60);
    expect(await sessionIdFromCookie(cookies({ [SESSION_COOKIE]: shortLived }), overHttp)).toBe(sessionId);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 60 * 1000 });
    try {
      expect(await sessionIdFromCookie(cookies({ [SESSION_COOKIE]: shortLived }), overHttp)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
