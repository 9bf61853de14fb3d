import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { ChainVerifier, type ChainVerdict } from './chain';

export interface ChainReport {
  chain: string;
  verdict: ChainVerdict;
}

/** Verifies every chain, reading each in pages so a long trail never sits in memory at once. */
export async function verifyAllChains(db: Db, pageSize = 2000): Promise<ChainReport[]> {
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
      afterSeq = page[page.length - 1].seq;
    }
    reports.push({ chain, verdict: verifier.verdict() });
  }
  return reports;
}
