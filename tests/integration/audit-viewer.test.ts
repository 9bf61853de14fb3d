import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { practices, users } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { AUDIT_ACTION_OPTIONS, auditQueryString, parseAuditQuery, type AuditQuery } from '@/lib/audit/model';
import { practicePeople, queryAuditEvents } from '@/lib/audit/queries';
import { AUDIT_ACTIONS, type AuditAction } from '@/lib/platform/audit/catalogue';
import { linkChain } from '@/lib/platform/audit/link';
import { recordAudit } from '@/lib/platform/audit/record';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

describe('reading the audit viewer URL', () => {
  const known = { actorIds: new Set(['5b0c3f7e-8a2d-4c1e-9f3a-2d4e6f8a0b1c']) };

  it('keeps valid filters and a cursor', () => {
    const params = { actor: '5b0c3f7e-8a2d-4c1e-9f3a-2d4e6f8a0b1c', action: 'user.deactivated', from: '2025-03-01', to: '2025-03-31', before: '120' };
    expect(parseAuditQuery(params, known)).toEqual({
      query: { actorId: params.actor, action: 'user.deactivated', from: '2025-03-01', to: '2025-03-31', before: 120 },
      problems: [],
    });
  });

  it('treats empty fields as no filter', () => {
    expect(parseAuditQuery({ actor: '', action: '', from: '', to: '' }, known)).toEqual({ query: {}, problems: [] });
  });

  it('ignores each unusable parameter with a message instead of failing', () => {
    const { query, problems } = parseAuditQuery(
      { actor: 'not-a-person', action: ['a', 'b'], from: '2025-02-30', to: 'yesterday', before: '-3' },
      known,
    );
    expect(query).toEqual({});
    expect(problems).toEqual([
      'The person filter was not recognised, so it was ignored.',
      'The action filter was not recognised, so it was ignored.',
      'The From date was not a valid date, so it was ignored.',
      'The To date was not a valid date, so it was ignored.',
      'The page link was not valid, so the newest events are shown.',
    ]);
  });

  it('refuses a To date before the From date', () => {
    const { query, problems } = parseAuditQuery({ from: '2025-03-10', to: '2025-03-09' }, known);
    expect(query).toEqual({});
    expect(problems).toEqual(['The To date is before the From date, so the date range was ignored.']);
  });

  it('refuses both cursors at once', () => {
    expect(parseAuditQuery({ before: '10', after: '5' }, known).query).toEqual({});
  });

  it('writes filters back into links', () => {
    expect(auditQueryString({ action: 'care.ended', from: '2025-01-01', before: 51 })).toBe('?action=care.ended&from=2025-01-01&before=51');
    expect(auditQueryString({})).toBe('');
  });
});

