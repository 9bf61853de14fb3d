import { execFile } from 'node:child_process';
import { buffer } from 'node:stream/consumers';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { count, eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { appointments, careRelationships, companionEpisodes, practices, recordingRequests, recordingSignatures, sessionSummaries, sharedFiles, users } from '@/db/schema';
import { DEMO_PASSWORD, DEMO_PRACTICES, DEMO_SHOWCASE_PRACTICES, seedDemo, seedDemoShowcase } from '@/db/seed';
import { readContent } from '@/lib/files/vault';
import { REQUEST_STATES } from '@/lib/consent/model';
import { verifyPassword } from '@/lib/auth/commands/password';
import { testDatabases } from '../helpers/database';

const REPO = path.resolve(import.meta.dirname, '../..');
const PEOPLE = DEMO_PRACTICES.reduce((n, p) => n + p.people.length, 0);
const CARE = DEMO_PRACTICES.reduce((n, p) => n + p.care.length, 0);
const SHOWCASE_PEOPLE = DEMO_SHOWCASE_PRACTICES.reduce((n, p) => n + p.people.length, 0);
const SHOWCASE_CARE = DEMO_SHOWCASE_PRACTICES.reduce((n, p) => n + p.care.length, 0);

async function counts(db: Db) {
  const [p] = await db.select({ n: count() }).from(practices);
  const [u] = await db.select({ n: count() }).from(users);
  const [c] = await db.select({ n: count() }).from(careRelationships);
  return { practices: p.n, users: u.n, care: c.n };
}

describe.each(testDatabases)('demo seed on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());

  it('creates the demo practices, people and care relationships', async () => {
    await seedDemo(handle.db);
    expect(await counts(handle.db)).toEqual({ practices: DEMO_PRACTICES.length, users: PEOPLE, care: CARE });
    const [client] = await handle.db.select().from(users).where(eq(users.email, 'client@demo.test'));
    expect(client.role).toBe('client');
    expect(await verifyPassword(client.passwordHash!, DEMO_PASSWORD)).toBe(true);
    const [demo] = await handle.db.select().from(practices).where(eq(practices.slug, 'demo'));
    expect(client.practiceId).toBe(demo.id);
    const [harborClient] = await handle.db.select().from(users).where(eq(users.email, 'client@harbor.test'));
    expect(harborClient.practiceId).not.toBe(demo.id);
  });

  it('changes nothing when run again', async () => {
    const before = await handle.db.select().from(users).orderBy(users.email);
    await handle.db.update(users).set({ name: 'Renamed By Admin' }).where(eq(users.email, 'therapist@demo.test'));
    await seedDemo(handle.db);
    await seedDemo(handle.db);
    expect(await counts(handle.db)).toEqual({ practices: DEMO_PRACTICES.length, users: PEOPLE, care: CARE });
    const after = await handle.db.select().from(users).orderBy(users.email);
    expect(after.map((u) => [u.id, u.passwordHash])).toEqual(before.map((u) => [u.id, u.passwordHash]));
    expect(after.find((u) => u.email === 'therapist@demo.test')?.name).toBe('Renamed By Admin');
  });
});

