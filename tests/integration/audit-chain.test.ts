import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPglite, openPostgres, type DatabaseHandle, type Db } from '@/db/client';
import { auditEvents, practices } from '@/db/schema';
import { GENESIS_HASH, SYSTEM_CHAIN, chainHash } from '@/lib/platform/audit/chain';
import { linkChain, linkPendingChains } from '@/lib/platform/audit/link';
import { recordAudit } from '@/lib/platform/audit/record';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { jobHandlers, recurringJobs } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { freshPostgres, testDatabases } from '../helpers/database';

const REPO = path.resolve(import.meta.dirname, '../..');

async function addPractice(db: Db, slug: string) {
  const [practice] = await db.insert(practices).values({ slug, name: `Practice ${slug}` }).returning();
  return practice.id;
}

/** A chain's rows in the order they were appended, linked or not. */
async function appendedRows(db: Db, chain: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.id));
}

/** A chain's rows in chain order, after linking what is waiting. */
async function chainRows(db: Db, chain: string) {
  await linkChain(db, chain, { wait: true });
  return db.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.seq));
}

/** The error a refused statement ends with, or null when it went through. */
const refusal = (attempt: () => PromiseLike<unknown>) =>
  Promise.resolve()
    .then(attempt)
    .then(
      () => null,
      (e: unknown) => {
        const error = e as Error & { cause?: Error };
        return `${error.message} ${error.cause?.message ?? ''}`;
      },
    );

/** Runs with the audit triggers off for one UPDATE, as an attacker with table-owner rights could. */
async function tamper(db: Db, statement: ReturnType<typeof sql>) {
  await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
  try {
    await db.execute(statement);
  } finally {
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
  }
}

