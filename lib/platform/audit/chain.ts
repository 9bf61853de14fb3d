import { sha256Hex } from '@/lib/platform/crypto/tokens';

export const GENESIS_HASH = '0'.repeat(64);
export const SYSTEM_CHAIN = 'system';

export interface ChainedContent {
  chain: string;
  seq: number;
  practiceId: string | null;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  outcome: string;
  ip: string | null;
  userAgent: string | null;
  metadata: Record<string, string | number | boolean | null> | null;
  createdAt: Date;
}

function sortedMetadata(metadata: ChainedContent['metadata']) {
  if (!metadata) return null;
  return Object.fromEntries(Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The row's content in one fixed order, so the same row always hashes the same. */
export function canonicalContent(row: ChainedContent): string {
  return JSON.stringify([
    row.chain,
    row.seq,
    row.practiceId,
    row.actorId,
    row.action,
    row.subjectType,
    row.subjectId,
    row.outcome,
    row.ip,
    row.userAgent,
    sortedMetadata(row.metadata),
    row.createdAt.toISOString(),
  ]);
}

export function chainHash(prevHash: string, row: ChainedContent): string {
  return sha256Hex(`${prevHash}\n${canonicalContent(row)}`);
}

export interface StoredRow extends ChainedContent {
  id: number;
  prevHash: string;
  hash: string;
}

/** A row as the table holds it: its link fields are null until the linker has given it its place in the chain. */
export type TableRow = Omit<StoredRow, 'seq' | 'prevHash' | 'hash'> & { seq: number | null; prevHash: string | null; hash: string | null };

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; brokenId: number; reason: string };

/** Checks one chain's linked rows fed in seq order; stops at the first broken row. */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private count = 0;
  private broken?: { brokenId: number; reason: string };

  add(row: TableRow): boolean {
    if (this.broken) return false;
    const expected = this.count + 1;
    if (row.seq !== expected) this.broken = { brokenId: row.id, reason: `sequence gap: expected ${expected}, found ${row.seq}` };
    else if (row.prevHash !== this.prev) this.broken = { brokenId: row.id, reason: 'previous hash does not match the row before' };
    else if (chainHash(this.prev, { ...row, seq: expected }) !== row.hash) this.broken = { brokenId: row.id, reason: 'content does not match its hash' };
    if (this.broken) return false;
    this.prev = row.hash!;
    this.count = expected;
    return true;
  }

  verdict(): ChainVerdict {
    return this.broken ? { ok: false, rows: this.count, ...this.broken } : { ok: true, rows: this.count };
  }
}

export function verifyChainRows(rows: TableRow[]): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const row of rows) if (!verifier.add(row)) break;
  return verifier.verdict();
}
