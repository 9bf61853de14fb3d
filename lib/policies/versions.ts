import { and, desc, eq, lte } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { policyVersions, type PolicyVersion } from '@/db/schema';
import { POLICY_KINDS, type PolicyKind } from './kinds';

/**
 * The version in force on `today` (a YYYY-MM-DD date in the practice's time zone): the highest
 * version whose effective date has arrived. A version published for a later date waits its turn.
 */
export async function versionInForce(db: DbOrTx, practiceId: string, kind: PolicyKind, today: string): Promise<PolicyVersion | null> {
  const [version] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.practiceId, practiceId), eq(policyVersions.kind, kind), lte(policyVersions.effectiveOn, today)))
    .orderBy(desc(policyVersions.version))
    .limit(1);
  return version ?? null;
}

export async function versionsInForce(db: DbOrTx, practiceId: string, today: string): Promise<Record<PolicyKind, PolicyVersion | null>> {
  const entries = await Promise.all(POLICY_KINDS.map(async (kind) => [kind, await versionInForce(db, practiceId, kind, today)] as const));
  return Object.fromEntries(entries) as Record<PolicyKind, PolicyVersion | null>;
}

/** The version before this one of the same policy, to show what changed. */
export async function previousVersion(db: DbOrTx, version: PolicyVersion): Promise<PolicyVersion | null> {
  const [previous] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.practiceId, version.practiceId), eq(policyVersions.kind, version.kind), lte(policyVersions.version, version.version - 1)))
    .orderBy(desc(policyVersions.version))
    .limit(1);
  return previous ?? null;
}
