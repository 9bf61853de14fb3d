import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, authLockouts, users } from '@/db/schema';
import { DEMO_PASSWORD, seedDemo } from '@/db/seed';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { consumeHandoff, validateSession } from '@/lib/auth/commands/sessions';
import { signInWithPassword } from '@/lib/auth/commands/signin';
import { accountKey } from '@/lib/auth/queries';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

describe.each(testDatabases)('password sign-in on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
  });
  afterAll(() => handle?.close());

  it('signs in a demo client and binds a live session through the ticket', async () => {
    const result = await signInWithPassword(handle.db, { email: 'client@demo.test', password: DEMO_PASSWORD }, testContext());
    expect(result.status).toBe('signed-in');
    if (result.status !== 'signed-in') return;
    const sessionId = await consumeHandoff(handle.db, result.ticket);
    expect(sessionId).toBeTruthy();
    expect(await consumeHandoff(handle.db, result.ticket)).toBeNull();
    const user = await validateSession(handle.db, sessionId!);
    expect(user).toMatchObject({ email: 'client@demo.test', role: 'client' });
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const unknown = await signInWithPassword(handle.db, { email: 'nobody@demo.test', password: 'whatever-password' }, testContext());
    const wrong = await signInWithPassword(handle.db, { email: 'client2@demo.test', password: 'not-the-password' }, testContext());
    expect(unknown).toEqual({ status: 'invalid' });
    expect(wrong).toEqual({ status: 'invalid' });
  });

  it('locks an account after five failures in fifteen minutes, even for the right password', async () => {
    const email = 'therapist2@demo.test';
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await signInWithPassword(handle.db, { email, password: `wrong-${i}` }, testContext())).status);
    expect(results).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked']);
    const retry = await signInWithPassword(handle.db, { email, password: DEMO_PASSWORD }, testContext());
    expect(retry.status).toBe('locked');
    const locks = await handle.db.select().from(authLockouts).where(eq(authLockouts.key, accountKey(email)));
    expect(locks).toHaveLength(1);
    const [user] = await handle.db.select().from(users).where(eq(users.email, email));
    const lockoutAudits = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.lockout'));
    expect(lockoutAudits.some((row) => row.subjectId === user.id)).toBe(true);
  });

  it('locks an address after twenty failures across accounts', async () => {
    const ip = '203.0.113.77';
    let last = '';
    for (let i = 0; i < 20; i++) {
      last = (await signInWithPassword(handle.db, { email: `spray-${i}@demo.test`, password: 'guess-guess-guess' }, testContext(ip))).status;
    }
    expect(last).toBe('locked');
    const fresh = await signInWithPassword(handle.db, { email: 'admin@demo.test', password: DEMO_PASSWORD }, testContext(ip));
    expect(fresh.status).toBe('locked');
  });

  it('keeps every audit chain intact', async () => {
    const reports = await verifyAllChains(handle.db);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.verdict.ok)).toBe(true);
  });
});
