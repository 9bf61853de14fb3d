import 'server-only';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { todayInTimeZone } from '@/lib/platform/clock';
import { requireUser } from '../auth/guards';
import { POLICY_KINDS, POLICY_KIND_LABELS, isPolicyKind, type PolicyKind } from './model';
import {
  clientPolicyStatus,
  draftKinds,
  draftOrStartingPoint,
  latestVersion,
  pendingAcknowledgements,
  practiceAcknowledgementSummary,
  publishedHistory,
  versionByNumber,
  versionInForce,
  versionsOf,
} from './queries';

// Every admin function resolves the signed-in admin itself and reads only their practice's policies.
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
  const drafts = await draftKinds(db, admin.practiceId);
  const policies = await Promise.all(
    POLICY_KINDS.map(async (kind) => ({
      kind,
      label: POLICY_KIND_LABELS[kind],
      inForce: await versionInForce(db, admin.practiceId, kind, today),
      newest: await latestVersion(db, admin.practiceId, kind),
      hasDraft: drafts.includes(kind),
    })),
  );
  return { today, policies };
}

/** The draft editor for one policy, with its published history. */
export async function getPolicyEditor(kindParam: string) {
  const kind = kindOrNotFound(kindParam);
  const { admin, db, today } = await adminContext();
  const [draft, versions, inForce] = await Promise.all([
    draftOrStartingPoint(db, admin.practiceId, kind),
    publishedHistory(db, admin.practiceId, kind),
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
  const row = (await versionByNumber(db, admin.practiceId, kind, number)) ?? notFound();
  const [drafts, inForce] = await Promise.all([draftKinds(db, admin.practiceId), versionInForce(db, admin.practiceId, kind, today)]);
  return { kind, label: POLICY_KIND_LABELS[kind], ...row, hasDraft: drafts.includes(kind), inForce: inForce?.id === row.version.id, timeZone: admin.timeZone };
}

/**
 * Two versions of one policy to compare. Without a choice: the one before the newest against
 * the newest. A version number that does not exist is a 404.
 */
export async function getPolicyComparison(kindParam: string, fromParam?: string, toParam?: string) {
  const kind = kindOrNotFound(kindParam);
  const { admin, db } = await adminContext();
  const versions = await versionsOf(db, admin.practiceId, kind);
  const pick = (param: string | undefined, fallback: number) => {
    if (param === undefined || param === '') return versions.at(fallback) ?? null;
    return versions.find((version) => version.version === versionNumber(param)) ?? notFound();
  };
  return { kind, label: POLICY_KIND_LABELS[kind], numbers: versions.map((version) => version.version), from: pick(fromParam, -2), to: pick(toParam, -1) };
}

/**
 * The signed-in client's policies waiting for acknowledgement, with what to compare each against.
 * This is where the portal gate sends a client, so it is open to one with policies pending.
 */
export async function getMyPendingAcknowledgements() {
  const client = await requireUser('portal:use', { allowPendingPolicies: true });
  const pending = await pendingAcknowledgements(await getDb(), client);
  return pending.map((entry) => ({ ...entry, label: POLICY_KIND_LABELS[entry.version.kind] }));
}

/**
 * Where one of the signed-in therapist's clients stands on each policy (with the practice's time
 * zone to show the moments in); anyone else's client is not found.
 */
export async function getClientPolicyStatus(clientId: string) {
  const therapist = await requireUser('clients:view-assigned');
  if (!z.uuid().safeParse(clientId).success) notFound();
  const policies = (await clientPolicyStatus(await getDb(), therapist, clientId)) ?? notFound();
  return { policies: policies.map((policy) => ({ ...policy, label: POLICY_KIND_LABELS[policy.kind] })), timeZone: therapist.timeZone };
}

/** The practice-wide picture for an admin: who is on each policy's version in force. */
export async function getPracticeAcknowledgementSummary() {
  const admin = await requireUser('policies:manage');
  const summary = await practiceAcknowledgementSummary(await getDb(), admin);
  return summary.map((policy) => ({ ...policy, label: POLICY_KIND_LABELS[policy.kind] }));
}
