import 'server-only';
import { and, asc, desc, eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { policyDrafts, policyVersions, users } from '@/db/schema';
import { requireUser } from '../auth/guards';
import { todayInTimeZone } from '@/lib/platform/clock';
import { POLICY_KINDS, POLICY_KIND_LABELS, isPolicyKind, type PolicyKind } from './kinds';
import { draftOrStartingPoint, latestVersion } from './service';
import { versionInForce } from './versions';

// Every function resolves the signed-in admin itself and reads only their practice's policies.
async function adminContext() {
  const admin = await requireUser('policies:manage');
  return { admin, db: await getDb(), today: todayInTimeZone(admin.timeZone) };
}

function kindOrNotFound(value: string): PolicyKind {
  if (!isPolicyKind(value)) notFound();
  return value;
}

/** The three policies: which version is in force, the newest one, and whether a draft is waiting. */
export async function getPolicyOverview() {
  const { admin, db, today } = await adminContext();
  const drafts = await db.select({ kind: policyDrafts.kind }).from(policyDrafts).where(eq(policyDrafts.practiceId, admin.practiceId));
  const policies = await Promise.all(
    POLICY_KINDS.map(async (kind) => ({
      kind,
      label: POLICY_KIND_LABELS[kind],
      inForce: await versionInForce(db, admin.practiceId, kind, today),
      newest: await latestVersion(db, admin.practiceId, kind),
      hasDraft: drafts.some((draft) => draft.kind === kind),
    })),
  );
  return { today, policies };
}

async function publishedVersions(practiceId: string, kind: PolicyKind) {
  const db = await getDb();
  return db
    .select({
      id: policyVersions.id,
      version: policyVersions.version,
      title: policyVersions.title,
      effectiveOn: policyVersions.effectiveOn,
      changeSummary: policyVersions.changeSummary,
      contentSha256: policyVersions.contentSha256,
      publishedAt: policyVersions.publishedAt,
      publishedBy: users.name,
    })
    .from(policyVersions)
    .innerJoin(users, eq(users.id, policyVersions.publishedById))
    .where(and(eq(policyVersions.practiceId, practiceId), eq(policyVersions.kind, kind)))
    .orderBy(desc(policyVersions.version));
}

export type PublishedVersionSummary = Awaited<ReturnType<typeof publishedVersions>>[number];

/** The draft editor for one policy, with its published history. */
export async function getPolicyEditor(kindParam: string) {
  const kind = kindOrNotFound(kindParam);
  const { admin, db, today } = await adminContext();
  const [draft, versions, inForce] = await Promise.all([
    draftOrStartingPoint(db, admin.practiceId, kind),
    publishedVersions(admin.practiceId, kind),
    versionInForce(db, admin.practiceId, kind, today),
  ]);
  return { kind, label: POLICY_KIND_LABELS[kind], today, timeZone: admin.timeZone, draft, versions, inForceVersion: inForce?.version ?? null };
}

function versionNumber(value: string | undefined): number | null {
  return value && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}

/** One published version of the admin's practice; anything else is a 404. */
export async function getPolicyVersion(kindParam: string, versionParam: string) {
  const kind = kindOrNotFound(kindParam);
  const { admin, db, today } = await adminContext();
  const number = versionNumber(versionParam) ?? notFound();
  const [row] = await db
    .select({ version: policyVersions, publishedBy: users.name })
    .from(policyVersions)
    .innerJoin(users, eq(users.id, policyVersions.publishedById))
    .where(and(eq(policyVersions.practiceId, admin.practiceId), eq(policyVersions.kind, kind), eq(policyVersions.version, number)));
  if (!row) notFound();
  const [draft, inForce] = await Promise.all([
    db.select({ id: policyDrafts.id }).from(policyDrafts).where(and(eq(policyDrafts.practiceId, admin.practiceId), eq(policyDrafts.kind, kind))),
    versionInForce(db, admin.practiceId, kind, today),
  ]);
  return { kind, label: POLICY_KIND_LABELS[kind], ...row, hasDraft: draft.length > 0, inForce: inForce?.id === row.version.id, timeZone: admin.timeZone };
}

/**
 * Two versions of one policy to compare. Without a choice: the one before the newest against
 * the newest. A version number that does not exist is a 404.
 */
export async function getPolicyComparison(kindParam: string, fromParam?: string, toParam?: string) {
  const kind = kindOrNotFound(kindParam);
  const { admin, db } = await adminContext();
  const versions = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.practiceId, admin.practiceId), eq(policyVersions.kind, kind)))
    .orderBy(asc(policyVersions.version));
  const pick = (param: string | undefined, fallback: number) => {
    if (param === undefined || param === '') return versions.at(fallback) ?? null;
    return versions.find((version) => version.version === versionNumber(param)) ?? notFound();
  };
  return { kind, label: POLICY_KIND_LABELS[kind], numbers: versions.map((version) => version.version), from: pick(fromParam, -2), to: pick(toParam, -1) };
}
