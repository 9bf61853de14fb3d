import { and, asc, desc, eq, inArray, lte, sql, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { policyAcknowledgements, policyDrafts, policyVersions, users } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { todayInTimeZone } from '@/lib/platform/clock';
import { assignedClient } from '../care/queries';
import {
  POLICY_KINDS,
  POLICY_KIND_LABELS,
  type ClientPolicyStatus,
  type PendingAcknowledgement,
  type PolicyKind,
  type PolicySummary,
  type PolicyVersion,
  type RecordingPolicyStatus,
} from './model';

/** A practice, with its time zone for "today in the practice". */
type PracticeScope = Pick<Actor, 'practiceId' | 'timeZone'>;

export async function latestVersion(db: DbOrTx, practiceId: string, kind: PolicyKind): Promise<PolicyVersion | null> {
  const [version] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.practiceId, practiceId), eq(policyVersions.kind, kind)))
    .orderBy(desc(policyVersions.version))
    .limit(1);
  return version ?? null;
}

/** A version by id, only if it belongs to the practice. */
export async function versionInPractice(db: DbOrTx, practiceId: string, versionId: string): Promise<PolicyVersion | null> {
  const [version] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.id, versionId), eq(policyVersions.practiceId, practiceId)));
  return version ?? null;
}

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

/** The versions in force in the practice today (in its time zone), kinds without one left out. */
export async function versionsInForce(db: DbOrTx, practice: PracticeScope, now: Date): Promise<PolicyVersion[]> {
  const today = todayInTimeZone(practice.timeZone, now);
  const versions = await Promise.all(POLICY_KINDS.map((kind) => versionInForce(db, practice.practiceId, kind, today)));
  return versions.filter((version): version is PolicyVersion => version !== null);
}

/** The number and date of the version in force of each policy today, kinds without one left out: one query, no text. */
function inForceNumbers(db: DbOrTx, practice: PracticeScope, now: Date) {
  return db
    .selectDistinctOn([policyVersions.kind], { id: policyVersions.id, kind: policyVersions.kind, version: policyVersions.version, effectiveOn: policyVersions.effectiveOn })
    .from(policyVersions)
    .where(and(eq(policyVersions.practiceId, practice.practiceId), lte(policyVersions.effectiveOn, todayInTimeZone(practice.timeZone, now))))
    .orderBy(policyVersions.kind, desc(policyVersions.version));
}

/** The version before this one of the same policy, to show what changed. */
async function previousVersion(db: DbOrTx, version: PolicyVersion): Promise<PolicyVersion | null> {
  const [previous] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.practiceId, version.practiceId), eq(policyVersions.kind, version.kind), lte(policyVersions.version, version.version - 1)))
    .orderBy(desc(policyVersions.version))
    .limit(1);
  return previous ?? null;
}

/** Every version of one policy, oldest first. */
export function versionsOf(db: DbOrTx, practiceId: string, kind: PolicyKind): Promise<PolicyVersion[]> {
  return db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.practiceId, practiceId), eq(policyVersions.kind, kind)))
    .orderBy(asc(policyVersions.version));
}

/** One policy's published history for the editor, newest first, with who published each version. */
export function publishedHistory(db: DbOrTx, practiceId: string, kind: PolicyKind) {
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

/** One version of a policy by its number, with who published it. */
export async function versionByNumber(db: DbOrTx, practiceId: string, kind: PolicyKind, number: number) {
  const [row] = await db
    .select({ version: policyVersions, publishedBy: users.name })
    .from(policyVersions)
    .innerJoin(users, eq(users.id, policyVersions.publishedById))
    .where(and(eq(policyVersions.practiceId, practiceId), eq(policyVersions.kind, kind), eq(policyVersions.version, number)));
  return row ?? null;
}

export async function getDraft(db: DbOrTx, practiceId: string, kind: PolicyKind) {
  const [draft] = await db
    .select()
    .from(policyDrafts)
    .where(and(eq(policyDrafts.practiceId, practiceId), eq(policyDrafts.kind, kind)));
  return draft ?? null;
}

/** The policies of the practice that have a saved draft. */
export async function draftKinds(db: DbOrTx, practiceId: string): Promise<PolicyKind[]> {
  const drafts = await db.select({ kind: policyDrafts.kind }).from(policyDrafts).where(eq(policyDrafts.practiceId, practiceId));
  return drafts.map((draft) => draft.kind);
}

/** What the editor opens with: the saved draft, else the latest version to start from, else a blank page. */
export async function draftOrStartingPoint(db: DbOrTx, practiceId: string, kind: PolicyKind) {
  const draft = await getDraft(db, practiceId, kind);
  if (draft) return { saved: true, title: draft.title, body: draft.body, baseVersionId: draft.baseVersionId };
  const latest = await latestVersion(db, practiceId, kind);
  return { saved: false, title: latest?.title ?? POLICY_KIND_LABELS[kind], body: latest?.body ?? '', baseVersionId: latest?.id ?? null };
}

/** The ids of the practice's active clients: the people asked to read a new version. */
export async function activeClientIds(db: DbOrTx, practiceId: string): Promise<string[]> {
  const clients = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.practiceId, practiceId), eq(users.role, 'client'), eq(users.status, 'active')));
  return clients.map((client) => client.id);
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

