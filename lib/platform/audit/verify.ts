import { and, asc, count, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { ChainVerifier, type ChainVerdict } from './chain';
import { linkPendingChains } from './link';

export interface ChainReport {
  chain: string;
  /** The linked rows, in seq order. */
  verdict: ChainVerdict;
  /** Rows with no place in the chain yet: not tampering, just not covered by the check until they are linked. */
  unlinked: number;
}

export interface VerifyOptions {
  /** Rows read at once. */
  pageSize?: number;
  /** Link what is waiting first (the default), or only read, for a role that may not write. */
  link?: boolean;
}

/** Verifies every chain, reading each in pages so a long trail never sits in memory at once. */
export async function verifyAllChains(db: Db, { pageSize = 2000, link = true }: VerifyOptions = {}): Promise<ChainReport[]> {
  if (link) await linkPendingChains(db, { wait: true });
  const chains = await db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents).orderBy(asc(auditEvents.chain));
  const reports: ChainReport[] = [];
  for (const { chain } of chains) {
    const verifier = new ChainVerifier();
    for (let afterSeq = 0; ; ) {
      const page = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, afterSeq)))
        .orderBy(asc(auditEvents.seq))
        .limit(pageSize);
      if (!page.every((row) => verifier.add(row)) || page.length < pageSize) break;
      afterSeq = page[page.length - 1].seq!;
    }
    const [{ unlinked }] = await db
      .select({ unlinked: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, chain), isNull(auditEvents.seq)));
    reports.push({ chain, verdict: verifier.verdict(), unlinked });
  }
  return reports;
}
