// The client's journal: what an entry holds, its limits, and the words the pages use. Client-safe: no server imports.

/** The guided prompts, in the order the form shows them. */
export const PROMPTS = [
  { key: 'keyPoints', label: 'Key points', hint: 'What stood out from the session, in your own words.' },
  { key: 'learned', label: 'What I learned', hint: 'About yourself, a situation, or a way of seeing it.' },
  { key: 'practise', label: 'What I want to practise', hint: 'Something to try before the next session.' },
  { key: 'feeling', label: 'How I feel', hint: 'Right now, or about what came up.' },
] as const;

export type PromptKey = (typeof PROMPTS)[number]['key'];
export const PROMPT_KEYS = PROMPTS.map((prompt) => prompt.key) as PromptKey[];

/** What a person writes in one entry: sealed at rest as one document under their own key. */
export interface EntryContent {
  title: string;
  prompts: Record<PromptKey, string>;
  /** Free writing, with light Markdown. */
  text: string;
  /** 1 (very low) to 10 (very good), or not given. */
  mood: number | null;
  tags: string[];
}

/** Everything the editor saves: the content, and what is kept in clear beside it. */
export interface EntryDraft {
  /** The entry's day, YYYY-MM-DD. */
  entryDate: string;
  /** The past session it is about, if any. */
  appointmentId: string | null;
  content: EntryContent;
}

export const TITLE_MAX = 200;
/** Per prompt and for the free writing. */
export const FIELD_MAX = 20_000;
export const TAG_MAX = 40;
export const TAGS_MAX = 20;
export const MOOD_MIN = 1;
export const MOOD_MAX = 10;
export const MOODS = Array.from({ length: MOOD_MAX - MOOD_MIN + 1 }, (_, i) => MOOD_MIN + i);

/** Entries per page of the list and of search results; only the page shown is decrypted. */
export const PAGE_SIZE = 20;
/** The mood chart's default range. */
export const CHART_DAYS = 90;
/** Quiet time after the last keystroke before a draft is saved. */
export const AUTOSAVE_DELAY_MS = 800;

export const emptyContent = (): EntryContent => ({
  title: '',
  prompts: { keyPoints: '', learned: '', practise: '', feeling: '' },
  text: '',
  mood: null,
  tags: [],
});

/** The words of one field, for messages. */
export const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  text: 'Free writing',
  mood: 'Mood',
  tags: 'Tags',
  entryDate: 'Date',
  appointmentId: 'Session',
  ...Object.fromEntries(PROMPTS.map((prompt) => [prompt.key, prompt.label])),
};

export const tooLongMessage = (label: string, max: number) => `Keep “${label}” under ${max.toLocaleString('en-GB')} characters.`;

/**
 * Tags as typed ("sleep, Work,  sleep") to the list kept: trimmed, inner spaces collapsed, the first spelling of each
 * kept once (compared without case).
 */
export function parseTags(input: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of input.split(',')) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    const key = tag.toLocaleLowerCase('en');
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

export const formatTags = (tags: string[]) => tags.join(', ');

/** The first words of an entry, for lists: the first field written in, as plain as it was typed. */
export function excerptOf(content: EntryContent, length = 160): string {
  const first = [...PROMPT_KEYS.map((key) => content.prompts[key]), content.text].find((value) => value.trim() !== '') ?? '';
  const flat = first.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1).trimEnd()}…` : flat;
}

export const titleOf = (content: Pick<EntryContent, 'title'>) => content.title.trim() || 'Untitled entry';

/** Two texts as one: the same or one empty gives the other; one containing the other gives the longer; else both. */
function mergeText(mine: string, saved: string): string {
  if (mine === saved || saved.trim() === '' || mine.includes(saved)) return mine;
  if (mine.trim() === '' || saved.includes(mine)) return saved;
  return `${saved.trimEnd()}\n\n${mine.trimStart()}`;
}

/**
 * "Combine both" after a conflict: every written part keeps what each version added (the saved version's words first),
 * tags from both, and this page's title, date, session and mood where given.
 */
export function mergeDrafts(mine: EntryDraft, saved: EntryDraft): EntryDraft {
  const a = mine.content;
  const b = saved.content;
  return {
    entryDate: mine.entryDate,
    appointmentId: mine.appointmentId ?? saved.appointmentId,
    content: {
      title: a.title.trim() ? a.title : b.title,
      prompts: Object.fromEntries(PROMPT_KEYS.map((key) => [key, mergeText(a.prompts[key], b.prompts[key])])) as Record<PromptKey, string>,
      text: mergeText(a.text, b.text),
      mood: a.mood ?? b.mood,
      tags: parseTags([...b.tags, ...a.tags].join(',')),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The autosave route's answers (PUT /api/journal/entries/{id}).

/** A save names the version it edited, the editor (one page in one tab) and that editor's running number. */
export interface SaveRequest extends EntryDraft {
  baseVersion: number;
  editor: string;
  seq: number;
  /** On the first save only: the therapist's summary it was started from. */
  summaryId?: string | null;
}

export type SaveAnswer =
  | { status: 'saved'; version: number; savedAt: string }
  /** A later save from the same editor got there first: nothing to do. */
  | { status: 'superseded'; version: number }
  /** Someone else saved since this editor's version: both are shown, nothing is overwritten. */
  | { status: 'conflict'; current: EntryDraft & { version: number; savedAt: string } }
  | { status: 'invalid'; message: string; errors: Record<string, string[]> }
  | { status: 'not-found'; message: string }
  | { status: 'refused'; message: string };

export type AutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'conflict' | 'invalid' | 'error';

/** What the status line says. */
export const AUTOSAVE_WORDS: Record<AutosaveStatus, string> = {
  idle: 'Start writing: your entry saves as you type.',
  pending: 'Saving…',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Offline — will save when you’re back online',
  conflict: 'Conflict — this entry was changed in another tab or window',
  invalid: 'Not saved',
  error: 'Not saved yet — trying again',
};

export const NOT_FOUND_MESSAGE = 'This entry does not exist, or was deleted.';

// ---------------------------------------------------------------------------------------------------------------------
// Lists, search and sharing as the pages show them.

/** Moments as ISO strings: the same shape in a page's props and in the search route's JSON. */
export interface ShareStatus {
  therapistId: string;
  therapistName: string;
  sharedAt: string;
  firstOpenedAt: string | null;
  lastOpenedAt: string | null;
}

export interface EntryListItem {
  id: string;
  entryDate: string;
  title: string;
  excerpt: string;
  mood: number | null;
  tags: string[];
  share: ShareStatus | null;
}

/** One page of entries, the latest first. */
export interface EntryPage {
  entries: EntryListItem[];
  page: number;
  /** How many entries the journal holds; null for a search, which reads no further than the page it shows. */
  total: number | null;
  /** Whether another page follows. */
  more: boolean;
}

/** Search criteria as the search form sends them (POST /api/journal/search): never in a URL. */
export interface SearchCriteria {
  words: string;
  tags: string;
  from: string;
  to: string;
  moodMin: string;
  moodMax: string;
  page: number;
}

export const SEARCH_WORDS_MAX = 200;

/** One day of the mood chart: the mood of that day's entries (their average when several). */
export interface MoodPoint {
  date: string;
  mood: number;
  entries: number;
}
