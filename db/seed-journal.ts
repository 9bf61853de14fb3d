// The demo client's journal: a few entries over the last weeks (two about a session, moods for the chart), one shared
// with their therapist and opened by them, all written through the journal's own commands.
import { randomUUID } from 'node:crypto';
import { openSharedEntry, saveEntry, shareEntry } from '../lib/journal/commands';
import { emptyContent, type EntryContent } from '../lib/journal/model';
import type { Actor } from '../lib/platform/actor';
import type { RequestContext } from '../lib/platform/http';
import type { Db } from './client';

interface DemoJournalStory {
  db: Db;
  client: Actor;
  therapist: Actor;
  /** The session `days` from today. */
  sessionOn: (days: number) => { id: string };
  at: (days: number) => Date;
  dateIn: (days: number) => string;
}

interface DemoEntry {
  days: number;
  session?: number;
  content: Partial<EntryContent>;
  share?: true;
}

const prompts = (changes: Partial<EntryContent['prompts']>) => ({ ...emptyContent().prompts, ...changes });

const ENTRIES: DemoEntry[] = [
  { days: -24, content: { title: 'A heavy week', text: 'Hard to get going most mornings.', mood: 4, tags: ['sleep'] } },
  { days: -17, content: { title: 'Slightly better', text: 'Went for a walk at lunch twice.', mood: 5, tags: ['walking'] } },
  {
    days: -10,
    session: -11,
    content: {
      title: 'After the first recorded session',
      prompts: prompts({
        keyPoints: 'The Sunday dread starts on Saturday evening, not Sunday.',
        learned: 'Noticing it early gives me more room to do something about it.',
        practise: 'Box breathing: in for four, hold for four, out for four, hold for four.',
        feeling: 'Lighter than I expected.',
      }),
      mood: 6,
      tags: ['sleep', 'work'],
    },
  },
  {
    days: -6,
    content: {
      title: 'Breathing practice',
      text: 'Tried the **box breathing** three times this week:\n\n- Monday before the team meeting\n- Wednesday in bed\n- Friday on the bus\n\n> It works best when I start before the worry is loud.',
      mood: 6,
      tags: ['breathing'],
    },
  },
  {
    days: -3,
    session: -4,
    share: true,
    content: {
      title: 'To bring to the next session',
      prompts: prompts({ keyPoints: 'The deadline at work, and how it spills into the weekend.', practise: 'Keep the thought record going.' }),
      text: 'Sleeping better since the breathing practice. I would like to talk about the deadline first.',
      mood: 7,
      tags: ['work'],
    },
  },
  { days: 0, content: { title: 'A good day', text: 'Finished the report early and went for a long walk.', mood: 8, tags: ['work', 'walking'] } },
];

function saved<T extends { status: string }>(result: T, what: string, ok: string): T {
  if (result.status !== ok) throw new Error(`${what} was refused: ${JSON.stringify(result)}`);
  return result;
}

/** Writes the demo client's journal entries, shares one with the therapist, who opens it the next day. */
export async function writeDemoJournal(story: DemoJournalStory, context: RequestContext) {
  const { db, client, therapist } = story;
  for (const entry of ENTRIES) {
    const entryId = randomUUID();
    const when = story.at(entry.days);
    const input = {
      baseVersion: 0,
      editor: 'demo-seed-journal',
      seq: 1,
      entryDate: story.dateIn(entry.days),
      appointmentId: entry.session === undefined ? null : story.sessionOn(entry.session).id,
      summaryId: null,
      content: { ...emptyContent(), ...entry.content },
    };
    saved(await saveEntry(db, client, entryId, input, context, when), `the journal entry of ${input.entryDate}`, 'saved');
    if (!entry.share) continue;
    saved(await shareEntry(db, client, { entryId, therapistId: therapist.id }, context, new Date(when.getTime() + 60 * 60 * 1000)), 'sharing a journal entry', 'shared');
    if (!(await openSharedEntry(db, therapist, client.id, entryId, context, story.at(entry.days + 1)))) throw new Error('the therapist could not open the shared entry');
  }
}
