import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { GENESIS_HASH, chainHash } from './chain';

/**
 * How often the recurring 'audit.link' job runs: rows wait at most about this long (plus the worker's poll) to be
 * sealed into their chain. The verifier links on demand as well.
 */
export const AUDIT_LINK_EVERY_MS = 5_000;

/** Rows linked per transaction, so the link lock is only ever held briefly. */
const LINK_BATCH = 500;

export interface LinkOptions {
  /**
   * Wait for another linker of the chain to finish (the verifier, so what it checks is linked), or
   * leave the chain to it (the recurring job).
   */
  wait?: boolean;
}

/** Takes the chain's link lock until the transaction ends; false when another linker has it and we do not wait. */
async function takeLinkLock(tx: Tx, chain: string, wait: boolean): Promise<boolean> {
  const key = sql`hashtextextended(${'audit-link:' + chain}, 0)`;
  if (wait) {
    await tx.execute(sql`select pg_advisory_xact_lock(${key})`);
    return true;
  }
  const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${key}) as locked`);
  // postgres-js returns the rows themselves, PGlite an object holding them.
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { locked: boolean }[];
  return rows[0].locked;
}

/**
 * Gives a chain's committed, unlinked rows their place in it: seq, the previous row's hash, and their own hash,
 * in id order. Appends take no lock, so only linkers meet on the chain's lock, and only for one batch at a time.
 *
 * A row whose transaction commits after a row with a higher id has been linked is linked after it, with the next
 * seq: the chain records the order rows were sealed in, and it is that order the verifier checks. Rows of open
 * transactions are invisible here and wait for a later run. Returns how many rows were linked.
 */
export async function linkChain(db: Db, chain: string, { wait = false }: LinkOptions = {}): Promise<number> {
  let linked = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      if (!(await takeLinkLock(tx, chain, wait))) return null;
      // Read under the lock (each statement sees what the previous linker committed before releasing it).
      const [last] = await tx
        .select({ seq: auditEvents.seq, hash: auditEvents.hash })
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, chain), isNotNull(auditEvents.seq)))
        .orderBy(desc(auditEvents.seq))
        .limit(1);
      const rows = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, chain), isNull(auditEvents.seq)))
        .orderBy(asc(auditEvents.id))
        .limit(LINK_BATCH);
      if (rows.length === 0) return 0;
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const links = rows.map((row) => {
        seq += 1;
        // Hashed as read back from the database, exactly as the verifier will read it.
        const link = { id: row.id, seq, prevHash, hash: chainHash(prevHash, { ...row, seq }) };
        prevHash = link.hash;
        return link;
      });
      const values = sql.join(
        links.map((link) => sql`(${link.id}::bigint, ${link.seq}::integer, ${link.prevHash}::text, ${link.hash}::text)`),
        sql`, `,
      );
      await tx.execute(
        sql`update audit_events as e set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
            from (values ${values}) as v(id, seq, prev_hash, hash) where e.id = v.id`,
      );
      return rows.length;
    });
    if (batch === null) return linked;
    linked += batch;
    if (batch < LINK_BATCH) return linked;
  }
}

/** Links every chain that has unlinked rows, one chain at a time. Returns how many rows were linked. */
export async function linkPendingChains(db: Db, options: LinkOptions = {}): Promise<number> {
  const pending = await db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents).where(isNull(auditEvents.seq));
  let linked = 0;
  for (const { chain } of pending) linked += await linkChain(db, chain, options);
  return linked;
}
