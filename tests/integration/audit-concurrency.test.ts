// Audited work of one practice runs side by side on PostgreSQL: appends take no lock, and the linker orders the
// chain afterwards. (PGlite has one connection, so its transactions never overlap: nothing to show there.)
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { auditEvents, practices } from '@/db/schema';
import { linkChain } from '@/lib/platform/audit/link';
import { recordAudit } from '@/lib/platform/audit/record';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { testContext } from '../helpers/context';
import { freshPostgres } from '../helpers/database';

const adminUrl = process.env.TEST_DATABASE_URL;

/** A promise with its resolve function, to hold a transaction open until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.skipIf(!adminUrl)('concurrent audited work on PostgreSQL', () => {
  let handle: DatabaseHandle;
  let db: Db;
  beforeAll(async () => {
    handle = await freshPostgres(adminUrl!, 8);
    db = handle.db;
  });
  afterAll(() => handle?.close());

  async function addPractice(slug: string) {
    const [practice] = await db.insert(practices).values({ slug, name: `Practice ${slug}` }).returning();
    return practice.id;
  }

  const rowsOf = (chain: string) => db.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.id));

  it('lets a second audited transaction commit while the first is still open, then links both and verifies', async () => {
    const p = await addPractice('side-by-side');
    const audited = gate();
    const release = gate();
    // A sign-in, say: audited, then busy (hashing a password) with its transaction still open.
    const slow = db.transaction(async (tx) => {
      await recordAudit(tx, { practiceId: p, action: 'auth.signin', context: testContext() });
      audited.open();
      await release.opened;
    });
    try {
      await audited.opened;
      // Any lock wait fails at once instead of hanging, so waiting on the open transaction is a failure, not a timeout.
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '500ms'`);
        await recordAudit(tx, { practiceId: p, action: 'client.viewed', context: testContext() });
      });
      // Ten more at once, each in its own transaction: none waits either.
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          db.transaction(async (tx) => {
            await tx.execute(sql`set local lock_timeout = '500ms'`);
            await recordAudit(tx, { practiceId: p, action: 'appointments.viewed', metadata: { i }, context: testContext() });
          }),
        ),
      );

      // The linker links what has committed, and does not wait for the open transaction either.
      expect(await linkChain(db, p, { wait: true })).toBe(11);
      expect((await verifyAllChains(db, { link: false })).find((r) => r.chain === p)).toMatchObject({ verdict: { ok: true, rows: 11 }, unlinked: 0 });
    } finally {
      release.open();
      await slow;
    }
    // The sign-in row has the lowest id but committed last: it takes the next place in the chain.
    expect(await linkChain(db, p)).toBe(1);
    const rows = await rowsOf(p);
    expect(rows[0]).toMatchObject({ action: 'auth.signin', seq: 12 });
    expect(rows.slice(1).map((row) => row.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect((await verifyAllChains(db)).find((r) => r.chain === p)).toEqual({ chain: p, verdict: { ok: true, rows: 12 }, unlinked: 0 });
  });

  it('leaves a chain that another linker holds to it, unless told to wait', async () => {
    const p = await addPractice('busy-linker');
    for (let i = 0; i < 3; i++) await recordAudit(db, { practiceId: p, action: 'care.assigned', context: testContext() });
    const locked = gate();
    const release = gate();
    const otherLinker = db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'audit-link:' + p}, 0))`);
      locked.open();
      await release.opened;
    });
    let waiting: Promise<number> | undefined;
    try {
      await locked.opened;
      expect(await linkChain(db, p)).toBe(0);
      waiting = linkChain(db, p, { wait: true });
    } finally {
      release.open();
      await otherLinker;
    }
    expect(await waiting).toBe(3);
    expect((await rowsOf(p)).map((row) => row.seq)).toEqual([1, 2, 3]);
  });

  it('keeps the chain gap-free with many appenders and linkers at once, over several batches', async () => {
    const p = await addPractice('crowd');
    const appenders = Array.from({ length: 600 }, (_, i) =>
      db.transaction(async (tx) => {
        await recordAudit(tx, { practiceId: p, action: 'files.listed', metadata: { i }, context: testContext() });
      }),
    );
    const linkers = Array.from({ length: 6 }, (_, i) => linkChain(db, p, { wait: i % 2 === 0 }));
    await Promise.all([...appenders, ...linkers]);
    await linkChain(db, p, { wait: true });

    const rows = await rowsOf(p);
    expect(rows.map((row) => row.seq).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect((await verifyAllChains(db, { link: false, pageSize: 250 })).find((r) => r.chain === p)).toEqual({
      chain: p,
      verdict: { ok: true, rows: 600 },
      unlinked: 0,
    });
  });

  it('still detects tampering with a linked row, and refuses changes to unlinked rows made by concurrent work', async () => {
    const p = await addPractice('tamper-after-concurrency');
    await Promise.all(Array.from({ length: 5 }, () => recordAudit(db, { practiceId: p, action: 'mfa.enrolled', context: testContext() })));
    const unlinked = (await rowsOf(p))[0];
    const appendOnly = expect.objectContaining({ cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }) });
    await expect(db.update(auditEvents).set({ outcome: 'denied' }).where(eq(auditEvents.id, unlinked.id))).rejects.toEqual(appendOnly);
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, unlinked.id))).rejects.toEqual(appendOnly);

    await linkChain(db, p);
    const [, second] = await db.select().from(auditEvents).where(eq(auditEvents.chain, p)).orderBy(asc(auditEvents.seq));
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    try {
      await db.execute(sql`update audit_events set ip = '198.51.100.9' where id = ${second.id}`);
    } finally {
      await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    }
    expect((await verifyAllChains(db)).find((r) => r.chain === p)?.verdict).toMatchObject({ ok: false, rows: 1, brokenId: second.id });
  });
});
