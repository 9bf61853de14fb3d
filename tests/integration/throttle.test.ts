import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db, DbOrTx } from '@/db/client';
import { databasesWithPool } from '../helpers/database';
import { attemptFailed, attemptSucceeded, countAttempt } from '@/lib/auth/commands/throttle';
import { ACCOUNT_FAILURE_LIMIT, IP_FAILURE_LIMIT, LOCK_MS, WINDOW_MS } from '@/lib/auth/model';
import { lockedUntil } from '@/lib/auth/queries';

const MINUTE = 60 * 1000;
let counter = 0;
const email = () => `throttle${++counter}@example.test`;
const ip = () => `198.18.${Math.floor(++counter / 250)}.${counter % 250}`;

/** An attempt counted and then found wrong, as sign-in records one. */
async function recordFailure(db: DbOrTx, who: string, address: string, now: Date) {
  const attempt = await countAttempt(db, who, address, now);
  if (attempt.status !== 'counted') throw new Error('attempt refused as locked');
  return attemptFailed(db, attempt, { id: null, practiceId: null }, { ip: address, userAgent: 'vitest' }, now);
}

async function recordSuccess(db: DbOrTx, who: string, address: string, now: Date) {
  const attempt = await countAttempt(db, who, address, now);
  if (attempt.status !== 'counted') throw new Error('attempt refused as locked');
  await attemptSucceeded(db, attempt);
}

// A pool wide enough that concurrent attempts really run at the same time on PostgreSQL.
const targets = databasesWithPool(12);

describe.each(targets)('sign-in throttling on $name', (target) => {
  let handle: DatabaseHandle;
  let db: Db;
  beforeAll(async () => {
    handle = await target.open();
    db = handle.db;
  });
  afterAll(() => handle?.close());

  it('locks an account for 15 minutes at the fifth failure within 15 minutes', async () => {
    expect([ACCOUNT_FAILURE_LIMIT, IP_FAILURE_LIMIT, WINDOW_MS, LOCK_MS]).toEqual([5, 20, 15 * MINUTE, 15 * MINUTE]);
    const who = email();
    const now = new Date();
    for (let i = 0; i < 4; i++) expect((await recordFailure(db, who, ip(), now)).accountLocked).toBe(false);
    expect(await lockedUntil(db, who, ip(), now)).toBeNull();
    expect((await recordFailure(db, who, ip(), now)).accountLocked).toBe(true);
    expect((await lockedUntil(db, who, ip(), now))?.getTime()).toBe(now.getTime() + LOCK_MS);
    expect(await lockedUntil(db, who, ip(), new Date(now.getTime() + LOCK_MS + 1))).toBeNull();
    // Other accounts are unaffected.
    expect(await lockedUntil(db, email(), ip(), now)).toBeNull();
  });

  it('forgets failures older than the window', async () => {
    const who = email();
    const start = new Date(Date.now() - 60 * MINUTE);
    for (let i = 0; i < 4; i++) await recordFailure(db, who, ip(), start);
    const later = new Date(start.getTime() + WINDOW_MS + MINUTE);
    expect((await recordFailure(db, who, ip(), later)).accountLocked).toBe(false);
  });

  it('starts counting afresh after a successful sign-in', async () => {
    const who = email();
    const start = new Date(Date.now() - 10 * MINUTE);
    for (let i = 0; i < 4; i++) await recordFailure(db, who, ip(), new Date(start.getTime() + i * 1000));
    await recordSuccess(db, who, ip(), new Date(start.getTime() + 10 * 1000));
    expect((await recordFailure(db, who, ip(), new Date(start.getTime() + 20 * 1000))).accountLocked).toBe(false);
  });

  it('does not count failures from before an earlier lock ended', async () => {
    const who = email();
    const start = new Date(Date.now() - 40 * MINUTE);
    for (let i = 0; i < 5; i++) await recordFailure(db, who, ip(), start);
    const afterLock = new Date(start.getTime() + LOCK_MS + 1000);
    expect((await recordFailure(db, who, ip(), afterLock)).accountLocked).toBe(false);
  });

  it('locks an address at the twentieth failure across accounts', async () => {
    const address = ip();
    const now = new Date();
    for (let i = 0; i < 19; i++) expect((await recordFailure(db, email(), address, now)).ipLocked).toBe(false);
    const last = await recordFailure(db, email(), address, now);
    expect(last).toEqual({ accountLocked: false, ipLocked: true, globalLocked: false });
    expect((await lockedUntil(db, email(), address, now))?.getTime()).toBe(now.getTime() + LOCK_MS);
  });

  it('locks an account when five failures arrive at the same moment, each in its own transaction', async () => {
    const who = email();
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: ACCOUNT_FAILURE_LIMIT }, () => db.transaction((tx) => recordFailure(tx, who, ip(), now))),
    );
    expect(results.filter((r) => r.accountLocked)).toHaveLength(1);
    expect(await lockedUntil(db, who, ip(), now)).not.toBeNull();
  });

  it('locks an address when twenty failures arrive at the same moment', async () => {
    const address = ip();
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: IP_FAILURE_LIMIT }, () => db.transaction((tx) => recordFailure(tx, email(), address, now))),
    );
    expect(results.filter((r) => r.ipLocked)).toHaveLength(1);
    expect(await lockedUntil(db, email(), address, now)).not.toBeNull();
  });
});
