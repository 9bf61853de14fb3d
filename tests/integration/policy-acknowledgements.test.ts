import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, careRelationships, policyAcknowledgements, policyVersions, practices, users, type PolicyKind } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { acknowledgeVersions } from '@/lib/policies/commands';
import { policyContentSha256 } from '@/lib/policies/hash';
import {
  clientPolicyStatus,
  hasAcknowledgedCurrentRecordingPolicy,
  hasPolicyToAcknowledge,
  pendingAcknowledgements,
  practiceAcknowledgementSummary,
} from '@/lib/policies/queries';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

// Noon in UTC is early morning of the same day in Los Angeles; 03:00 UTC is still the day before there.
const NOW = new Date('2026-03-10T12:00:00Z');
const TODAY = '2026-03-10';
const TOMORROW = '2026-03-11';

describe.each(testDatabases)('policy acknowledgements on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
  });
  afterAll(() => handle?.close());

  /** A practice of its own per test: an admin, two therapists, three active clients and a deactivated one. */
  async function practiceWithPeople() {
    const tag = randomUUID().slice(0, 8);
    const [practice] = await handle.db
      .insert(practices)
      .values({ name: `Practice ${tag}`, slug: `p-${tag}`, timeZone: 'America/Los_Angeles' })
      .returning();
    const person = async (role: 'client' | 'therapist' | 'admin', name: string, status: 'active' | 'deactivated' = 'active') => {
      const [row] = await handle.db
        .insert(users)
        .values({ practiceId: practice.id, email: `${name.toLowerCase()}-${tag}@test.test`, name, role, status })
        .returning();
      return { ...row, practiceId: practice.id, timeZone: practice.timeZone };
    };
    const admin = await person('admin', 'Admin');
    const therapist = await person('therapist', 'Theo');
    const otherTherapist = await person('therapist', 'Olga');
    const ana = await person('client', 'Ana');
    const ben = await person('client', 'Ben');
    const cai = await person('client', 'Cai');
    await person('client', 'Dee', 'deactivated');
    await handle.db.insert(careRelationships).values([
      { practiceId: practice.id, clientId: ana.id, therapistId: therapist.id, startedOn: '2026-01-01' },
      { practiceId: practice.id, clientId: ben.id, therapistId: therapist.id, startedOn: '2026-01-01' },
      { practiceId: practice.id, clientId: cai.id, therapistId: otherTherapist.id, startedOn: '2026-01-01' },
    ]);
    const publish = async (kind: PolicyKind, version: number, effectiveOn: string, body = `${kind} text, version ${version}.`) => {
      const title = `${kind} policy`;
      const [row] = await handle.db
        .insert(policyVersions)
        .values({
          practiceId: practice.id,
          kind,
          version,
          title,
          body,
          contentSha256: policyContentSha256({ title, body }),
          effectiveOn,
          changeSummary: `Version ${version} of the ${kind} policy.`,
          publishedById: admin.id,
        })
        .returning();
      return row;
    };
    return { practice, admin, therapist, otherTherapist, ana, ben, cai, publish };
  }

  /** The versions pending for the reader; the portal gate's narrow query must agree on whether there are any. */
  const pendingIds = async (reader: Actor, now = NOW) => {
    const ids = (await pendingAcknowledgements(handle.db, reader, now)).map((pending) => pending.version.id);
    expect(await hasPolicyToAcknowledge(handle.db, reader, now)).toBe(ids.length > 0);
    return ids;
  };

  it('has nothing pending while no policy is published, and every version in force pending for a new client', async () => {
    const { ana, publish } = await practiceWithPeople();
    expect(await pendingIds(ana)).toEqual([]);
    const recording = await publish('recording', 1, '2026-01-01');
    const privacy = await publish('privacy', 1, TODAY);
    expect((await pendingIds(ana)).sort()).toEqual([recording.id, privacy.id].sort());
  });

  it('makes a new version pending again, compared with the version last acknowledged', async () => {
    const { ana, publish } = await practiceWithPeople();
    const v1 = await publish('recording', 1, '2026-01-01');
    expect(await acknowledgeVersions(handle.db, ana, { versionIds: [v1.id] }, testContext(), NOW)).toEqual({
      status: 'acknowledged',
      versions: [{ kind: 'recording', version: 1 }],
    });
    expect(await pendingIds(ana)).toEqual([]);
    await publish('recording', 2, '2026-02-01');
    const v3 = await publish('recording', 3, TODAY, 'recording text, now with a retention limit.');
    const [pending] = await pendingAcknowledgements(handle.db, ana, NOW);
    expect(pending.version.id).toBe(v3.id);
    // Version 2 was never acknowledged, so the comparison runs from version 1.
    expect(pending.baseline?.id).toBe(v1.id);
    expect(pending.baselineIsLastAcknowledged).toBe(true);
  });

  it('compares with the previous version when the client never acknowledged one', async () => {
    const { ben, publish } = await practiceWithPeople();
    const v1 = await publish('privacy', 1, '2026-01-01');
    await publish('privacy', 2, TODAY);
    const [pending] = await pendingAcknowledgements(handle.db, ben, NOW);
    expect(pending.version.version).toBe(2);
    expect(pending.baseline?.id).toBe(v1.id);
    expect(pending.baselineIsLastAcknowledged).toBe(false);
  });

  it('leaves a future-dated version alone until its date arrives in the practice time zone', async () => {
    const { ana, publish } = await practiceWithPeople();
    const v1 = await publish('confidentiality', 1, '2026-01-01');
    await acknowledgeVersions(handle.db, ana, { versionIds: [v1.id] }, testContext(), NOW);
    const v2 = await publish('confidentiality', 2, TOMORROW);
    expect(await pendingIds(ana)).toEqual([]);
    // Already the 11th in UTC, but still the 10th in Los Angeles.
    expect(await pendingIds(ana, new Date('2026-03-11T03:00:00Z'))).toEqual([]);
    expect(await pendingIds(ana, new Date('2026-03-11T12:00:00Z'))).toEqual([v2.id]);
    // Nor can it be acknowledged before then.
    expect(await acknowledgeVersions(handle.db, ana, { versionIds: [v2.id] }, testContext(), NOW)).toEqual({ status: 'refused' });
  });

  it('records the version, its content hash and the time, and audits it in the same transaction', async () => {
    const { ana, publish } = await practiceWithPeople();
    const v1 = await publish('recording', 1, TODAY);
    await acknowledgeVersions(handle.db, ana, { versionIds: [v1.id] }, testContext(), NOW);
    const rows = await handle.db.select().from(policyAcknowledgements).where(eq(policyAcknowledgements.userId, ana.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ versionId: v1.id, contentSha256: v1.contentSha256, acknowledgedAt: NOW });
    const audits = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'policy.acknowledged'), eq(auditEvents.actorId, ana.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ practiceId: ana.practiceId, subjectType: 'policy_version', subjectId: v1.id, metadata: { kind: 'recording', version: 1 } });
  });

  it('is idempotent: acknowledging again records and audits nothing more', async () => {
    const { ben, publish } = await practiceWithPeople();
    const v1 = await publish('privacy', 1, TODAY);
    await acknowledgeVersions(handle.db, ben, { versionIds: [v1.id] }, testContext(), NOW);
    const again = await acknowledgeVersions(handle.db, ben, { versionIds: [v1.id, v1.id] }, testContext(), new Date(NOW.getTime() + 60_000));
    expect(again.status).toBe('acknowledged');
    const rows = await handle.db.select().from(policyAcknowledgements).where(eq(policyAcknowledgements.userId, ben.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].acknowledgedAt).toEqual(NOW);
    const audits = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'policy.acknowledged'), eq(auditEvents.actorId, ben.id)));
    expect(audits).toHaveLength(1);
  });

  it("refuses another practice's version, a superseded one, an unknown id or none, and then records nothing", async () => {
    const mine = await practiceWithPeople();
    const theirs = await practiceWithPeople();
    const superseded = await mine.publish('recording', 1, '2026-01-01');
    const current = await mine.publish('recording', 2, TODAY);
    const foreign = await theirs.publish('recording', 1, TODAY);
    const attempts = [[foreign.id], [current.id, foreign.id], [superseded.id], [current.id, superseded.id], [randomUUID()], []];
    for (const versionIds of attempts) {
      expect(await acknowledgeVersions(handle.db, mine.ana, { versionIds }, testContext(), NOW)).toEqual({ status: 'refused' });
    }
    expect(await handle.db.select().from(policyAcknowledgements).where(eq(policyAcknowledgements.userId, mine.ana.id))).toEqual([]);
    expect(await pendingIds(mine.ana)).toEqual([current.id]);
  });

  it('answers the portal gate for the reader alone: the latest version in force of each policy, in the practice time zone', async () => {
    const { ana, ben, publish } = await practiceWithPeople();
    const elsewhere = await practiceWithPeople();
    await elsewhere.publish('recording', 1, '2026-01-01');
    expect(await hasPolicyToAcknowledge(handle.db, ana, NOW)).toBe(false);
    await publish('privacy', 1, '2026-01-01');
    const v2 = await publish('privacy', 2, TODAY);
    await acknowledgeVersions(handle.db, ana, { versionIds: [v2.id] }, testContext(), NOW);
    // The superseded version 1 is not asked for; Ben has acknowledged nothing.
    expect(await hasPolicyToAcknowledge(handle.db, ana, NOW)).toBe(false);
    expect(await hasPolicyToAcknowledge(handle.db, ben, NOW)).toBe(true);
    await publish('privacy', 3, TOMORROW);
    expect(await hasPolicyToAcknowledge(handle.db, ana, new Date('2026-03-11T03:00:00Z'))).toBe(false);
    expect(await hasPolicyToAcknowledge(handle.db, ana, new Date('2026-03-11T12:00:00Z'))).toBe(true);
  });

  it('says whether the recording policy in force is acknowledged, and why not', async () => {
    const { ana, publish } = await practiceWithPeople();
    await publish('privacy', 1, TODAY);
    expect(await hasAcknowledgedCurrentRecordingPolicy(handle.db, ana, NOW)).toEqual({ acknowledged: false, reason: 'no-recording-policy' });
    // Published for tomorrow: not yet the policy in force.
    const v1 = await publish('recording', 1, TOMORROW);
    expect(await hasAcknowledgedCurrentRecordingPolicy(handle.db, ana, NOW)).toEqual({ acknowledged: false, reason: 'no-recording-policy' });
    const later = new Date('2026-03-11T12:00:00Z');
    expect(await hasAcknowledgedCurrentRecordingPolicy(handle.db, ana, later)).toMatchObject({ acknowledged: false, reason: 'not-acknowledged' });
    await acknowledgeVersions(handle.db, ana, { versionIds: [v1.id] }, testContext(), later);
    expect(await hasAcknowledgedCurrentRecordingPolicy(handle.db, ana, later)).toMatchObject({ acknowledged: true, version: { id: v1.id } });
    await publish('recording', 2, '2026-03-12');
    expect(await hasAcknowledgedCurrentRecordingPolicy(handle.db, ana, new Date('2026-03-12T12:00:00Z'))).toMatchObject({
      acknowledged: false,
      reason: 'not-acknowledged',
      version: { version: 2 },
    });
  });

  it('counts, per policy, the active clients on the version in force and lists the others', async () => {
    const { practice, ana, ben, cai, publish } = await practiceWithPeople();
    const recording1 = await publish('recording', 1, '2026-01-01');
    const privacy1 = await publish('privacy', 1, '2026-01-01');
    await acknowledgeVersions(handle.db, ana, { versionIds: [recording1.id, privacy1.id] }, testContext(), NOW);
    await acknowledgeVersions(handle.db, ben, { versionIds: [recording1.id] }, testContext(), NOW);
    const recording2 = await publish('recording', 2, TODAY);
    await acknowledgeVersions(handle.db, ana, { versionIds: [recording2.id] }, testContext(), NOW);

    const summary = await practiceAcknowledgementSummary(handle.db, { practiceId: practice.id, timeZone: practice.timeZone }, NOW);
    const byKind = Object.fromEntries(summary.map((row) => [row.kind, row]));
    expect(byKind.recording).toMatchObject({ inForce: { version: 2, effectiveOn: TODAY }, acknowledgedCount: 1, clientCount: 3 });
    expect(byKind.recording.outstanding).toEqual([
      { id: ben.id, name: 'Ben', lastAcknowledgedVersion: 1 },
      { id: cai.id, name: 'Cai', lastAcknowledgedVersion: null },
    ]);
    expect(byKind.privacy).toMatchObject({ inForce: { version: 1 }, acknowledgedCount: 1, clientCount: 3 });
    expect(byKind.privacy.outstanding.map((client) => client.name)).toEqual(['Ben', 'Cai']);
    expect(byKind.confidentiality).toEqual({ kind: 'confidentiality', inForce: null, acknowledgedCount: 0, clientCount: 3, outstanding: [] });
  });

  it("shows a therapist their own client's acknowledgements, and nothing of anyone else's client", async () => {
    const { therapist, otherTherapist, ana, cai, publish } = await practiceWithPeople();
    const elsewhere = await practiceWithPeople();
    const v1 = await publish('recording', 1, '2026-01-01');
    await acknowledgeVersions(handle.db, ana, { versionIds: [v1.id] }, testContext(), new Date('2026-02-01T12:00:00Z'));
    const v2 = await publish('recording', 2, TODAY);
    await acknowledgeVersions(handle.db, ana, { versionIds: [v2.id] }, testContext(), NOW);
    await publish('privacy', 1, TODAY);

    const status = await clientPolicyStatus(handle.db, therapist, ana.id, NOW);
    expect(status).toEqual([
      {
        kind: 'recording',
        inForce: { version: 2, effectiveOn: TODAY },
        acknowledgedAt: NOW,
        earlier: [{ version: 1, acknowledgedAt: new Date('2026-02-01T12:00:00Z') }],
      },
      { kind: 'confidentiality', inForce: null, acknowledgedAt: null, earlier: [] },
      { kind: 'privacy', inForce: { version: 1, effectiveOn: TODAY }, acknowledgedAt: null, earlier: [] },
    ]);
    expect(await clientPolicyStatus(handle.db, therapist, cai.id, NOW)).toBeNull();
    expect(await clientPolicyStatus(handle.db, otherTherapist, ana.id, NOW)).toBeNull();
    expect(await clientPolicyStatus(handle.db, elsewhere.therapist, ana.id, NOW)).toBeNull();
  });

  it('keeps every audit chain intact', async () => {
    const reports = await verifyAllChains(handle.db);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.verdict.ok)).toBe(true);
  });
});