describe.each(testDatabases)('demo showcase on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());

  async function snapshot(db: Db) {
    const requests = await db.select({ id: recordingRequests.id, state: recordingRequests.state, rowVersion: recordingRequests.rowVersion }).from(recordingRequests);
    const [a] = await db.select({ n: count() }).from(appointments);
    return { requests: requests.sort((x, y) => x.id.localeCompare(y.id)), appointments: a.n, ...(await counts(db)) };
  }

  it('gives the demo people a recording request in every state, through the commands, and sessions past and upcoming', async () => {
    const report = await seedDemoShowcase(handle.db);
    expect(report.skipped).toEqual([]);
    const after = await snapshot(handle.db);
    expect(after).toMatchObject({ practices: DEMO_PRACTICES.length, users: SHOWCASE_PEOPLE, care: SHOWCASE_CARE });
    expect(after.requests.map((request) => request.state).sort()).toEqual([...REQUEST_STATES].sort());
    // At most one request still open or in force per care relationship.
    const live = await handle.db
      .select({ care: recordingRequests.careRelationshipId, n: count() })
      .from(recordingRequests)
      .where(inArray(recordingRequests.state, ['discussing', 'awaiting_signatures', 'active']))
      .groupBy(recordingRequests.careRelationshipId);
    expect(live.every((row) => row.n === 1)).toBe(true);
    const now = new Date();
    const sessions = await handle.db.select({ startsAt: appointments.startsAt }).from(appointments);
    expect(sessions.some((session) => session.startsAt < now)).toBe(true);
    expect(sessions.some((session) => session.startsAt > now)).toBe(true);
    // The agreement in force was signed by both, on its current terms.
    const [active] = await handle.db.select().from(recordingRequests).where(eq(recordingRequests.state, 'active'));
    const signatures = await handle.db.select().from(recordingSignatures).where(eq(recordingSignatures.requestId, active.id));
    expect(signatures.map((signature) => signature.party).sort()).toEqual(['client', 'therapist']);
    expect(signatures.every((signature) => signature.termsSha256 === active.termsSha256)).toBe(true);
    // Shared files: a worksheet, an image and a note that open, a recording kept, and one removed on withdrawal.
    const files = await handle.db.select().from(sharedFiles);
    expect(files.map((file) => `${file.kind}:${file.status}`).sort()).toEqual(
      ['companion:available', 'document:unscanned', 'image:unscanned', 'recording:deleted', 'recording:unscanned', 'worksheet:unscanned'].sort(),
    );
    // Between sessions: a shared summary of Jordan Lee's last session, and its episode delivered with its audio.
    const [summary] = await handle.db.select().from(sessionSummaries);
    expect(summary.sharedAt).toBeInstanceOf(Date);
    const [episode] = await handle.db.select().from(companionEpisodes);
    expect(episode).toMatchObject({ summaryId: summary.id, status: 'released', fileId: files.find((file) => file.kind === 'companion')!.id });
    expect(episode.deliveredAt).toBeInstanceOf(Date);
    expect(episode.durationSeconds).toBeGreaterThan(30);
    expect(files.find((file) => file.status === 'deleted')).toMatchObject({ removedReason: 'consent_withdrawn', wrappedKey: null });
    const kept = files.find((file) => file.kind === 'recording' && file.status !== 'deleted')!;
    expect((await buffer(readContent(kept))).subarray(0, 4).toString('ascii')).toBe('RIFF');
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot(handle.db);
    const again = await seedDemoShowcase(handle.db);
    expect(again).toEqual({ told: [], skipped: [] });
    expect(await snapshot(handle.db)).toEqual(before);
  });
});

function seedChild(extra: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'DATA_DIR', 'HEARTH_SEED_DEMO', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_OPTIONS']) {
    delete env[name];
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/seed-demo.ts'],
      { cwd: REPO, env: { ...env, ...extra }, timeout: 90_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe('db:seed-demo command', () => {
  it('refuses a DATABASE_URL without HEARTH_SEED_DEMO=yes before connecting to it', async () => {
    // Nothing listens on port 1: a connection attempt would fail differently.
    const result = await seedChild({ DATABASE_URL: 'postgres://hearth@127.0.0.1:1/hearth', HEARTH_SEED_DEMO: 'true' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Refusing to seed demo accounts into DATABASE_URL');
  });
});

const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  describe('db:seed-demo command on PostgreSQL', () => {
    const name = `hearth_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    let url: string;
    beforeAll(async () => {
      await admin.unsafe(`create database ${name}`);
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      url = u.toString();
    });
    afterAll(async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    });

    it('refuses without HEARTH_SEED_DEMO=yes and creates nothing; seeds with it', async () => {
      const refused = await seedChild({ DATABASE_URL: url });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Refusing to seed demo accounts');
      const db = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const tables = await db`select table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`;
        expect(tables).toHaveLength(0);

        const seeded = await seedChild({ DATABASE_URL: url, HEARTH_SEED_DEMO: 'yes' });
        expect(seeded.code).toBe(0);
        expect(seeded.stdout).toContain('Demo practices seeded (postgres)');
        const [{ n }] = await db`select count(*)::int as n from users`;
        // The command seeds the showcase: the demo practices and the showcase's extra clients.
        expect(n).toBe(SHOWCASE_PEOPLE);
      } finally {
        await db.end({ timeout: 5 });
      }
    });
  });
}
