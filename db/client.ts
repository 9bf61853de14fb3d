import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type QueryOptions, type Transaction, types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { env } from '@/lib/platform/config';
import { ensurePrivateDir } from '@/lib/platform/private-files';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// Told the text of every statement a database handle runs: the test that counts each page view's queries listens.
type QueryListener = (query: string, params: unknown[]) => void;
const queryListeners = new Set<QueryListener>();
const logger = {
  logQuery(query: string, params: unknown[]) {
    for (const listener of queryListeners) listener(query, params);
  },
};

/** Calls `listener` with the SQL (and parameters) of every statement run from now on, until the returned function is called. */
export function onQuery(listener: QueryListener): () => void {
  queryListeners.add(listener);
  return () => queryListeners.delete(listener);
}

export const migrationsFolder = () =>
  process.env.HEARTH_MIGRATIONS_DIR || path.join(process.cwd(), 'db', 'migrations');

export class DatabaseLockedError extends Error {}

// PGlite is single-process: a second process opening the same folder corrupts it.
// The lock file holds the owner's pid; a lock left by a dead process is taken over.
// Folders this process has open (on globalThis, so a development reload still sees them):
// a second open inside one process corrupts the folder just the same.
const heldLocks = ((globalThis as unknown as { hearthPgliteLocks?: Set<string> }).hearthPgliteLocks ??= new Set<string>());

function acquirePgliteLock(dataDir: string): () => void {
  const lockPath = path.resolve(dataDir, 'pglite.lock');
  if (heldLocks.has(lockPath)) {
    throw new DatabaseLockedError(`The embedded database in ${dataDir} is already open in this process (pid ${process.pid}).`);
  }
  ensurePrivateDir(dataDir, { tightenContents: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // Written aside and linked into place, so the lock file never exists without its pid.
      const pending = `${lockPath}.${process.pid}.tmp`;
      fs.writeFileSync(pending, String(process.pid));
      try {
        fs.linkSync(pending, lockPath);
      } finally {
        fs.rmSync(pending, { force: true });
      }
      heldLocks.add(lockPath);
      return () => {
        heldLocks.delete(lockPath);
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: number;
      try {
        owner = Number(fs.readFileSync(lockPath, 'utf8'));
      } catch (readError) {
        // Released between our attempt and the read: try again.
        if ((readError as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw readError;
      }
      // Our own pid but not held here: left by an earlier run that had the same pid (pid 1 in a container).
      if (owner !== process.pid && owner > 0 && isAlive(owner)) {
        throw new DatabaseLockedError(
          `The embedded database in ${dataDir} is in use by another Hearth process (pid ${owner}). ` +
            'Stop that process first, use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(`Could not lock the embedded database in ${dataDir}.`);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// drizzle hands PGlite the same few parsers with every query (dates, times and intervals kept as text, drizzle maps
// them), and PGlite merges them into a copy of its table of some 300 parsers each time: about 60 µs a query, as much
// as the query itself. They are given to PGlite once instead, and dropped from each query.
const keepText = (value: string) => value;
const DRIZZLE_PARSERS = Object.fromEntries(
  [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map((oid) => [oid, keepText]),
);

/** The client (or a transaction of it) as drizzle sees it: the same, except that queries no longer carry parsers. */
function withoutPerQueryParsers<T extends PGlite | Transaction>(target: T): T {
  // Made once per client or transaction, not on every query.
  const query = (text: string, params?: unknown[], options?: QueryOptions) =>
    target.query(text, params, options?.parsers ? { ...options, parsers: undefined } : options);
  const transaction =
    target instanceof PGlite ? <R>(run: (tx: Transaction) => Promise<R>) => target.transaction((tx) => run(withoutPerQueryParsers(tx))) : undefined;
  return new Proxy(target, {
    get(object, property) {
      if (property === 'query') return query;
      if (property === 'transaction' && transaction) return transaction;
      const value = Reflect.get(object, property, object);
      // PGlite keeps its state in private fields: its methods must run on the object itself, not on the proxy.
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/**
 * PGlite runs no autovacuum, so its planner never learns how tables have grown unless told: without statistics it
 * sorted a client's 5,000 journal entries for every page (37 ms) instead of reading the page from its index (0.3 ms).
 * Run when an embedded database opens and hourly by the maintenance job. PostgreSQL's autovacuum keeps its own.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if ((db as unknown as { $client?: unknown }).$client instanceof PGlite) await db.execute(sql`analyze`);
}

export async function openPglite(options: { dataDir?: string; migrate?: boolean } = {}): Promise<DatabaseHandle> {
  // No dataDir: an in-memory database (tests).
  const release = options.dataDir ? acquirePgliteLock(options.dataDir) : () => {};
  try {
    const settings = { parsers: DRIZZLE_PARSERS };
    const client = options.dataDir ? await PGlite.create(path.join(options.dataDir, 'pglite'), settings) : await PGlite.create(settings);
    const db = drizzlePglite({ client: withoutPerQueryParsers(client), schema, logger }) as unknown as Db;
    if (options.migrate !== false) {
      await migratePglite(db as never, { migrationsFolder: migrationsFolder() });
    }
    if (options.dataDir) await refreshPlannerStatistics(db);
    // PGlite creates its files readable by everyone; the folder is private, and so are they.
    if (options.dataDir) ensurePrivateDir(options.dataDir, { tightenContents: true });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export async function openPostgres(url: string, options: { migrate?: boolean; max?: number } = {}): Promise<DatabaseHandle> {
  if (options.migrate !== false) await migratePostgresSerialized(url);
  const client = postgres(url, {
    max: options.max ?? env.databasePoolMax,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
  });
  const db = drizzlePostgres({ client, schema, logger }) as unknown as Db;
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
}

// Several instances may start at once against one server: an advisory lock lets one migrate at a time.
async function migratePostgresSerialized(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const db = drizzlePostgres({ client });
    await db.execute(sql`select pg_advisory_lock(727274)`);
    try {
      await migratePostgres(db, { migrationsFolder: migrationsFolder() });
    } finally {
      await db.execute(sql`select pg_advisory_unlock(727274)`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

export function openFromEnvironment(): Promise<DatabaseHandle> {
  return env.databaseUrl ? openPostgres(env.databaseUrl) : openPglite({ dataDir: env.dataDir });
}

// One handle per process, kept on globalThis so development reloads do not open a second one.
const holder = globalThis as unknown as { hearthDatabase?: Promise<DatabaseHandle> };

export function getDatabase(): Promise<DatabaseHandle> {
  if (!holder.hearthDatabase) {
    holder.hearthDatabase = openFromEnvironment().then((handle) => {
      closeOnShutdown(handle);
      return handle;
    });
    holder.hearthDatabase.catch(() => {
      holder.hearthDatabase = undefined;
    });
  }
  return holder.hearthDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

// Tests install their own fresh database per file.
export function setDatabaseForTests(handle: DatabaseHandle | undefined) {
  holder.hearthDatabase = handle ? Promise.resolve(handle) : undefined;
}

function closeOnShutdown(handle: DatabaseHandle) {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    handle
      .close()
      .catch((error) => console.error('database close failed', error))
      .finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
