// Issue 7, "Also": login_attempts kept every email typed at sign-in, mistyped ones included
// (which may be someone else's address), and lockouts were filed under the email too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { authLockouts, loginAttempts, type Job } from '@/db/schema';
import { signInWithPassword } from '@/lib/auth/commands/signin';
import { ACCOUNT_FAILURE_LIMIT } from '@/lib/auth/model';
import { jobHandlers, recurringJobs } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { testDatabases } from '../helpers/database';
import { createPractice, createPerson } from '../helpers/factories';

const HOUR_MS = 60 * 60 * 1000;

describe.each(testDatabases)('reading the emails people typed out of sign-in records on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());

  it('finds none: attempts and lockouts hold a keyed hash, not the address', async () => {
    const person = await createPerson(handle.db, await createPractice(handle.db), 'client', { email: 'jordan.lee@example.org' });
    // A mistyped address, which may well be someone else's, then enough wrong passwords to lock the account.
    await signInWithPassword(handle.db, { email: 'jordan.lee@exmaple.org', password: 'whatever-it-was' }, testContext());
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      await signInWithPassword(handle.db, { email: person.email, password: `wrong guess ${i}` }, testContext());
    }
    const attempts = await handle.db.select().from(loginAttempts);
    const lockouts = await handle.db.select().from(authLockouts);
    expect(attempts).toHaveLength(ACCOUNT_FAILURE_LIMIT + 1);
    expect(lockouts).toHaveLength(1);
    const stored = JSON.stringify([attempts, lockouts]);
    expect(stored).not.toContain('@');
    expect(stored).not.toContain('jordan');
    expect(stored).not.toContain('exmaple');
  });

  it('keeps them no longer than a day: the hourly purge removes older ones', async () => {
    expect(recurringJobs).toContainEqual(expect.objectContaining({ kind: 'maintenance.purge', everyMs: HOUR_MS }));
    expect(await handle.db.select().from(loginAttempts)).not.toHaveLength(0);
    const purge = { db: handle.db, job: {} as Job };
    await jobHandlers['maintenance.purge']({}, { ...purge, now: new Date(Date.now() + 23 * HOUR_MS) });
    expect(await handle.db.select().from(loginAttempts)).not.toHaveLength(0);
    await jobHandlers['maintenance.purge']({}, { ...purge, now: new Date(Date.now() + 25 * HOUR_MS) });
    expect(await handle.db.select().from(loginAttempts)).toHaveLength(0);
    expect(await handle.db.select().from(authLockouts)).toHaveLength(0);
  });
});
