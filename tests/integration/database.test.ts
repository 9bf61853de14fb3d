import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, openPglite, openPostgres, type DatabaseHandle } from '@/db/client';
import { practices } from '@/db/schema';

const REPO = path.resolve(import.meta.dirname, '../..');

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run db:migrate` as a child process (node --import tsx, so the timeout kills the process itself). */
function migrateChild(dataDir: string): Promise<ChildResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_OPTIONS']) delete env[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/migrate.ts'],
      { cwd: REPO, env, timeout: 90_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8', timeout: 30_000 });
  const pid = Number(child.stdout);
  expect(pid).toBeGreaterThan(0);
  return pid;
}

describe('the embedded database lock', () => {
  const dirs: string[] = [];
  const handles: DatabaseHandle[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close().catch(() => {});
  });
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops a second process while one holds the folder, and lets it in after close', async () => {
    const dataDir = tempDir();
    const handle = await openPglite({ dataDir });
    handles.push(handle);
    expect(fs.readFileSync(path.join(dataDir, 'pglite.lock'), 'utf8')).toBe(String(process.pid));

    const refused = await migrateChild(dataDir);
    expect(refused.code).not.toBe(0);
    expect(refused.code).not.toBeNull();
    expect(refused.stderr).toContain(`in use by another Hearth process (pid ${process.pid})`);
    // The refused process left our lock alone.
    expect(fs.readFileSync(path.join(dataDir, 'pglite.lock'), 'utf8')).toBe(String(process.pid));

    await handle.close();
    handles.length = 0;
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

    const allowed = await migrateChild(dataDir);
    expect(allowed.stderr).not.toMatch(/error/i);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('Database is up to date (pglite)');
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
  });

  it('refuses a second open of the same folder within one process', async () => {
    const dataDir = tempDir();
    handles.push(await openPglite({ dataDir }));
    const second = await openPglite({ dataDir }).then(
      (handle) => {
        handles.push(handle);
        return null;
      },
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(DatabaseLockedError);
    expect((second as Error).message).toMatch(/already open in this process/);
    // The first handle still works and still holds the lock.
    await handles[0].db.insert(practices).values({ slug: 'still-open', name: 'Still open' });
    expect(fs.readFileSync(path.join(dataDir, 'pglite.lock'), 'utf8')).toBe(String(process.pid));
  });

  it('takes over a stale lock left by a dead process, and releases it on close', async () => {
    const dataDir = tempDir();
    const lockPath = path.join(dataDir, 'pglite.lock');
    fs.writeFileSync(lockPath, String(deadPid()));
    const handle = await openPglite({ dataDir });
    handles.push(handle);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    await handle.close();
    handles.length = 0;
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('takes over a lock carrying this process id from an earlier run (e.g. pid 1 in a container), and releases it on close', async () => {
    const dataDir = tempDir();
    const lockPath = path.join(dataDir, 'pglite.lock');
    fs.writeFileSync(lockPath, String(process.pid));
    const handle = await openPglite({ dataDir });
    handles.push(handle);
    await handle.close();
    handles.length = 0;
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('keeps data across close and reopen', async () => {
    const dataDir = tempDir();
    let handle = await openPglite({ dataDir });
    await handle.db.insert(practices).values({ slug: 'persisted', name: 'Persisted' });
    await handle.close();
    handle = await openPglite({ dataDir });
    handles.push(handle);
    const rows = await handle.db.select().from(practices);
    expect(rows.map((r) => r.slug)).toEqual(['persisted']);
  });
});

const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  describe('PostgreSQL migrations', () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const created: string[] = [];
    async function freshDatabaseUrl() {
      const name = `hearth_test_${randomBytes(6).toString('hex')}`;
      await admin.unsafe(`create database ${name}`);
      created.push(name);
      const url = new URL(adminUrl!);
      url.pathname = `/${name}`;
      return url.toString();
    }
    beforeAll(() => admin`select 1`);
    afterAll(async () => {
      for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    });

    it('apply to an empty database from two instances starting at once', async () => {
      const url = await freshDatabaseUrl();
      const handles = await Promise.all([openPostgres(url, { max: 1 }), openPostgres(url, { max: 1 }), openPostgres(url, { max: 1 })]);
      try {
        const applied = await handles[0].db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        const journal = JSON.parse(fs.readFileSync(path.join(REPO, 'db/migrations/meta/_journal.json'), 'utf8'));
        expect((applied as unknown as { n: number }[])[0]?.n ?? (applied as unknown as { rows: { n: number }[] }).rows[0].n).toBe(
          journal.entries.length,
        );
        await handles[1].db.insert(practices).values({ slug: 'migrated', name: 'Migrated' });
        expect(await handles[2].db.select().from(practices)).toHaveLength(1);
        const triggers = await handles[0].db.execute(
          sql`select tgname from pg_trigger where tgrelid = 'audit_events'::regclass and not tgisinternal order by tgname`,
        );
        expect(Array.from(triggers as unknown as { tgname: string }[]).map((t) => t.tgname)).toEqual([
          'audit_events_no_truncate',
          'audit_events_no_update_delete',
        ]);
      } finally {
        await Promise.all(handles.map((h) => h.close()));
      }
    });

    it('is a no-op on an up-to-date database', async () => {
      const url = await freshDatabaseUrl();
      const first = await openPostgres(url, { max: 1 });
      await first.db.insert(practices).values({ slug: 'kept', name: 'Kept' });
      await first.close();
      const second = await openPostgres(url, { max: 1 });
      try {
        expect((await second.db.select().from(practices)).map((p) => p.slug)).toEqual(['kept']);
      } finally {
        await second.close();
      }
    });
  });
}
