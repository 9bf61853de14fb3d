import { createHmac, hkdfSync } from 'node:crypto';
import { eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { clientKeys } from '@/db/schema';
import { currentMasterKeyId, newDataKey, rewrapDataKey, unwrapDataKey, wrapDataKey } from './keyring';

/*
 * One data key per client, wrapped by the master key like a file's key: it seals what the client writes (their
 * journal) and what is written for them (summaries, companion scripts), and keys the blind index that lets them
 * search their sealed entries. Rotating the master key rewraps these too (rewrapClientKeys).
 */

const context = (clientId: string) => `client:${clientId}`;

/** The client's key, made on first use. Safe under concurrency: the first insert wins and everyone reads it. */
export async function clientKey(db: DbOrTx, clientId: string): Promise<Buffer> {
  const [found] = await db.select({ keyId: clientKeys.keyId, wrappedKey: clientKeys.wrappedKey }).from(clientKeys).where(eq(clientKeys.clientId, clientId));
  if (found) return unwrapDataKey(found.keyId, found.wrappedKey, context(clientId));
  const wrapped = wrapDataKey(newDataKey(), context(clientId));
  await db.insert(clientKeys).values({ clientId, keyId: wrapped.keyId, wrappedKey: wrapped.wrapped }).onConflictDoNothing();
  const [row] = await db.select({ keyId: clientKeys.keyId, wrappedKey: clientKeys.wrappedKey }).from(clientKeys).where(eq(clientKeys.clientId, clientId));
  return unwrapDataKey(row.keyId, row.wrappedKey, context(clientId));
}

/** A key for the blind index, derived so the sealing key itself is never used for hashing. */
function indexKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'hearth:blind-index', 32));
}

/**
 * A keyed hash of one search term ("w" a word, "t" a tag, "m" a mood…): equal terms give equal hashes for this client
 * only, and the database learns nothing of the term itself. 128 bits is plenty to avoid accidental collisions.
 */
export function blindIndex(key: Buffer, kind: string, value: string): string {
  return createHmac('sha256', indexKey(key)).update(`${kind}:${value}`).digest('base64url').slice(0, 22);
}

/** Rewraps a batch of client keys under the current master key; returns how many moved (0 when done). */
export async function rewrapClientKeys(db: DbOrTx, batchSize = 200): Promise<number> {
  const current = currentMasterKeyId();
  const rows = await db.select().from(clientKeys).where(ne(clientKeys.keyId, current)).limit(batchSize);
  for (const row of rows) {
    const next = rewrapDataKey(row.keyId, row.wrappedKey, context(row.clientId));
    await db
      .update(clientKeys)
      .set({ keyId: next.keyId, wrappedKey: next.wrapped })
      .where(sql`${clientKeys.clientId} = ${row.clientId} and ${clientKeys.wrappedKey} = ${row.wrappedKey}`);
  }
  return rows.length;
}