describe.each(testDatabases)('audit trail on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  beforeAll(async () => {
    handle = await database.open();
    db = handle.db;
  });
  afterAll(() => handle?.close());

  it('appends unlinked rows, then links one chain per practice with seq 1..n, and a separate system chain', async () => {
    const a = await addPractice(db, 'chain-a');
    const b = await addPractice(db, 'chain-b');
    for (let i = 0; i < 4; i++) await recordAudit(db, { practiceId: a, action: 'auth.signin', metadata: { i }, context: testContext() });
    for (let i = 0; i < 2; i++) await recordAudit(db, { practiceId: b, action: 'auth.signout', context: testContext() });
    for (let i = 0; i < 3; i++) await recordAudit(db, { practiceId: null, action: 'auth.lockout', context: testContext() });
    const appended = await appendedRows(db, a);
    expect(appended.map((r) => [r.seq, r.prevHash, r.hash])).toEqual(Array.from({ length: 4 }, () => [null, null, null]));
    expect(await linkChain(db, a)).toBe(4);
    expect(await linkChain(db, a)).toBe(0);

    const rowsA = await chainRows(db, a);
    const rowsB = await chainRows(db, b);
    const rowsSystem = await chainRows(db, SYSTEM_CHAIN);
    expect(rowsA.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rowsB.map((r) => r.seq)).toEqual([1, 2]);
    expect(rowsSystem.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rowsA.every((r) => r.practiceId === a && r.action === 'auth.signin')).toBe(true);
    expect(rowsSystem.every((r) => r.practiceId === null)).toBe(true);
    for (const rows of [rowsA, rowsB, rowsSystem]) {
      expect(rows[0].prevHash).toBe(GENESIS_HASH);
      for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    }
    expect(rowsA[2].metadata).toEqual({ i: 2 });
    // Linked in the order appended, with the content appended.
    expect(rowsA.map((r) => r.id)).toEqual(appended.map((r) => r.id));
    expect(rowsA.map(({ seq: _s, prevHash: _p, hash: _h, ...content }) => content)).toEqual(
      appended.map(({ seq: _s, prevHash: _p, hash: _h, ...content }) => content),
    );
    const reports = await verifyAllChains(db);
    expect(reports.map((r) => r.chain).sort()).toEqual([a, b, SYSTEM_CHAIN].sort());
    expect(reports.every((r) => r.verdict.ok && r.unlinked === 0)).toBe(true);
  });

  it('links rows appended after earlier links onto the end of the chain', async () => {
    const p = await addPractice(db, 'chain-later');
    await recordAudit(db, { practiceId: p, action: 'auth.signin', context: testContext() });
    await linkChain(db, p);
    for (let i = 0; i < 2; i++) await recordAudit(db, { practiceId: p, action: 'auth.signout', context: testContext() });
    expect(await linkPendingChains(db)).toBe(2);
    const rows = await chainRows(db, p);
    expect(rows.map((r) => [r.seq, r.action])).toEqual([
      [1, 'auth.signin'],
      [2, 'auth.signout'],
      [3, 'auth.signout'],
    ]);
    expect(rows[1].prevHash).toBe(rows[0].hash);
    expect((await verifyAllChains(db)).find((r) => r.chain === p)?.verdict).toEqual({ ok: true, rows: 3 });
  });

  it('reports rows not yet linked as a count, apart from the verdict on the linked ones', async () => {
    const p = await addPractice(db, 'chain-unlinked');
    for (let i = 0; i < 2; i++) await recordAudit(db, { practiceId: p, action: 'auth.signin', context: testContext() });
    await linkChain(db, p);
    for (let i = 0; i < 3; i++) await recordAudit(db, { practiceId: p, action: 'auth.signout', context: testContext() });
    const readOnly = (await verifyAllChains(db, { link: false })).find((r) => r.chain === p);
    expect(readOnly).toEqual({ chain: p, verdict: { ok: true, rows: 2 }, unlinked: 3 });
    // By default the verifier links first.
    expect((await verifyAllChains(db)).find((r) => r.chain === p)).toEqual({ chain: p, verdict: { ok: true, rows: 5 }, unlinked: 0 });
  });

  it('links through the recurring audit.link job', async () => {
    const p = await addPractice(db, 'chain-job');
    for (let i = 0; i < 3; i++) await recordAudit(db, { practiceId: p, action: 'care.assigned', context: testContext() });
    await runDueJobs(db, { handlers: jobHandlers, recurring: recurringJobs.filter((job) => job.kind === 'audit.link') });
    expect((await appendedRows(db, p)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(recurringJobs).toContainEqual(expect.objectContaining({ kind: 'audit.link', everyMs: 5_000 }));
  });

  it('verifies a chain longer than one page', async () => {
    const p = await addPractice(db, 'chain-paged');
    for (let i = 0; i < 7; i++) await recordAudit(db, { practiceId: p, action: 'auth.password_changed', context: testContext() });
    const report = (await verifyAllChains(db, { pageSize: 3 })).find((r) => r.chain === p);
    expect(report?.verdict).toEqual({ ok: true, rows: 7 });
  });

  it('stays gap-free and valid under 20 concurrent appends, each in its own transaction, and linkers among them', async () => {
    const p = await addPractice(db, 'chain-concurrent');
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        db.transaction(async (tx) => {
          await recordAudit(tx, { practiceId: p, action: 'client.viewed', metadata: { i }, context: testContext() });
        }),
      ),
      // Linkers racing the appends and each other: those that find the chain busy leave it.
      ...Array.from({ length: 4 }, (_, i) => linkChain(db, p, { wait: i % 2 === 0 })),
    ]);
    // Plus appends without an outer transaction, to the same chain and the system chain at once.
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => recordAudit(db, { practiceId: i % 2 ? p : null, action: 'client.viewed', context: testContext() })),
      linkPendingChains(db),
    ]);
    const rows = await chainRows(db, p);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(rows.filter((r) => r.metadata).map((r) => r.metadata!.i)).size).toBe(20);
    const report = (await verifyAllChains(db)).find((r) => r.chain === p);
    expect(report?.verdict).toEqual({ ok: true, rows: 25 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on linked rows, including a second link', async () => {
    await recordAudit(db, { practiceId: null, action: 'practice.settings_changed', context: testContext() });
    await linkChain(db, SYSTEM_CHAIN);
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'practice.settings_changed'));
    expect(row.seq).not.toBeNull();
    const attempts = [
      () => db.update(auditEvents).set({ action: 'test.rewritten' }).where(eq(auditEvents.id, row.id)),
      () => db.update(auditEvents).set({ seq: 999, prevHash: GENESIS_HASH, hash: 'f'.repeat(64) }).where(eq(auditEvents.id, row.id)),
      () => db.update(auditEvents).set({ seq: null, prevHash: null, hash: null }).where(eq(auditEvents.id, row.id)),
      () => db.delete(auditEvents).where(eq(auditEvents.id, row.id)),
      () => db.execute(sql`truncate audit_events`),
      () => db.execute(sql`update audit_events set outcome = 'failure'`),
    ];
    for (const attempt of attempts) expect(await refusal(attempt)).toMatch(/append-only/);
    const [after] = await db.select().from(auditEvents).where(eq(auditEvents.id, row.id));
    expect(after).toEqual(row);
  });

  it('refuses every change to an unlinked row except setting all its link fields once', async () => {
    const p = await addPractice(db, 'chain-unlinked-guard');
    await recordAudit(db, { practiceId: p, action: 'user.role_changed', context: testContext() });
    const [row] = await appendedRows(db, p);
    const content = { ...row, seq: 1 };
    const link = { seq: 1, prevHash: GENESIS_HASH, hash: chainHash(GENESIS_HASH, content) };
    const attempts = [
      () => db.update(auditEvents).set({ action: 'test.rewritten' }).where(eq(auditEvents.id, row.id)),
      () => db.update(auditEvents).set({ metadata: { role: 'admin' } }).where(eq(auditEvents.id, row.id)),
      // Linking and rewriting in one statement.
      () => db.update(auditEvents).set({ ...link, outcome: 'denied' }).where(eq(auditEvents.id, row.id)),
      () => db.update(auditEvents).set({ ...link, createdAt: new Date(row.createdAt.getTime() + 1) }).where(eq(auditEvents.id, row.id)),
      () => db.delete(auditEvents).where(eq(auditEvents.id, row.id)),
    ];
    for (const attempt of attempts) expect(await refusal(attempt)).toMatch(/append-only/);
    // Half a link is no link: the trigger or the check constraint refuses it.
    expect(await refusal(() => db.update(auditEvents).set({ seq: 1 }).where(eq(auditEvents.id, row.id)))).toMatch(/append-only|audit_events_link_whole/);
    expect(await refusal(() => db.update(auditEvents).set({ hash: link.hash }).where(eq(auditEvents.id, row.id)))).toMatch(/append-only|audit_events_link_whole/);
    const [unchanged] = await db.select().from(auditEvents).where(eq(auditEvents.id, row.id));
    expect(unchanged).toEqual(row);

    await db.update(auditEvents).set(link).where(eq(auditEvents.id, row.id));
    const [linked] = await db.select().from(auditEvents).where(eq(auditEvents.id, row.id));
    expect(linked).toEqual({ ...row, ...link });
    expect(await refusal(() => db.update(auditEvents).set({ hash: 'e'.repeat(64) }).where(eq(auditEvents.id, row.id)))).toMatch(/append-only/);
    expect((await verifyAllChains(db, { link: false })).find((r) => r.chain === p)?.verdict).toEqual({ ok: true, rows: 1 });
  });

  it('leaves successful reads unaudited only under the benchmark switch, and never changes or refusals', async () => {
    const p = await addPractice(db, 'chain-bench-switch');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    process.env.HEARTH_BENCH_UNAUDITED_READS = 'yes';
    try {
      await recordAudit(db, { practiceId: p, action: 'client.viewed', context: testContext() });
      await recordAudit(db, { practiceId: p, action: 'files.downloaded', context: testContext() });
      await recordAudit(db, { practiceId: p, action: 'consent.viewed', outcome: 'denied', context: testContext() });
      await recordAudit(db, { practiceId: p, action: 'care.assigned', context: testContext() });
      await recordAudit(db, { practiceId: p, action: 'auth.signin', outcome: 'failure', context: testContext() });
    } finally {
      delete process.env.HEARTH_BENCH_UNAUDITED_READS;
      warn.mockRestore();
    }
    await recordAudit(db, { practiceId: p, action: 'client.viewed', context: testContext() });
    expect((await appendedRows(db, p)).map((r) => [r.action, r.outcome])).toEqual([
      ['consent.viewed', 'denied'],
      ['care.assigned', 'success'],
      ['auth.signin', 'failure'],
      ['client.viewed', 'success'],
    ]);
  });

  it('does not keep an audit row whose transaction rolled back', async () => {
    const p = await addPractice(db, 'chain-rollback');
    await recordAudit(db, { practiceId: p, action: 'care.assigned', context: testContext() });
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, { practiceId: p, action: 'care.ended', context: testContext() });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, 'care.ended'))).toHaveLength(0);
    await recordAudit(db, { practiceId: p, action: 'user.role_changed', context: testContext() });
    expect((await chainRows(db, p)).map((r) => [r.seq, r.action])).toEqual([
      [1, 'care.assigned'],
      [2, 'user.role_changed'],
    ]);
  });

  it('reports a tampered row by id', async () => {
    const p = await addPractice(db, 'chain-tampered');
    for (let i = 0; i < 5; i++) await recordAudit(db, { practiceId: p, action: 'mfa.enrolled', context: testContext() });
    const rows = await chainRows(db, p);
    await tamper(db, sql`update audit_events set outcome = 'denied' where id = ${rows[2].id}`);
    // Appended after the tampering: linked onto the chain, which stays broken at the tampered row.
    await recordAudit(db, { practiceId: p, action: 'mfa.enrolled', context: testContext() });
    const reports = await verifyAllChains(db);
    const report = reports.find((r) => r.chain === p);
    expect(report?.verdict).toMatchObject({ ok: false, rows: 2, brokenId: rows[2].id });
    expect(report?.unlinked).toBe(0);
    // The other chains are unaffected, and the trigger is back on.
    expect(reports.filter((r) => r.chain !== p).every((r) => r.verdict.ok)).toBe(true);
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, rows[0].id))).rejects.toThrow();
  });

  it('reports a deleted row as a gap at the row after it', async () => {
    const p = await addPractice(db, 'chain-deleted');
    for (let i = 0; i < 4; i++) await recordAudit(db, { practiceId: p, action: 'mfa.disabled', context: testContext() });
    const rows = await chainRows(db, p);
    await tamper(db, sql`delete from audit_events where id = ${rows[1].id}`);
    const report = (await verifyAllChains(db)).find((r) => r.chain === p);
    expect(report?.verdict).toMatchObject({ ok: false, rows: 1, brokenId: rows[2].id });
  });
});

