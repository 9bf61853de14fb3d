// Seeds the practice of bench/journal.mjs into the database the environment names (DATA_DIR or DATABASE_URL):
//
//   bench-journal  one therapist and two clients in their care: writer@journal.bench.test with 5,000 journal entries
//                  (five a day over the last thousand days, each with prompts, free writing, a mood and tags), written
//                  through the journal's own command, so they are sealed and indexed as a client's would be; and
//                  empty@journal.bench.test with none.
//
// Password `hearth-demo` for everyone (the demo's). BENCH_JOURNAL_ENTRIES changes the count.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { openFromEnvironment } from '../db/client';
import { practices, users } from '../db/schema';
import { type SeedPractice, seedDemo } from '../db/seed';
import { saveEntry } from '../lib/journal/commands';
import { emptyContent } from '../lib/journal/model';
import type { Actor } from '../lib/platform/actor';
import { todayInTimeZone } from '../lib/platform/clock';

const ENTRIES = Number(process.env.BENCH_JOURNAL_ENTRIES || 5000);
const PER_DAY = 5;
const TIME_ZONE = 'America/New_York';
const CONTEXT = { ip: '127.0.0.1', userAgent: 'Hearth journal benchmark seed' };

const PRACTICE: SeedPractice = {
  slug: 'bench-journal',
  name: 'Journal Bench Practice',
  timeZone: TIME_ZONE,
  people: [
    { email: 'admin@journal.bench.test', name: 'Journal Admin', role: 'admin' },
    { email: 'therapist@journal.bench.test', name: 'Dr. Journal Therapist', role: 'therapist' },
    { email: 'writer@journal.bench.test', name: 'Writer Bench', role: 'client' },
    { email: 'empty@journal.bench.test', name: 'Empty Bench', role: 'client' },
  ],
  care: [
    ['writer@journal.bench.test', 'therapist@journal.bench.test'],
    ['empty@journal.bench.test', 'therapist@journal.bench.test'],
  ],
};

// Words of everyday reflection; "breathing" is one of them, so a search for it finds a share of the entries.
const WORDS = (
  'breathing sleep work deadline weekend walk river family sister mother friend anxious calm tired hopeful worry ' +
  'morning evening night meeting email phone coffee tea bus train kitchen garden rain sunny cold warm noticed felt ' +
  'thought realised practised tried managed remembered forgot wanted needed planned talked listened wrote read ' +
  'today yesterday tomorrow again slowly quickly often sometimes never always better worse lighter heavier ' +
  'exercise routine habit boundary patience kindness gratitude progress setback pattern trigger response choice ' +
  'body shoulders chest stomach headache appetite energy focus attention memory dream plan goal step small ' +
  'conversation argument apology support request message silence music book film series game run swim yoga ' +
  'therapy session homework worksheet journal notes question answer feeling emotion sadness anger joy relief fear'
).split(/\s+/);
const TAGS = ['sleep', 'work', 'family', 'breathing', 'walking', 'anxiety', 'gratitude', 'routine', 'friends', 'health', 'mood', 'homework'];

/** A small deterministic generator, so every run seeds the same journal. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const sentence = (words: number) => {
    const text = Array.from({ length: words }, () => pick(WORDS)).join(' ');
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  };
  return { next, pick, sentence };
}

const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

async function main() {
  const handle = await openFromEnvironment();
  try {
    const db = handle.db;
    await seedDemo(db, [PRACTICE]);
    const [practice] = await db.select({ id: practices.id }).from(practices).where(eq(practices.slug, PRACTICE.slug));
    const [writer] = await db.select({ id: users.id }).from(users).where(and(eq(users.practiceId, practice.id), eq(users.email, 'writer@journal.bench.test')));
    const client: Actor = { id: writer.id, practiceId: practice.id, role: 'client', timeZone: TIME_ZONE };
    const today = todayInTimeZone(TIME_ZONE);
    const random = generator(20_260_301);
    const started = Date.now();
    for (let i = 0; i < ENTRIES; i++) {
      const sentences = (count: number) => Array.from({ length: count }, () => random.sentence(6 + Math.floor(random.next() * 8))).join(' ');
      const content = {
        ...emptyContent(),
        title: random.sentence(3).slice(0, -1),
        prompts: { keyPoints: sentences(2), learned: sentences(1), practise: random.next() < 0.5 ? sentences(1) : '', feeling: sentences(1) },
        text: random.next() < 0.6 ? sentences(3) : '',
        mood: 1 + Math.floor(random.next() * 10),
        tags: [...new Set([random.pick(TAGS), random.pick(TAGS)])],
      };
      const result = await saveEntry(
        db,
        client,
        randomUUID(),
        { baseVersion: 0, editor: 'bench-journal-seed', seq: 1, entryDate: daysBefore(today, Math.floor(i / PER_DAY)), appointmentId: null, summaryId: null, content },
        CONTEXT,
      );
      if (result.status !== 'saved') throw new Error(`entry ${i} was refused: ${JSON.stringify(result)}`);
      if ((i + 1) % 500 === 0) console.log(`journal bench seed: ${i + 1} of ${ENTRIES} entries (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    console.log(JSON.stringify({ writer: 'writer@journal.bench.test', empty: 'empty@journal.bench.test', entries: ENTRIES }));
  } finally {
    await handle.close();
  }
}

await main();
