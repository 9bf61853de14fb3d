// PGlite runs no autovacuum, so its planner knows nothing of how tables have grown until it is told. Without
// statistics it sorted a client's whole journal for every page; the hourly maintenance job (and opening a database
// folder) refresh them. PGlite only: PostgreSQL's autovacuum keeps its own.
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onQuery, openPglite, type DatabaseHandle } from '@/db/client';
import { NO_FILTER, entriesPage } from '@/lib/journal/queries';
import { jobHandlers } from '@/lib/runtime/jobs';
import type { Job } from '@/db/schema';
import { createPracticeWithPeople, type PracticeWithPeople } from '../helpers/factories';

const ENTRIES = 3000;

describe('planner statistics on PGlite', () => {
  let handle: DatabaseHandle;
  let people: PracticeWithPeople;

  beforeAll(async () => {
    handle = await openPglite();
    people = await createPracticeWithPeople(handle.db);
    // A long journal, written straight into the table: the plan is what is tested, never the sealed text.
    await handle.db.execute(sql`
      insert into journal_entries (practice_id, client_id, entry_date, content_sealed, mood_index)
      select ${people.practice.id}::uuid, ${people.client.id}::uuid, date '2026-11-27' - (n / 3), repeat('x', 900), 'mood-' || (n % 10)
      from generate_series(1, ${ENTRIES}) as n`);
  });
  afterAll(() => handle?.close());

  /** The plan of the journal list's first page, as the list runs it. */
  async function planOfFirstPage(): Promise<string> {
    const statements: { query: string; params: unknown[] }[] = [];
    const stop = onQuery((query, params) => statements.push({ query, params }));
    try {
      const page = await entriesPage(handle.db, people.client.id, NO_FILTER, 1);
      expect(page.rows).toHaveLength(20);
      expect(page.more).toBe(true);
    } finally {
      stop();
    }
    const [list] = statements.filter((statement) => /from "journal_entries"/.test(statement.query) && /limit/.test(statement.query));
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const explained = await client.query<{ 'QUERY PLAN': string }>(`explain ${list.query}`, list.params);
    return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  it('reads a page of a long journal from its index once the maintenance job has run, instead of sorting every entry', async () => {
    expect(await planOfFirstPage()).toMatch(/Sort/);

    await jobHandlers['maintenance.purge']({}, { db: handle.db, now: new Date(), job: {} as Job });

    const plan = await planOfFirstPage();
    expect(plan).toContain('Index Scan using journal_entries_list_idx');
    expect(plan).not.toMatch(/Sort/);
  });
});
