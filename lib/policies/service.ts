import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { policyDrafts, policyVersions, practices, type PolicyVersion } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { isIsoDate, todayInTimeZone } from '@/lib/platform/clock';
import { policyContentSha256 } from './hash';
import { POLICY_KINDS, POLICY_KIND_LABELS, type PolicyKind } from './kinds';
import { BODY_MAX, SUMMARY_MAX, TITLE_MAX } from './limits';


const kind = z.enum(POLICY_KINDS, { error: 'Choose one of the practice’s policies.' });

export const draftSchema = z.object({
  kind,
  title: z
    .string({ error: 'Enter a title.' })
    .trim()
    .min(1, 'Enter a title.')
    .max(TITLE_MAX, `Keep the title to ${TITLE_MAX} characters or fewer.`),
  // Not trimmed: leading spaces are meaningful in Markdown.
  body: z
    .string({ error: 'Enter the policy text.' })
    .refine((body) => body.trim().length > 0, 'Enter the policy text.')
    .refine((body) => body.length <= BODY_MAX, `Keep the policy text to ${BODY_MAX.toLocaleString('en')} characters or fewer.`),
});

export const publishSchema = z.object({
  kind,
  effectiveOn: z.string({ error: 'Enter the date this version takes effect.' }).trim().refine(isIsoDate, 'Enter a real date, like 2026-03-01.'),
  changeSummary: z
    .string({ error: 'Say briefly what changed.' })
    .trim()
    .min(1, 'Say briefly what changed (for a first version, for example “First version”).')
    .max(SUMMARY_MAX, `Keep the summary to ${SUMMARY_MAX} characters or fewer.`),
});

export const versionIdSchema = z.object({ versionId: z.uuid({ error: 'Choose a published version.' }) });

export type DraftInput = z.output<typeof draftSchema>;
export type PublishInput = z.output<typeof publishSchema>;
type Errors<T> = Partial<Record<keyof T, string[]>>;

/** Who acts: an admin, confined to their own practice. */
export interface Actor {
  id: string;
  practiceId: string;
}

export async function latestVersion(db: DbOrTx, practiceId: string, policy: PolicyKind): Promise<PolicyVersion | null> {
  const [version] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.practiceId, practiceId), eq(policyVersions.kind, policy)))
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

export async function getDraft(db: DbOrTx, practiceId: string, policy: PolicyKind) {
  const [draft] = await db
    .select()
    .from(policyDrafts)
    .where(and(eq(policyDrafts.practiceId, practiceId), eq(policyDrafts.kind, policy)));
  return draft ?? null;
}

/** What the editor opens with: the saved draft, else the latest version to start from, else a blank page. */
export async function draftOrStartingPoint(db: DbOrTx, practiceId: string, policy: PolicyKind) {
  const draft = await getDraft(db, practiceId, policy);
  if (draft) return { saved: true, title: draft.title, body: draft.body, baseVersionId: draft.baseVersionId };
  const latest = await latestVersion(db, practiceId, policy);
  return { saved: false, title: latest?.title ?? POLICY_KIND_LABELS[policy], body: latest?.body ?? '', baseVersionId: latest?.id ?? null };
}

export type SaveDraftResult = { status: 'saved' } | { status: 'invalid'; errors: Errors<DraftInput> };

/** Saves the practice's one draft of this policy; a new draft records the latest version it was started from. */
export async function saveDraft(db: DbOrTx, actor: Actor, input: DraftInput, context: RequestContext): Promise<SaveDraftResult> {
  const parsed = draftSchema.safeParse(input);
  if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
  const { kind: policy, title, body } = parsed.data;
  return db.transaction(async (tx) => {
    const latest = await latestVersion(tx, actor.practiceId, policy);
    const [draft] = await tx
      .insert(policyDrafts)
      .values({ practiceId: actor.practiceId, kind: policy, title, body, baseVersionId: latest?.id ?? null, updatedById: actor.id })
      .onConflictDoUpdate({
        target: [policyDrafts.practiceId, policyDrafts.kind],
        // An existing draft keeps the version it started from.
        set: { title, body, updatedById: actor.id, updatedAt: new Date() },
      })
      .returning({ id: policyDrafts.id });
    await recordAudit(tx, {
      practiceId: actor.practiceId,
      actorId: actor.id,
      action: 'policy.draft_saved',
      subjectType: 'policy_draft',
      subjectId: draft.id,
      metadata: { kind: policy },
      context,
    });
    return { status: 'saved' as const };
  });
}

