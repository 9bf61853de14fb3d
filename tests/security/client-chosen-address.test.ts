// Issue 7, finding 2: X-Forwarded-For was trusted unconditionally, so a client chose its own
// address: rotating it sprayed passwords without the per-address limit ever engaging, locked a
// victim's address out, and wrote invented addresses into the audit trail.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { signInWithPassword } from '@/lib/auth/commands/signin';
import { GLOBAL_FAILURE_LIMIT, IP_FAILURE_LIMIT } from '@/lib/auth/model';
import { getRequestContext } from '@/lib/platform/http';
import { testDatabases } from '../helpers/database';
import { FACTORY_PASSWORD, createPractice, createPerson } from '../helpers/factories';

const incoming = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock('next/headers', () => ({ headers: async () => incoming.headers }));

/** The address the app records for a request carrying these headers (as Next.js hands them on). */
async function addressFor(forwardedFor: string) {
  incoming.headers = new Headers({ 'x-forwarded-for': forwardedFor, 'user-agent': 'attacker' });
  return (await getRequestContext()).ip;
}

describe('an address chosen by the client', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is not taken from X-Forwarded-For when no proxy is trusted (the default)', async () => {
    vi.stubEnv('TRUSTED_PROXY_HOPS', '');
    expect(await addressFor('203.0.113.66')).toBe('unknown');
    expect(await addressFor('6.6.6.6, 203.0.113.66')).toBe('unknown');
  });

  it('is not taken from entries left of those our trusted proxies appended', async () => {
    vi.stubEnv('TRUSTED_PROXY_HOPS', '1');
    expect(await addressFor('6.6.6.6, 198.51.100.7')).toBe('198.51.100.7');
    // Two proxies (a CDN, then a load balancer): the CDN's entry is the client, the last one is the CDN.
    vi.stubEnv('TRUSTED_PROXY_HOPS', '2');
    expect(await addressFor('6.6.6.6, 198.51.100.7, 192.0.2.10')).toBe('198.51.100.7');
    // Fewer entries than proxies: the request did not come through them.
    expect(await addressFor('6.6.6.6')).toBe('unknown');
    // Not an address at all.
    vi.stubEnv('TRUSTED_PROXY_HOPS', '1');
    expect(await addressFor('<script>')).toBe('unknown');
  });
});

describe.each(testDatabases)('password spraying from ever new addresses on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());

  it('cannot lock others out through an address nobody vouches for', async () => {
    const practice = await createPractice(handle.db);
    const victim = await createPerson(handle.db, practice, 'client');
    const unknown = { ip: 'unknown', userAgent: 'attacker' };
    for (let i = 0; i < IP_FAILURE_LIMIT; i++) {
      await signInWithPassword(handle.db, { email: `nobody-${i}@spray.test`, password: 'guess-guess-guess' }, unknown);
    }
    expect((await signInWithPassword(handle.db, { email: victim.email, password: FACTORY_PASSWORD }, unknown)).status).toBe('signed-in');
  });

  it('runs into a failure budget shared by every address; an address that signed someone in today still gets in', async () => {
    const practice = await createPractice(handle.db);
    const regular = await createPerson(handle.db, practice, 'client');
    const newcomer = await createPerson(handle.db, practice, 'client');
    const home = { ip: '198.51.100.10', userAgent: 'browser' };
    expect((await signInWithPassword(handle.db, { email: regular.email, password: FACTORY_PASSWORD }, home)).status).toBe('signed-in');

    const addressOf = (i: number) => ({ ip: `203.0.${Math.floor(i / 250)}.${i % 250}`, userAgent: 'attacker' });
    // Ten at a time, each guess from an address of its own, against an account of its own.
    for (let batch = 0; batch < GLOBAL_FAILURE_LIMIT; batch += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          signInWithPassword(handle.db, { email: `sprayed-${batch + j}@spray.test`, password: 'Summer2025!!' }, addressOf(batch + j)),
        ),
      );
    }
    const next = await signInWithPassword(handle.db, { email: `sprayed-next@spray.test`, password: 'Summer2025!!' }, addressOf(GLOBAL_FAILURE_LIMIT + 1));
    expect(next.status).toBe('locked');
    // The right password from a new address waits too; from an address known to sign people in, it works.
    expect((await signInWithPassword(handle.db, { email: newcomer.email, password: FACTORY_PASSWORD }, addressOf(GLOBAL_FAILURE_LIMIT + 2))).status).toBe('locked');
    expect((await signInWithPassword(handle.db, { email: newcomer.email, password: FACTORY_PASSWORD }, home)).status).toBe('signed-in');
  });
});
