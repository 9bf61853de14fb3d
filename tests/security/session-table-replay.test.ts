// Issue 7, "Also": session ids were stored as they are in sessions.id, so a copy of the
// database (a backup, a read-only leak) could be replayed as live sessions.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { sessions } from '@/db/schema';
import { consumeHandoff, validateSession } from '@/lib/auth/commands/sessions';
import { signInWithPassword } from '@/lib/auth/commands/signin';
import { testContext } from '../helpers/context';
import { testDatabases } from '../helpers/database';
import { FACTORY_PASSWORD, createPractice, createPerson } from '../helpers/factories';

const MIGRATION = path.resolve(import.meta.dirname, '../../db/migrations/0007_sign_in_records_hashed.sql');

describe.each(testDatabases)('replaying a copy of the sessions table on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());

  it('gets no session: the table holds no session id', async () => {
    const person = await createPerson(handle.db, await createPractice(handle.db), 'admin');
    const result = await signInWithPassword(handle.db, { email: person.email, password: FACTORY_PASSWORD }, testContext());
    if (result.status !== 'signed-in') throw new Error(result.status);
    const sessionId = (await consumeHandoff(handle.db, result.ticket))!;
    expect(await validateSession(handle.db, sessionId)).toMatchObject({ id: person.id });

    const copy = await handle.db.select().from(sessions);
    expect(copy.length).toBeGreaterThan(0);
    for (const row of copy) {
      expect(Object.values(row)).not.toContain(sessionId);
      expect(await validateSession(handle.db, row.id)).toBeNull();
    }
  });

  it('keeps sessions open across the upgrade: the migration hashes old ids as the app does', async () => {
    const person = await createPerson(handle.db, await createPractice(handle.db), 'client');
    const legacyId = 'a-session-id-from-before-the-upgrade';
    await handle.db.insert(sessions).values({ id: legacyId, userId: person.id, expiresAt: new Date(Date.now() + 60 * 60 * 1000) });
    const update = fs
      .readFileSync(MIGRATION, 'utf8')
      .split('--> statement-breakpoint')
      .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
      .find((statement) => statement.startsWith('UPDATE "sessions"'))!;
    // Only this row: the others were made by the app and are hashed already.
    await handle.db.execute(sql.raw(`${update.replace(/;$/, '')} WHERE "id" = '${legacyId}'`));
    expect(await validateSession(handle.db, legacyId)).toMatchObject({ id: person.id });
  });
});
