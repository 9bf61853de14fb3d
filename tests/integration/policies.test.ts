import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, notifications, policyAcknowledgements, policyDrafts, policyVersions, practices, users } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { editPublishedVersion, publishDraft, saveDraft, startDraftFromVersion } from '@/lib/policies/commands';
import { policyContentSha256 } from '@/lib/policies/hash';
import { POLICY_KINDS } from '@/lib/policies/model';
import { draftOrStartingPoint, getDraft, versionInForce, versionInPractice } from '@/lib/policies/queries';
import { draftSchema, publishSchema } from '@/lib/policies/schemas';
import type { Actor } from '@/lib/platform/actor';
import { todayInTimeZone } from '@/lib/platform/clock';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

// 20:00 UTC on 1 March is already 2 March in Auckland, the test practice's time zone.
const NOW = new Date('2026-03-01T20:00:00Z');
const TODAY = '2026-03-02';
const FIRST = { kind: 'recording' as const, title: 'Recording sessions', body: '## Consent\n\nEveryone must agree.\n' };

describe.each(testDatabases)('policy authoring on $name', (database) => {
  let handle: DatabaseHandle;
  let admin: Actor;
  let harborAdmin: Actor;
  // The fresh practice's other people: who is told about a new version, and who is not.
  let clientIds: string[];
  let staffAndFormerIds: string[];

  const audits = (action: string) =>
    handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.practiceId, admin.practiceId)));
  const versionsOf = (practiceId: string) =>
    handle.db.select().from(policyVersions).where(and(eq(policyVersions.practiceId, practiceId), eq(policyVersions.kind, 'recording'))).orderBy(policyVersions.version);
  // As the action wrapper does it: the input is parsed once, by the schema, then the command runs.
  const save = async (actor: Actor, input: { kind: 'recording'; title: string; body: string }) => {
    const parsed = draftSchema.safeParse(input);
    if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
    return saveDraft(handle.db, actor, parsed.data, testContext());
  };
  const publish = async (actor: Actor, effectiveOn = TODAY, changeSummary = 'First version') => {
    const parsed = publishSchema.safeParse({ kind: 'recording', effectiveOn, changeSummary });
    if (!parsed.success) return { status: 'invalid' as const, errors: z.flattenError(parsed.error).fieldErrors };
    return publishDraft(handle.db, actor, parsed.data, testContext(), NOW);
  };

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
    // A practice with no policies yet, to author from scratch.
    const [practice] = await handle.db.insert(practices).values({ slug: 'fresh', name: 'Fresh Start Therapy', timeZone: 'Pacific/Auckland' }).returning();
    const [user] = await handle.db.insert(users).values({ practiceId: practice.id, email: 'admin@fresh.test', name: 'Fran Admin', role: 'admin' }).returning();
    admin = { id: user.id, practiceId: practice.id, role: 'admin', timeZone: practice.timeZone };
    const others = await handle.db
      .insert(users)
      .values([
        { practiceId: practice.id, email: 'therapist@fresh.test', name: 'Theo Therapist', role: 'therapist' },
        { practiceId: practice.id, email: 'ana@fresh.test', name: 'Ana Client', role: 'client' },
        { practiceId: practice.id, email: 'ben@fresh.test', name: 'Ben Client', role: 'client' },
        { practiceId: practice.id, email: 'dee@fresh.test', name: 'Dee Former', role: 'client', status: 'deactivated' },
      ])
      .returning();
    clientIds = others.filter((person) => person.role === 'client' && person.status === 'active').map((person) => person.id);
    staffAndFormerIds = [admin.id, ...others.filter((person) => !clientIds.includes(person.id)).map((person) => person.id)];
    const [harbor] = await handle.db
      .select({ id: users.id, practiceId: practices.id, role: users.role, timeZone: practices.timeZone })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId))
      .where(eq(users.email, 'admin@harbor.test'));
    harborAdmin = harbor;
  });
  afterAll(() => handle?.close());

  it('refuses an invalid draft with a message on the field, saving and recording nothing', async () => {
    const blank = await save(admin, { ...FIRST, title: '   ' });
    expect(blank).toEqual({ status: 'invalid', errors: { title: ['Enter a title.'] } });
    const tooLong = await save(admin, { ...FIRST, body: 'x'.repeat(100_001) });
    expect(tooLong).toEqual({ status: 'invalid', errors: { body: ['Keep the policy text to 100,000 characters or fewer.'] } });
    expect(await getDraft(handle.db, admin.practiceId, 'recording')).toBeNull();
    expect(await audits('policy.draft_saved')).toHaveLength(0);
  });

  it('saves the one draft per policy and audits it without its text', async () => {
    expect(await save(admin, { ...FIRST, title: 'Draft title' })).toEqual({ status: 'saved' });
    expect(await save(admin, FIRST)).toEqual({ status: 'saved' });
    const drafts = await handle.db.select().from(policyDrafts).where(eq(policyDrafts.practiceId, admin.practiceId));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ kind: 'recording', title: FIRST.title, body: FIRST.body, baseVersionId: null, updatedById: admin.id });
    const saved = await audits('policy.draft_saved');
    expect(saved).toHaveLength(2);
    expect(saved[0]).toMatchObject({ actorId: admin.id, subjectType: 'policy_draft', subjectId: drafts[0].id, metadata: { kind: 'recording' } });
  });

  it('refuses an effective date before today in the practice time zone, and a missing summary', async () => {
    const past = await publish(admin, '2026-03-01');
    expect(past).toEqual({
      status: 'invalid',
      errors: { effectiveOn: ['Choose today (2026-03-02) or a later date: a new version cannot take effect in the past.'] },
    });
    const noSummary = await publish(admin, TODAY, '  ');
    expect(noSummary.status).toBe('invalid');
    expect(noSummary.status === 'invalid' && noSummary.errors.changeSummary).toEqual(['Say briefly what changed (for a first version, for example “First version”).']);
    expect(await publish(admin, '2026-02-30')).toMatchObject({ status: 'invalid', errors: { effectiveOn: ['Enter a real date, like 2026-03-01.'] } });
    expect(await versionsOf(admin.practiceId)).toHaveLength(0);
    expect(await getDraft(handle.db, admin.practiceId, 'recording')).not.toBeNull();
    expect(await audits('policy.published')).toHaveLength(0);
  });

  it('publishes the draft as version 1 with its content hash, removes the draft and audits it', async () => {
    const result = await publish(admin);
    expect(result.status).toBe('published');
    const [v1] = await versionsOf(admin.practiceId);
    expect(v1).toMatchObject({
      version: 1,
      title: FIRST.title,
      body: FIRST.body,
      effectiveOn: TODAY,
      changeSummary: 'First version',
      publishedById: admin.id,
      contentSha256: policyContentSha256(FIRST),
    });
    expect(await getDraft(handle.db, admin.practiceId, 'recording')).toBeNull();
    const [audit] = await audits('policy.published');
    expect(audit).toMatchObject({ actorId: admin.id, subjectType: 'policy_version', subjectId: v1.id, outcome: 'success' });
    expect(audit.metadata).toEqual({ kind: 'recording', version: 1, effectiveOn: TODAY });
    expect(await publish(admin)).toEqual({ status: 'no-draft' });
  });

  it('starts the next draft from the latest version and refuses to publish it unchanged', async () => {
    const [v1] = await versionsOf(admin.practiceId);
    expect(await draftOrStartingPoint(handle.db, admin.practiceId, 'recording')).toEqual({ saved: false, title: v1.title, body: v1.body, baseVersionId: v1.id });
    await save(admin, FIRST);
    expect(await getDraft(handle.db, admin.practiceId, 'recording')).toMatchObject({ baseVersionId: v1.id });
    expect(await publish(admin, TODAY, 'Nothing really')).toEqual({ status: 'identical', version: 1 });
    expect(await versionsOf(admin.practiceId)).toHaveLength(1);
  });

  it('publishes version 2 with a different hash, and the newest version in force wins', async () => {
    const second = { ...FIRST, body: `${FIRST.body}\nYou can withdraw at any time.\n` };
    await save(admin, second);
    const result = await publish(admin, TODAY, 'Withdrawal at any time');
    expect(result).toMatchObject({ status: 'published', version: { version: 2, body: second.body, contentSha256: policyContentSha256(second) } });
    const [v1, v2] = await versionsOf(admin.practiceId);
    expect(v2.contentSha256).not.toBe(v1.contentSha256);
    expect((await versionInForce(handle.db, admin.practiceId, 'recording', TODAY))?.id).toBe(v2.id);
    expect((await audits('policy.published')).map((audit) => audit.metadata)).toEqual([
      { kind: 'recording', version: 1, effectiveOn: TODAY },
      { kind: 'recording', version: 2, effectiveOn: TODAY },
    ]);
  });

  it('gives one number to one publish when two admins publish the same draft at once', async () => {
    await save(admin, { ...FIRST, body: 'Third text.\n' });
    const results = await Promise.all([publish(admin, TODAY, 'Third'), publish(admin, TODAY, 'Third')]);
    expect(results.map((result) => result.status).sort()).toEqual(['no-draft', 'published']);
    expect((await versionsOf(admin.practiceId)).map((version) => version.version)).toEqual([1, 2, 3]);
  });

  it('tells every active client of the practice about each new version, no one else, and nobody about a refused publish', async () => {
    const notified = () => handle.db.select().from(notifications).where(eq(notifications.practiceId, admin.practiceId));
    const versions = await versionsOf(admin.practiceId);
    const rows = await notified();
    // The refusals so far (a past date, no draft, an unchanged draft, the losing concurrent publish) told no one.
    expect(rows).toHaveLength(versions.length * clientIds.length);
    for (const version of versions) {
      const about = rows.filter((row) => row.subjectId === version.id);
      expect(about.map((row) => row.userId).sort()).toEqual([...clientIds].sort());
      expect(about.every((row) => row.kind === 'policy.version_published' && row.readAt === null)).toBe(true);
    }
    expect(rows.filter((row) => staffAndFormerIds.includes(row.userId))).toEqual([]);

    await save(admin, { ...FIRST, body: 'Third text.\n' });
    expect(await publish(admin)).toEqual({ status: 'identical', version: 3 });
    expect(await publish(admin, '2026-03-01')).toMatchObject({ status: 'invalid' });
    expect(await notified()).toHaveLength(rows.length);
  });

  it('refuses a direct UPDATE or DELETE of a published version in the database', async () => {
    const [v1] = await versionsOf(admin.practiceId);
    await expect(handle.db.update(policyVersions).set({ body: 'Rewritten' }).where(eq(policyVersions.id, v1.id))).rejects.toThrow();
    await expect(handle.db.execute(sql`update policy_versions set title = 'Rewritten' where id = ${v1.id}`)).rejects.toThrow();
    await expect(handle.db.delete(policyVersions).where(eq(policyVersions.id, v1.id))).rejects.toThrow();
    expect((await versionsOf(admin.practiceId))[0]).toEqual(v1);
  });

  it('refuses an edit of a published version through the app and audits it as denied', async () => {
    const [v1] = await versionsOf(admin.practiceId);
    const result = await editPublishedVersion(handle.db, admin, { versionId: v1.id, title: 'Changed', body: 'Changed' }, testContext());
    expect(result).toEqual({ status: 'refused', kind: 'recording', version: 1 });
    expect((await versionsOf(admin.practiceId))[0]).toEqual(v1);
    const [audit] = await audits('policy.edit_refused');
    expect(audit).toMatchObject({ actorId: admin.id, outcome: 'denied', subjectType: 'policy_version', subjectId: v1.id, metadata: { kind: 'recording', version: 1 } });
  });

  it('starts a draft from an earlier version on request, recording which one', async () => {
    const [v1] = await versionsOf(admin.practiceId);
    expect(await startDraftFromVersion(handle.db, admin, { versionId: v1.id }, testContext())).toEqual({ status: 'started', kind: 'recording', fromVersion: 1 });
    expect(await getDraft(handle.db, admin.practiceId, 'recording')).toMatchObject({ title: v1.title, body: v1.body, baseVersionId: v1.id });
    const [audit] = await audits('policy.draft_started');
    expect(audit.metadata).toEqual({ kind: 'recording', fromVersion: 1 });
  });

  it("keeps another practice's admin away from this practice's policies", async () => {
    const [v1] = await versionsOf(admin.practiceId);
    const harborBefore = await versionsOf(harborAdmin.practiceId);
    expect(await versionInPractice(handle.db, harborAdmin.practiceId, v1.id)).toBeNull();
    expect(await editPublishedVersion(handle.db, harborAdmin, { versionId: v1.id, title: 'x', body: 'x' }, testContext())).toEqual({ status: 'not-found' });
    expect(await startDraftFromVersion(handle.db, harborAdmin, { versionId: v1.id }, testContext())).toEqual({ status: 'not-found' });
    // Their publish acts on their own practice only: no draft there, and this practice's draft stays.
    expect(await publish(harborAdmin)).toEqual({ status: 'no-draft' });
    expect(await getDraft(handle.db, admin.practiceId, 'recording')).not.toBeNull();
    const start = await draftOrStartingPoint(handle.db, harborAdmin.practiceId, 'recording');
    expect(start.baseVersionId).toBe(harborBefore.at(-1)!.id);
    expect(await versionsOf(harborAdmin.practiceId)).toEqual(harborBefore);
    const harborAudits = await handle.db.select().from(auditEvents).where(eq(auditEvents.actorId, harborAdmin.id));
    expect(harborAudits).toHaveLength(0);
  });
});

