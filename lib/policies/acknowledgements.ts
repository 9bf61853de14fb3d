import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { policyAcknowledgements, policyVersions, practices, users, type PolicyVersion } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assignedClient } from '../care/queries';
import type { RequestContext } from '@/lib/platform/http';
import { todayInTimeZone } from '@/lib/platform/clock';
import { POLICY_KINDS, type PolicyKind } from './kinds';
import { previousVersion, versionsInForce } from './versions';

/** The person whose acknowledgements are asked about: always within their own practice. */
export interface PolicyReader {
  id: string;
  practiceId: string;
}

async function practiceToday(db: DbOrTx, practiceId: string, now: Date): Promise<string> {
  const [practice] = await db.select({ timeZone: practices.timeZone }).from(practices).where(eq(practices.id, practiceId));
  return todayInTimeZone(practice.timeZone, now);
}

/** The versions in force in the practice today (in its time zone), kinds without one left out. */
async function inForceList(db: DbOrTx, practiceId: string, now: Date): Promise<PolicyVersion[]> {
  const byKind = await versionsInForce(db, practiceId, await practiceToday(db, practiceId, now));
  return POLICY_KINDS.map((kind) => byKind[kind]).filter((version): version is PolicyVersion => version !== null);
}

/** Every version of the practice's policies these people acknowledged, newest version first. */
function acknowledgedVersions(db: DbOrTx, practiceId: string, userIds: string[]) {
  return db
    .select({
      userId: policyAcknowledgements.userId,
      versionId: policyVersions.id,
      kind: policyVersions.kind,
      version: policyVersions.version,
      acknowledgedAt: policyAcknowledgements.acknowledgedAt,
    })
    .from(policyAcknowledgements)
    .innerJoin(policyVersions, eq(policyVersions.id, policyAcknowledgements.versionId))
    .where(and(eq(policyVersions.practiceId, practiceId), inArray(policyAcknowledgements.userId, userIds)))
    .orderBy(desc(policyVersions.version));
}

export interface PendingAcknowledgement {
  version: PolicyVersion;
  /** What to compare against: the version this person last acknowledged, else the one before. */
  baseline: PolicyVersion | null;
  baselineIsLastAcknowledged: boolean;
}

/** The versions in force in the reader's practice that the reader has not acknowledged. */
export async function pendingAcknowledgements(db: DbOrTx, reader: PolicyReader, now = new Date()): Promise<PendingAcknowledgement[]> {
  const inForce = await inForceList(db, reader.practiceId, now);
  if (inForce.length === 0) return [];
  const acknowledged = await acknowledgedVersions(db, reader.practiceId, [reader.id]);
  const pending = inForce.filter((version) => !acknowledged.some((row) => row.versionId === version.id));
  return Promise.all(
    pending.map(async (version) => {
      const lastAcknowledged = acknowledged.find((row) => row.kind === version.kind && row.version < version.version);
      if (lastAcknowledged) {
        const [baseline] = await db.select().from(policyVersions).where(eq(policyVersions.id, lastAcknowledged.versionId));
        return { version, baseline, baselineIsLastAcknowledged: true };
      }
      return { version, baseline: await previousVersion(db, version), baselineIsLastAcknowledged: false };
    }),
  );
}

export type AcknowledgeResult = { status: 'acknowledged'; versions: { kind: PolicyKind; version: number }[] } | { status: 'refused' };

/**
 * Records that the reader has read these versions. Only versions in force in the reader's
 * practice today are accepted (one of another practice, a superseded one or one not yet in
 * force refuses the whole request); each is recorded once, with the content hash it was
 * published under, and audited in the same transaction.
 */
export function acknowledgeVersions(
  db: DbOrTx,
  reader: PolicyReader,
  versionIds: string[],
  context: RequestContext,
  now = new Date(),
): Promise<AcknowledgeResult> {
  return db.transaction(async (tx) => {
    const inForce = await inForceList(tx, reader.practiceId, now);
    const chosen = inForce.filter((version) => versionIds.includes(version.id));
    if (versionIds.length === 0 || chosen.length !== new Set(versionIds).size) return { status: 'refused' };
    for (const version of chosen) {
      const inserted = await tx
        .insert(policyAcknowledgements)
        .values({ userId: reader.id, versionId: version.id, contentSha256: version.contentSha256, acknowledgedAt: now })
        .onConflictDoNothing()
        .returning({ id: policyAcknowledgements.id });
      if (inserted.length > 0) {
        await recordAudit(tx, {
          practiceId: reader.practiceId,
          actorId: reader.id,
          action: 'policy.acknowledged',
          subjectType: 'policy_version',
          subjectId: version.id,
          metadata: { kind: version.kind, version: version.version },
          context,
        });
      }
    }
    return { status: 'acknowledged', versions: chosen.map((version) => ({ kind: version.kind, version: version.version })) };
  });
}

