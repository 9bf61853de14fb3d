// Issue 7, finding 9: a burst of 21 parallel wrong passwords got 9 password checks, although
// the account locks at 5 failures: each request looked at the lock before any failure was saved.
import * as argon2 from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { authLockouts } from '@/db/schema';
import { signInWithPassword } from '@/lib/auth/commands/signin';
import { ACCOUNT_FAILURE_LIMIT } from '@/lib/auth/model';
import { accountKey } from '@/lib/auth/queries';
import { testContext } from '../helpers/context';
import { databasesWithPool } from '../helpers/database';
import { FACTORY_PASSWORD, createPractice, createPerson } from '../helpers/factories';

// Every argon2 verification, counted: a password check is what a guess costs the attacker.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const original = await importOriginal<typeof argon2>();
  return { ...original, verify: vi.fn(original.verify) };
});

// A pool wide enough that the requests really run at the same time on PostgreSQL.
describe.each(databasesWithPool(24))('a burst of parallel guesses on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());

  it(`gets at most ${ACCOUNT_FAILURE_LIMIT} password checks, then the account is locked`, async () => {
    const person = await createPerson(handle.db, await createPractice(handle.db), 'client');
    const verify = vi.mocked(argon2.verify);
    verify.mockClear();

    const results = await Promise.all(
      Array.from({ length: 21 }, (_, i) => signInWithPassword(handle.db, { email: person.email, password: `wrong guess ${i}` }, testContext())),
    );

    expect(verify.mock.calls.length).toBeGreaterThan(0);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(ACCOUNT_FAILURE_LIMIT);
    expect(results.every((result) => result.status === 'invalid' || result.status === 'locked')).toBe(true);
    expect(await handle.db.select().from(authLockouts).where(eq(authLockouts.key, accountKey(person.email)))).toHaveLength(1);
    // Even the right password is now refused, unchecked.
    verify.mockClear();
    expect((await signInWithPassword(handle.db, { email: person.email, password: FACTORY_PASSWORD }, testContext())).status).toBe('locked');
    expect(verify).not.toHaveBeenCalled();
  });
});