describe.each(testDatabases)('demo policies on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());

  const totals = async () => {
    const [versions] = await handle.db.select({ n: count() }).from(policyVersions);
    const [acknowledgements] = await handle.db.select({ n: count() }).from(policyAcknowledgements);
    return { versions: versions.n, acknowledgements: acknowledgements.n };
  };

  it('seeds two versions of each policy per practice, acknowledged by every client, once', async () => {
    await seedDemo(handle.db);
    const seeded = await totals();
    const clients = await handle.db.select({ id: users.id, practiceId: users.practiceId }).from(users).where(eq(users.role, 'client'));
    const practiceCount = (await handle.db.select().from(practices)).length;
    expect(seeded).toEqual({ versions: practiceCount * POLICY_KINDS.length * 2, acknowledgements: clients.length * POLICY_KINDS.length });

    const [demo] = await handle.db.select().from(practices).where(eq(practices.slug, 'demo'));
    const today = todayInTimeZone(demo.timeZone);
    for (const kind of POLICY_KINDS) {
      const inForce = (await versionInForce(handle.db, demo.id, kind, today))!;
      expect(inForce.version).toBe(2);
      expect(inForce.contentSha256).toBe(policyContentSha256(inForce));
      const acknowledged = await handle.db.select().from(policyAcknowledgements).where(eq(policyAcknowledgements.versionId, inForce.id));
      expect(acknowledged.map((row) => row.userId).sort()).toEqual(clients.filter((c) => c.practiceId === demo.id).map((c) => c.id).sort());
      expect(acknowledged.every((row) => row.contentSha256 === inForce.contentSha256)).toBe(true);
    }

    await seedDemo(handle.db);
    expect(await totals()).toEqual(seeded);
  });
});
