import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { policyAcknowledgements, policyDrafts, policyVersions } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import { todayInTimeZone } from '@/lib/platform/clock';
import type { RequestContext } from '@/lib/platform/http';
import { notify } from '@/lib/platform/notifications/notify';
import { policyContentSha256 } from './hash';
import type { PolicyKind, PolicyVersion } from './model';
import { activeClientIds, latestVersion, versionInPractice, versionsInForce } from './queries';
import type { DraftInput, PublishInput, VersionIdInput } from './schemas';

export type SaveDraftResult = { status: 'saved' };

/** Saves the practice's one draft of this policy; a new draft records the latest version it was started from. */
export function saveDraft(db: DbOrTx, actor: Actor, input: DraftInput, request: RequestContext, now = new Date()): Promise<SaveDraftResult> {
  const { kind, title, body } = input;
  return db.transaction(async (tx) => {
    const latest = await latestVersion(tx, actor.practiceId, kind);
    const [draft] = await tx
      .insert(policyDrafts)
      .values({ practiceId: actor.practiceId, kind, title, body, baseVersionId: latest?.id ?? null, updatedById: actor.id, updatedAt: now })
      .onConflictDoUpdate({
        target: [policyDrafts.practiceId, policyDrafts.kind],
        // An existing draft keeps the version it started from.
        set: { title, body, updatedById: actor.id, updatedAt: now },
      })
      .returning({ id: policyDrafts.id });
    await audit(tx, actor, request, 'policy.draft_saved', { subjectType: 'policy_draft', subjectId: draft.id, metadata: { kind } });
    return { status: 'saved' as const };
  });
}

export type PublishResult =
  | { status: 'published'; version: PolicyVersion }
  | { status: 'invalid'; errors: Partial<Record<keyof PublishInput, string[]>> }
  | { status: 'no-draft' }
  | { status: 'identical'; version: number };

/**
 * Turns the saved draft into the next version, in one transaction: number, hash, insert, draft
 * removed, audit, and a notification to every active client of the practice. The draft row is
 * locked first, so two admins publishing at once cannot both take the same number (and the
 * unique index would refuse the second if they did).
 */
export async function publishDraft(db: DbOrTx, actor: Actor, input: PublishInput, request: RequestContext, now = new Date()): Promise<PublishResult> {
  const { kind, effectiveOn, changeSummary } = input;
  const today = todayInTimeZone(actor.timeZone, now);
  // ISO dates compare correctly as text.
  if (effectiveOn < today) {
    return { status: 'invalid', errors: { effectiveOn: [`Choose today (${today}) or a later date: a new version cannot take effect in the past.`] } };
  }
  return db.transaction(async (tx) => {
    const [draft] = await tx
      .select()
      .from(policyDrafts)
      .where(and(eq(policyDrafts.practiceId, actor.practiceId), eq(policyDrafts.kind, kind)))
      .for('update');
    if (!draft) return { status: 'no-draft' };
    const latest = await latestVersion(tx, actor.practiceId, kind);
    if (latest && latest.title === draft.title && latest.body === draft.body) return { status: 'identical', version: latest.version };

    const [version] = await tx
      .insert(policyVersions)
      .values({
        practiceId: actor.practiceId,
        kind,
        version: (latest?.version ?? 0) + 1,
        title: draft.title,
        body: draft.body,
        contentSha256: policyContentSha256(draft),
        effectiveOn,
        changeSummary,
        publishedById: actor.id,
        publishedAt: now,
      })
      .returning();
    await tx.delete(policyDrafts).where(eq(policyDrafts.id, draft.id));
    await audit(tx, actor, request, 'policy.published', {
      subjectType: 'policy_version',
      subjectId: version.id,
      metadata: { kind, version: version.version, effectiveOn },
    });
    await notify(tx, actor.practiceId, await activeClientIds(tx, actor.practiceId), 'policy.version_published', version.id);
    return { status: 'published', version };
  });
}