// ---- npm run audit:verify as a real child process ----

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function childEnv(extra: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'DATA_DIR', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_OPTIONS']) delete env[name];
  return { ...env, ...extra };
}

/** `npm run audit:verify`, run as `node --import tsx` so the timeout kills the process itself. */
function auditVerify(extra: Record<string, string>, args: string[] = []): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/audit-verify.ts', ...args],
      { cwd: REPO, env: childEnv(extra), timeout: 90_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** A practice chain of three rows and a system chain of one, all unlinked; the practice's rows in append order. */
async function seedTrail(db: Db) {
  const p = await addPractice(db, `verify-${randomBytes(3).toString('hex')}`);
  for (let i = 0; i < 3; i++) await recordAudit(db, { practiceId: p, action: 'job.retried', context: testContext() });
  await recordAudit(db, { practiceId: null, action: 'job.retried', context: testContext() });
  return appendedRows(db, p);
}

describe('audit:verify command on an embedded database folder', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-audit-verify-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('reports unlinked rows with --no-link, links them otherwise, exits 0 when intact and 1 naming the broken row after tampering', async () => {
    let handle = await openPglite({ dataDir });
    const rows = await seedTrail(handle.db);
    await handle.close();

    const readOnly = await auditVerify({ DATA_DIR: dataDir }, ['--no-link']);
    expect(readOnly.code).toBe(0);
    expect(readOnly.stdout).toContain(`ok      chain ${rows[0].chain}: 0 rows; 3 not yet linked`);
    expect(readOnly.stdout).toMatch(/All 2 chains verified\.\n4 rows are not linked yet/);

    const intact = await auditVerify({ DATA_DIR: dataDir });
    expect(intact.stderr).not.toMatch(/error/i);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain(`ok      chain ${rows[0].chain}: 3 rows\n`);
    expect(intact.stdout).toMatch(/All 2 chains verified/);
    expect(intact.stdout).not.toMatch(/not linked/);

    handle = await openPglite({ dataDir });
    await tamper(handle.db, sql`update audit_events set action = 'test.cli.rewritten' where id = ${rows[1].id}`);
    await handle.close();

    const broken = await auditVerify({ DATA_DIR: dataDir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`first broken row id ${rows[1].id} `);
    expect(broken.stdout).toMatch(/1 of 2 chains are broken/);
  });

  it('exits 2, not 1, when it cannot open the database, so a locked folder is not mistaken for tampering', async () => {
    const handle = await openPglite({ dataDir });
    try {
      const locked = await auditVerify({ DATA_DIR: dataDir });
      expect(locked.code).toBe(2);
      expect(locked.stderr).toContain(`in use by another Hearth process (pid ${process.pid})`);
      expect(locked.stdout).not.toContain('BROKEN');
    } finally {
      await handle.close();
    }
  });
});

const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  describe('audit:verify command on PostgreSQL', () => {
    const name = `hearth_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    let url: string;
    let handle: DatabaseHandle;
    beforeAll(async () => {
      await admin.unsafe(`create database ${name}`);
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      url = u.toString();
      handle = await openPostgres(url, { max: 2 });
    });
    afterAll(async () => {
      await handle?.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    });

    it('exits 0 on an intact trail and 1 naming the broken row after tampering', async () => {
      const rows = await seedTrail(handle.db);
      const intact = await auditVerify({ DATABASE_URL: url });
      expect(intact.stderr).not.toMatch(/error/i);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toMatch(/All 2 chains verified/);

      await tamper(handle.db, sql`update audit_events set ip = '198.51.100.1' where id = ${rows[2].id}`);
      const broken = await auditVerify({ DATABASE_URL: url });
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`first broken row id ${rows[2].id} `);
    });
  });
}

// Audited work of one practice runs side by side on PostgreSQL: appends take no lock, and the linker orders the
// chain afterwards. (PGlite has one connection, so its transactions never overlap: nothing to show there.)
/** A promise with its resolve function, to hold a transaction open until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

if (adminUrl) {
  describe('concurrent audited work on PostgreSQL', () => {
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
}