export type PublishResult =
  | { status: 'published'; version: PolicyVersion }
  | { status: 'invalid'; errors: Errors<PublishInput> }
  | { status: 'no-draft' }
  | { status: 'identical'; version: number };

/**
 * Turns the saved draft into the next version, in one transaction: number, hash, insert, draft
 * removed, audit. The draft row is locked first, so two admins publishing at once cannot both
 * take the same number (and the unique index would refuse the second if they did).
 */
export async function publishDraft(
  db: DbOrTx,
  actor: Actor,
  input: PublishInput,
  context: RequestContext,
  now = new Date(),
): Promise<PublishResult> {
  const parsed = publishSchema.safeParse(input);
  if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
  const { kind: policy, effectiveOn, changeSummary } = parsed.data;
  return db.transaction(async (tx) => {
    const [practice] = await tx.select({ timeZone: practices.timeZone }).from(practices).where(eq(practices.id, actor.practiceId));
    const today = todayInTimeZone(practice.timeZone, now);
    // ISO dates compare correctly as text.
    if (effectiveOn < today) {
      return { status: 'invalid', errors: { effectiveOn: [`Choose today (${today}) or a later date: a new version cannot take effect in the past.`] } };
    }
    const [draft] = await tx
      .select()
      .from(policyDrafts)
      .where(and(eq(policyDrafts.practiceId, actor.practiceId), eq(policyDrafts.kind, policy)))
      .for('update');
    if (!draft) return { status: 'no-draft' };
    const latest = await latestVersion(tx, actor.practiceId, policy);
    if (latest && latest.title === draft.title && latest.body === draft.body) return { status: 'identical', version: latest.version };

    const [version] = await tx
      .insert(policyVersions)
      .values({
        practiceId: actor.practiceId,
        kind: policy,
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
    await recordAudit(tx, {
      practiceId: actor.practiceId,
      actorId: actor.id,
      action: 'policy.published',
      subjectType: 'policy_version',
      subjectId: version.id,
      metadata: { kind: policy, version: version.version, effectiveOn },
      context,
    });
    return { status: 'published', version };
  });
}

export type StartDraftResult = { status: 'started'; kind: PolicyKind; fromVersion: number } | { status: 'not-found' };

/** Replaces the policy's draft with a copy of a published version, to edit from there. */
export async function startDraftFromVersion(db: DbOrTx, actor: Actor, versionId: string, context: RequestContext): Promise<StartDraftResult> {
  return db.transaction(async (tx) => {
    const version = await versionInPractice(tx, actor.practiceId, versionId);
    if (!version) return { status: 'not-found' };
    const content = { title: version.title, body: version.body, baseVersionId: version.id, updatedById: actor.id, updatedAt: new Date() };
    const [draft] = await tx
      .insert(policyDrafts)
      .values({ practiceId: actor.practiceId, kind: version.kind, ...content })
      .onConflictDoUpdate({ target: [policyDrafts.practiceId, policyDrafts.kind], set: content })
      .returning({ id: policyDrafts.id });
    await recordAudit(tx, {
      practiceId: actor.practiceId,
      actorId: actor.id,
      action: 'policy.draft_started',
      subjectType: 'policy_draft',
      subjectId: draft.id,
      metadata: { kind: version.kind, fromVersion: version.version },
      context,
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
export async function editPublishedVersion(
  db: DbOrTx,
  actor: Actor,
  input: { versionId: string; title: string; body: string },
  context: RequestContext,
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
    await recordAudit(tx, {
      practiceId: actor.practiceId,
      actorId: actor.id,
      action: 'policy.edit_refused',
      subjectType: 'policy_version',
      subjectId: version.id,
      outcome: 'denied',
      metadata: { kind: version.kind, version: version.version },
      context,
    });
    return { status: 'refused', kind: version.kind, version: version.version };
  });
}