/** The versions in force in the reader's practice that the reader has not acknowledged. */
export async function pendingAcknowledgements(db: DbOrTx, reader: Actor, now = new Date()): Promise<PendingAcknowledgement[]> {
  const inForce = await versionsInForce(db, reader, now);
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

/** Whose policies: ids, or the columns of a larger query that hold them (the session check's). */
interface ReaderRef {
  id: string | SQLWrapper;
  practiceId: string | SQLWrapper;
}

/** A published version as the portal gate weighs it: its policy, number, effective date, and whether the reader acknowledged it. */
export type GateVersion = [kind: PolicyKind, version: number, effectiveOn: string, acknowledged: boolean];

/**
 * What the portal gate decides from, for any day up to `lastDay` (YYYY-MM-DD): the versions of the reader's practice
 * that have taken effect by then, each with whether the reader acknowledged it, as one JSON array (null when there are
 * none). No policy text, one subquery without anti-joins: the session check asks it on every request, for a day it
 * knows only once the row tells it the practice's time zone.
 */
export function gateVersions(db: DbOrTx, reader: ReaderRef, lastDay: string | SQLWrapper) {
  return db
    .select({
      versions: sql<GateVersion[] | null>`json_agg(json_build_array(${policyVersions.kind}, ${policyVersions.version}, ${policyVersions.effectiveOn}, ${policyAcknowledgements.id} is not null))`,
    })
    .from(policyVersions)
    .leftJoin(policyAcknowledgements, and(eq(policyAcknowledgements.versionId, policyVersions.id), eq(policyAcknowledgements.userId, reader.id)))
    .where(and(eq(policyVersions.practiceId, reader.practiceId), lte(policyVersions.effectiveOn, lastDay)));
}

/** The portal gate: whether, of these versions, one in force on `today` (the latest of its policy by then) is not acknowledged. */
export function policyToAcknowledgeOn(versions: readonly GateVersion[], today: string): boolean {
  const inForce = new Map<PolicyKind, { version: number; acknowledged: boolean }>();
  for (const [kind, version, effectiveOn, acknowledged] of versions) {
    if (effectiveOn > today || (inForce.get(kind)?.version ?? 0) > version) continue;
    inForce.set(kind, { version, acknowledged });
  }
  return [...inForce.values()].some((version) => !version.acknowledged);
}

/** Whether the reader has a version in force today (in the practice's time zone) to acknowledge. */
export async function hasPolicyToAcknowledge(db: DbOrTx, reader: Actor, now = new Date()): Promise<boolean> {
  const today = todayInTimeZone(reader.timeZone, now);
  const [{ versions }] = await gateVersions(db, reader, today);
  return policyToAcknowledgeOn(versions ?? [], today);
}

/** Whether the reader has acknowledged the recording policy in force: a recording request needs it. */
export async function hasAcknowledgedCurrentRecordingPolicy(db: DbOrTx, reader: Actor, now = new Date()): Promise<RecordingPolicyStatus> {
  const version = await versionInForce(db, reader.practiceId, 'recording', todayInTimeZone(reader.timeZone, now));
  if (!version) return { acknowledged: false, reason: 'no-recording-policy' };
  const [row] = await db
    .select({ id: policyAcknowledgements.id })
    .from(policyAcknowledgements)
    .where(and(eq(policyAcknowledgements.userId, reader.id), eq(policyAcknowledgements.versionId, version.id)));
  return row ? { acknowledged: true, version } : { acknowledged: false, reason: 'not-acknowledged', version };
}

/**
 * For a therapist: where one of their current clients stands on each policy. Null when the
 * client is not in this therapist's care in this practice, exactly as if there were no such client.
 */
export async function clientPolicyStatus(db: DbOrTx, therapist: Actor, clientId: string, now = new Date()): Promise<ClientPolicyStatus[] | null> {
  const client = await assignedClient(db, therapist.practiceId, therapist.id, clientId);
  if (!client) return null;
  const [inForce, acknowledged] = await Promise.all([inForceNumbers(db, therapist, now), acknowledgedVersions(db, therapist.practiceId, [client.id])]);
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

/** For an admin: per policy, how many of the practice's active clients are on the version in force. */
export async function practiceAcknowledgementSummary(db: DbOrTx, practice: PracticeScope, now = new Date()): Promise<PolicySummary[]> {
  const [inForce, clients] = await Promise.all([
    inForceNumbers(db, practice, now),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.practiceId, practice.practiceId), eq(users.role, 'client'), eq(users.status, 'active')))
      .orderBy(asc(users.name)),
  ]);
  const acknowledged = clients.length > 0 ? await acknowledgedVersions(db, practice.practiceId, clients.map((client) => client.id)) : [];
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
