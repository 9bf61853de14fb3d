import { describe, expect, it } from 'vitest';
import {
  ChainVerifier,
  GENESIS_HASH,
  canonicalContent,
  chainHash,
  verifyChainRows,
  type ChainedContent,
  type StoredRow,
} from '@/lib/platform/audit/chain';

const base = (seq: number, overrides: Partial<ChainedContent> = {}): ChainedContent => ({
  chain: 'practice-a',
  seq,
  practiceId: '00000000-0000-4000-8000-000000000001',
  actorId: '00000000-0000-4000-8000-000000000002',
  action: 'auth.signin',
  subjectType: 'user',
  subjectId: '00000000-0000-4000-8000-000000000002',
  outcome: 'success',
  ip: '203.0.113.5',
  userAgent: 'vitest',
  metadata: { method: 'password', attempt: seq },
  createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)),
  ...overrides,
});

/** A correctly linked chain of n rows, as recordAudit would write it. */
function buildChain(n: number): StoredRow[] {
  const rows: StoredRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = base(seq);
    const hash = chainHash(prev, content);
    rows.push({ ...content, id: 100 + seq, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('canonicalContent', () => {
  it('does not depend on the order of metadata keys', () => {
    const a = base(1, { metadata: { zeta: 1, alpha: 'x', mid: true, none: null } });
    const b = base(1, { metadata: { none: null, mid: true, alpha: 'x', zeta: 1 } });
    expect(canonicalContent(a)).toBe(canonicalContent(b));
    expect(chainHash(GENESIS_HASH, a)).toBe(chainHash(GENESIS_HASH, b));
  });

  it('changes when any field changes', () => {
    const original = canonicalContent(base(1));
    const variants: Partial<ChainedContent>[] = [
      { chain: 'practice-b' },
      { seq: 2 },
      { practiceId: null },
      { actorId: null },
      { action: 'auth.signout' },
      { subjectType: null },
      { subjectId: 'other' },
      { outcome: 'failure' },
      { ip: '203.0.113.6' },
      { userAgent: null },
      { metadata: { method: 'totp', attempt: 1 } },
      { metadata: null },
      { createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 1, 1)) },
    ];
    for (const variant of variants) expect(canonicalContent(base(1, variant)), JSON.stringify(variant)).not.toBe(original);
  });

  it('keeps field boundaries: moving text between fields changes the content', () => {
    const a = base(1, { subjectType: 'user:1', subjectId: null });
    const b = base(1, { subjectType: 'user', subjectId: ':1' });
    expect(canonicalContent(a)).not.toBe(canonicalContent(b));
  });
});

describe('verifyChainRows', () => {
  it('accepts an empty chain and a well-formed chain starting from the genesis hash', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(verifyChainRows([])).toEqual({ ok: true, rows: 0 });
    const rows = buildChain(5);
    expect(rows[0].prevHash).toBe(GENESIS_HASH);
    expect(verifyChainRows(rows)).toEqual({ ok: true, rows: 5 });
  });

  it('detects changed content and names the row', () => {
    const rows = buildChain(5);
    rows[2] = { ...rows[2], action: 'auth.signout' };
    expect(verifyChainRows(rows)).toMatchObject({ ok: false, rows: 2, brokenId: rows[2].id, reason: expect.stringMatching(/content/) });
  });

  it('detects changed metadata', () => {
    const rows = buildChain(3);
    rows[1] = { ...rows[1], metadata: { method: 'password', attempt: 99 } };
    expect(verifyChainRows(rows)).toMatchObject({ ok: false, brokenId: rows[1].id });
  });

  it('detects a removed row as a sequence gap', () => {
    const rows = buildChain(5);
    const withoutThird = [...rows.slice(0, 2), ...rows.slice(3)];
    expect(verifyChainRows(withoutThird)).toMatchObject({ ok: false, rows: 2, brokenId: rows[3].id, reason: expect.stringMatching(/sequence gap/) });
  });

  it('detects a removed first row', () => {
    const rows = buildChain(3);
    expect(verifyChainRows(rows.slice(1))).toMatchObject({ ok: false, rows: 0, brokenId: rows[1].id });
  });

  it('detects reordered rows', () => {
    const rows = buildChain(5);
    const swapped = [rows[0], rows[2], rows[1], rows[3], rows[4]];
    expect(verifyChainRows(swapped)).toMatchObject({ ok: false, rows: 1, brokenId: rows[2].id });
  });

  it('detects rows whose seq numbers were swapped to hide a reordering', () => {
    const rows = buildChain(4);
    const swapped = [rows[0], { ...rows[2], seq: 2 }, { ...rows[1], seq: 3 }, rows[3]];
    expect(verifyChainRows(swapped)).toMatchObject({ ok: false, rows: 1, brokenId: rows[2].id });
  });

  it('detects a wrong prevHash even when the row hash was recomputed to match it', () => {
    const rows = buildChain(4);
    const forgedPrev = 'f'.repeat(64);
    const forged = { ...rows[2], prevHash: forgedPrev, hash: chainHash(forgedPrev, rows[2]) };
    expect(verifyChainRows([rows[0], rows[1], forged, rows[3]])).toMatchObject({
      ok: false,
      rows: 2,
      brokenId: rows[2].id,
      reason: expect.stringMatching(/previous hash/),
    });
  });

  it('detects a first row that does not start from the genesis hash', () => {
    const content = base(1);
    const prev = '1'.repeat(64);
    expect(verifyChainRows([{ ...content, id: 1, prevHash: prev, hash: chainHash(prev, content) }])).toMatchObject({ ok: false, brokenId: 1 });
  });

  it('detects a rewritten row whose own hash was recomputed: the next row no longer links', () => {
    const rows = buildChain(4);
    const changed = { ...rows[1], outcome: 'failure' };
    const rewritten = { ...changed, hash: chainHash(changed.prevHash, changed) };
    expect(verifyChainRows([rows[0], rewritten, rows[2], rows[3]])).toMatchObject({ ok: false, rows: 2, brokenId: rows[2].id });
  });

  it('stops at the first broken row', () => {
    const rows = buildChain(5);
    rows[1] = { ...rows[1], ip: 'x' };
    rows[3] = { ...rows[3], ip: 'y' };
    const verifier = new ChainVerifier();
    expect(rows.map((row) => verifier.add(row))).toEqual([true, false, false, false, false]);
    expect(verifier.verdict()).toMatchObject({ ok: false, rows: 1, brokenId: rows[1].id });
  });
});