describe.each(testDatabases)('querying the audit trail on $name', (database) => {
  let handle: DatabaseHandle;
  let demo: { id: string; timeZone: string };
  let harbor: { id: string; timeZone: string };
  const idOf = new Map<string, string>();

  /** Records an event as if it happened at `at` (only Date is faked, so database I/O is unaffected). */
  async function eventAt(at: string, practiceId: string, actorEmail: string | null, action: AuditAction, subjectEmail?: string) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(at));
    try {
      await recordAudit(handle.db, {
        practiceId,
        actorId: actorEmail ? idOf.get(actorEmail) : null,
        action,
        subjectType: subjectEmail ? 'user' : undefined,
        subjectId: subjectEmail ? idOf.get(subjectEmail) : undefined,
        context: testContext(),
      });
    } finally {
      vi.useRealTimers();
    }
  }

  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
    for (const row of await handle.db.select({ id: users.id, email: users.email }).from(users)) idOf.set(row.email, row.id);
    const all = await handle.db.select().from(practices);
    const find = (slug: string) => {
      const practice = all.find((p) => p.slug === slug)!;
      return { id: practice.id, timeZone: practice.timeZone };
    };
    demo = find('demo');
    harbor = find('harbor');
    expect(demo.timeZone).toBe('America/New_York');

    // Around 1 March 2025 in New York (UTC-5): the day runs from 05:00 UTC to 05:00 UTC.
    await eventAt('2025-03-01T04:30:00Z', demo.id, 'admin@demo.test', 'user.deactivated');
    await eventAt('2025-03-01T05:30:00Z', demo.id, 'therapist@demo.test', 'user.reactivated', 'client@demo.test');
    await eventAt('2025-03-02T04:59:00Z', demo.id, 'therapist@demo.test', 'user.deactivated');
    await eventAt('2025-03-02T05:00:00Z', demo.id, null, 'user.reactivated', 'client@harbor.test');
    await eventAt('2025-03-01T12:00:00Z', harbor.id, 'admin@harbor.test', 'user.deactivated');
    await eventAt('2025-03-01T12:00:00Z', harbor.id, 'therapist@harbor.test', 'care.ended');
  });
  afterAll(() => handle?.close());
  afterEach(() => vi.useRealTimers());

  const query = (practice: { id: string; timeZone: string }, filters: AuditQuery, pageSize?: number) =>
    queryAuditEvents(handle.db, practice, filters, pageSize);

  it('shows only the practice’s own events, newest first, with names from the practice only', async () => {
    const { rows } = await query(demo, {});
    expect(rows.map((row) => row.action)).toEqual(['user.reactivated', 'user.deactivated', 'user.reactivated', 'user.deactivated']);
    expect(rows.map((row) => row.actorName)).toEqual([null, 'Dr. Robin Hale', 'Dr. Robin Hale', 'Avery Admin']);
    expect(rows[0].actorId).toBeNull();
    // A subject from another practice is never named.
    expect(rows[0].subjectName).toBeNull();
    expect(rows[2].subjectName).toBe('Jordan Lee');
  });

  it('offers only the practice’s people, and every catalogued action by its label, as filters', async () => {
    const people = await practicePeople(handle.db, demo.id);
    expect(AUDIT_ACTION_OPTIONS).toEqual(Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label })));
    expect(AUDIT_ACTION_OPTIONS).toContainEqual({ value: 'user.deactivated', label: 'Account deactivated' });
    // An action outside the catalogue is not a filter, whatever the table holds.
    expect(parseAuditQuery({ action: 'test.alpha' }, { actorIds: new Set() }).query).toEqual({});
    expect(people.map((person) => person.id)).toContain(idOf.get('admin@demo.test'));
    expect(people.map((person) => person.id)).not.toContain(idOf.get('admin@harbor.test'));
  });

  it('filters by person and by action', async () => {
    const byTherapist = await query(demo, { actorId: idOf.get('therapist@demo.test') });
    expect(byTherapist.rows).toHaveLength(2);
    const alphas = await query(demo, { action: 'user.deactivated' });
    expect(alphas.rows.map((row) => row.actorName)).toEqual(['Dr. Robin Hale', 'Avery Admin']);
    const both = await query(demo, { action: 'user.deactivated', actorId: idOf.get('admin@demo.test') });
    expect(both.rows).toHaveLength(1);
  });

  it('reads From and To as whole days in the practice time zone', async () => {
    const firstOfMarch = await query(demo, { from: '2025-03-01', to: '2025-03-01' });
    expect(firstOfMarch.rows.map((row) => row.createdAt.toISOString())).toEqual(['2025-03-02T04:59:00.000Z', '2025-03-01T05:30:00.000Z']);
    const fromSecond = await query(demo, { from: '2025-03-02' });
    expect(fromSecond.rows.map((row) => row.createdAt.toISOString())).toEqual(['2025-03-02T05:00:00.000Z']);
    const untilFeb = await query(demo, { to: '2025-02-28' });
    expect(untilFeb.rows.map((row) => row.createdAt.toISOString())).toEqual(['2025-03-01T04:30:00.000Z']);
    // The same instants fall on other days in Dublin.
    const dublin = await query({ id: demo.id, timeZone: 'Europe/Dublin' }, { from: '2025-03-01', to: '2025-03-01' });
    expect(dublin.rows.map((row) => row.createdAt.toISOString())).toEqual(['2025-03-01T05:30:00.000Z', '2025-03-01T04:30:00.000Z']);
  });

  it('never returns another practice’s rows, even for its people or actions', async () => {
    expect((await query(demo, { actorId: idOf.get('therapist@harbor.test') })).rows).toEqual([]);
    expect((await query(demo, { action: 'care.ended' })).rows).toEqual([]);
    const harborRows = (await query(harbor, {})).rows;
    expect(harborRows.map((row) => row.action).sort()).toEqual(['care.ended', 'user.deactivated']);
  });

  it('pages through 50 at a time in both directions, keeping the filters', async () => {
    for (let i = 0; i < 120; i++) {
      await recordAudit(handle.db, { practiceId: demo.id, actorId: idOf.get('admin@demo.test'), action: 'auth.signin', context: testContext() });
    }
    const filters: AuditQuery = { action: 'auth.signin' };
    const first = await query(demo, filters);
    expect(first.rows).toHaveLength(50);
    expect(first.newerCursor).toBeUndefined();
    expect(first.olderCursor).toBe(first.rows.at(-1)!.id);

    const second = await query(demo, { ...filters, before: first.olderCursor });
    expect(second.rows).toHaveLength(50);
    expect(second.rows[0].id).toBeLessThan(first.rows.at(-1)!.id);
    const third = await query(demo, { ...filters, before: second.olderCursor });
    expect(third.rows).toHaveLength(20);
    expect(third.olderCursor).toBeUndefined();
    expect(third.rows.every((row) => row.action === 'auth.signin')).toBe(true);

    const backToSecond = await query(demo, { ...filters, after: third.newerCursor });
    expect(backToSecond.rows.map((row) => row.id)).toEqual(second.rows.map((row) => row.id));
    const backToFirst = await query(demo, { ...filters, after: backToSecond.newerCursor });
    expect(backToFirst.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
    expect(backToFirst.newerCursor).toBeUndefined();

    const seen = new Set([...first.rows, ...second.rows, ...third.rows].map((row) => row.id));
    expect(seen.size).toBe(120);

    // Pages are the same before and after the linker has given the rows their place in the chain.
    expect(await linkChain(handle.db, demo.id)).toBeGreaterThan(0);
    expect((await query(demo, { ...filters, before: first.olderCursor })).rows).toEqual(second.rows);

    // Unfiltered, the older test events sit on the last page after the bulk ones.
    const unfilteredLast = await query(demo, { before: third.rows.at(-1)!.id });
    expect(unfilteredLast.rows.map((row) => row.action)).toEqual(['user.reactivated', 'user.deactivated', 'user.reactivated', 'user.deactivated']);
  });

  it('keeps every audit chain intact', async () => {
    const reports = await verifyAllChains(handle.db);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.verdict.ok)).toBe(true);
  });
});