export type StartDraftResult = { status: 'started'; kind: PolicyKind; fromVersion: number } | { status: 'not-found' };

/** Replaces the policy's draft with a copy of a published version, to edit from there. */
export function startDraftFromVersion(db: DbOrTx, actor: Actor, input: VersionIdInput, request: RequestContext, now = new Date()): Promise<StartDraftResult> {
  return db.transaction(async (tx) => {
    const version = await versionInPractice(tx, actor.practiceId, input.versionId);
    if (!version) return { status: 'not-found' };
    const content = { title: version.title, body: version.body, baseVersionId: version.id, updatedById: actor.id, updatedAt: now };
    const [draft] = await tx
      .insert(policyDrafts)
      .values({ practiceId: actor.practiceId, kind: version.kind, ...content })
      .onConflictDoUpdate({ target: [policyDrafts.practiceId, policyDrafts.kind], set: content })
      .returning({ id: policyDrafts.id });
    await audit(tx, actor, request, 'policy.draft_started', {
      subjectType: 'policy_draft',
      subjectId: draft.id,
      metadata: { kind: version.kind, fromVersion: version.version },
    });
    return { status: 'started', kind: version.kind, fromVersion: version.version };
  });
}

// The immutability trigger raises insufficient_privilege; drivers put the code on the error or its cause.
function isRefusedByTrigger(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === '42501';
}

export type EditPublishedResult = { status: 'refused'; kind: PolicyKind; version: number } | { status: 'not-found' };

/**
 * A request to change a published version. The database refuses the change (a trigger guards
 * every published version); the attempt is recorded as denied. Changes belong in a new version.
 */
export function editPublishedVersion(
  db: DbOrTx,
  actor: Actor,
  input: VersionIdInput & { title: string; body: string },
  request: RequestContext,
): Promise<EditPublishedResult> {
  return db.transaction(async (tx) => {
    const version = await versionInPractice(tx, actor.practiceId, input.versionId);
    if (!version) return { status: 'not-found' };
    // In a savepoint, so the refusal leaves this transaction usable for the audit entry.
    const refused = await tx
      .transaction((attempt) => attempt.update(policyVersions).set({ title: input.title, body: input.body }).where(eq(policyVersions.id, version.id)))
      .then(
        () => false,
        (error: unknown) => {
          if (isRefusedByTrigger(error)) return true;
          throw error;
        },
      );
    // Without the trigger the update would have gone through: throwing rolls it back.
    if (!refused) throw new Error('policy_versions accepted an update: the immutability trigger is missing');
    await audit(tx, actor, request, 'policy.edit_refused', {
      subjectType: 'policy_version',
      subjectId: version.id,
      outcome: 'denied',
      metadata: { kind: version.kind, version: version.version },
    });
    return { status: 'refused', kind: version.kind, version: version.version };
  });
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
  reader: Actor,
  input: { versionIds: string[] },
  request: RequestContext,
  now = new Date(),
): Promise<AcknowledgeResult> {
  const { versionIds } = input;
  return db.transaction(async (tx) => {
    const inForce = await versionsInForce(tx, reader, now);
    const chosen = inForce.filter((version) => versionIds.includes(version.id));
    if (versionIds.length === 0 || chosen.length !== new Set(versionIds).size) return { status: 'refused' };
    for (const version of chosen) {
      const inserted = await tx
        .insert(policyAcknowledgements)
        .values({ userId: reader.id, versionId: version.id, contentSha256: version.contentSha256, acknowledgedAt: now })
        .onConflictDoNothing()
        .returning({ id: policyAcknowledgements.id });
      if (inserted.length > 0) {
        await audit(tx, reader, request, 'policy.acknowledged', {
          subjectType: 'policy_version',
          subjectId: version.id,
          metadata: { kind: version.kind, version: version.version },
        });
      }
    }
    return { status: 'acknowledged', versions: chosen.map((version) => ({ kind: version.kind, version: version.version })) };
  });
}
