import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openPglite, openPostgres, setDatabaseForTests, type DatabaseHandle } from '@/db/client';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle>;
}

/** A fresh, migrated PostgreSQL database, dropped again when the handle closes. */
export async function freshPostgres(adminUrl: string, poolSize = 4): Promise<DatabaseHandle> {
  const name = `hearth_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), { max: poolSize });
  return {
    ...handle,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/**
 * Integration tests run on every database here: PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL names a server (any database on it; each test file gets its own).
 */
export function databasesWithPool(poolSize: number): TestDatabase[] {
  return [
    { name: 'pglite', open: () => openPglite() },
    ...(process.env.TEST_DATABASE_URL
      ? [{ name: 'postgres' as const, open: () => freshPostgres(process.env.TEST_DATABASE_URL!, poolSize) }]
      : []),
  ];
}

export const testDatabases: TestDatabase[] = databasesWithPool(4);

/** Opens a fresh database and makes it the one `getDb()` returns, for code that resolves it itself. */
export async function useFreshDatabase(database: TestDatabase): Promise<DatabaseHandle> {
  const handle = await database.open();
  setDatabaseForTests(handle);
  return handle;
}