export type RecordingPolicyStatus =
  | { acknowledged: true; version: PolicyVersion }
  | { acknowledged: false; reason: 'no-recording-policy' }
  | { acknowledged: false; reason: 'not-acknowledged'; version: PolicyVersion };

/** Whether the reader has acknowledged the recording policy in force: a recording request needs it. */
export async function hasAcknowledgedCurrentRecordingPolicy(db: DbOrTx, reader: PolicyReader, now = new Date()): Promise<RecordingPolicyStatus> {
  const version = (await inForceList(db, reader.practiceId, now)).find((candidate) => candidate.kind === 'recording');
  if (!version) return { acknowledged: false, reason: 'no-recording-policy' };
  const [row] = await db
    .select({ id: policyAcknowledgements.id })
    .from(policyAcknowledgements)
    .where(and(eq(policyAcknowledgements.userId, reader.id), eq(policyAcknowledgements.versionId, version.id)));
  return row ? { acknowledged: true, version } : { acknowledged: false, reason: 'not-acknowledged', version };
}

export interface ClientPolicyStatus {
  kind: PolicyKind;
  inForce: { version: number; effectiveOn: string } | null;
  acknowledgedAt: Date | null;
  /** Earlier versions this client acknowledged, newest first. */
  earlier: { version: number; acknowledgedAt: Date }[];
}

/**
 * For a therapist: where one of their current clients stands on each policy. Null when the
 * client is not in this therapist's care in this practice, exactly as if there were no such client.
 */
export async function clientPolicyStatus(
  db: DbOrTx,
  therapist: PolicyReader,
  clientId: string,
  now = new Date(),
): Promise<ClientPolicyStatus[] | null> {
  const client = await assignedClient(db, therapist.practiceId, therapist.id, clientId);
  if (!client) return null;
  const [inForce, acknowledged] = await Promise.all([
    inForceList(db, therapist.practiceId, now),
    acknowledgedVersions(db, therapist.practiceId, [client.id]),
  ]);
  return POLICY_KINDS.map((kind) => {
    const current = inForce.find((version) => version.kind === kind) ?? null;
    const ofKind = acknowledged.filter((row) => row.kind === kind);
    const currentRow = current ? ofKind.find((row) => row.versionId === current.id) : undefined;
    return {
      kind,
      inForce: current && { version: current.version, effectiveOn: current.effectiveOn },
      acknowledgedAt: currentRow?.acknowledgedAt ?? null,
      earlier: ofKind.filter((row) => row !== currentRow).map((row) => ({ version: row.version, acknowledgedAt: row.acknowledgedAt })),
    };
  });
}

export interface PolicySummary {
  kind: PolicyKind;
  inForce: { version: number; effectiveOn: string } | null;
  acknowledgedCount: number;
  clientCount: number;
  /** Active clients not on the version in force, with the latest version each did acknowledge. */
  outstanding: { id: string; name: string; lastAcknowledgedVersion: number | null }[];
}

/** For an admin: per policy, how many of the practice's active clients are on the version in force. */
export async function practiceAcknowledgementSummary(db: DbOrTx, practiceId: string, now = new Date()): Promise<PolicySummary[]> {
  const [inForce, clients] = await Promise.all([
    inForceList(db, practiceId, now),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.practiceId, practiceId), eq(users.role, 'client'), eq(users.status, 'active')))
      .orderBy(asc(users.name)),
  ]);
  const acknowledged = clients.length > 0 ? await acknowledgedVersions(db, practiceId, clients.map((client) => client.id)) : [];
  return POLICY_KINDS.map((kind) => {
    const current = inForce.find((version) => version.kind === kind) ?? null;
    const ofKind = acknowledged.filter((row) => row.kind === kind);
    const outstanding = current
      ? clients
          .filter((client) => !ofKind.some((row) => row.userId === client.id && row.versionId === current.id))
          .map((client) => ({ ...client, lastAcknowledgedVersion: ofKind.find((row) => row.userId === client.id)?.version ?? null }))
      : [];
    return {
      kind,
      inForce: current && { version: current.version, effectiveOn: current.effectiveOn },
      acknowledgedCount: current ? clients.length - outstanding.length : 0,
      clientCount: clients.length,
      outstanding,
    };
  });
}
