// The editor's autosave, kept outside React so that a save outlives the page that started it: navigating away, the tab
// being hidden or closed, or the page being swapped for the entry's own URL all keep what was typed, in memory only
// (nothing is written to the device). One controller per entry per tab; the editor subscribes to it.
import { routes } from '@/lib/routes';
import {
  AUTOSAVE_DELAY_MS,
  FIELD_LABELS,
  FIELD_MAX,
  PROMPT_KEYS,
  TAG_MAX,
  TAGS_MAX,
  TITLE_MAX,
  formatTags,
  mergeDrafts,
  parseTags,
  tooLongMessage,
  type AutosaveStatus,
  type EntryDraft,
  type SaveAnswer,
  type SaveRequest,
} from '../model';

/** How long to wait before trying again after a failure the person cannot fix (a dropped connection, a server error). */
const RETRY_MS = 5000;
// Browsers refuse keepalive bodies over 64 KiB; a larger draft leaving the page is sent as an ordinary request.
const KEEPALIVE_MAX_BYTES = 60 * 1024;

export interface Conflict {
  version: number;
  savedAt: string;
  draft: EntryDraft;
}

export interface AutosaveSnapshot {
  draft: EntryDraft;
  /** The tags as typed (the draft holds them parsed). */
  tagsText: string;
  status: AutosaveStatus;
  message: string | null;
  errors: Record<string, string[]>;
  conflict: Conflict | null;
  /** Whether the entry exists on the server (its first save is done). */
  created: boolean;
  savedAt: string | null;
}

const randomEditorId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Limits checked before sending, with the same words the server would answer. */
function localErrors(draft: EntryDraft): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const { content } = draft;
  if (content.title.length > TITLE_MAX) errors.title = [tooLongMessage(FIELD_LABELS.title, TITLE_MAX)];
  for (const key of PROMPT_KEYS) if (content.prompts[key].length > FIELD_MAX) errors[key] = [tooLongMessage(FIELD_LABELS[key], FIELD_MAX)];
  if (content.text.length > FIELD_MAX) errors.text = [tooLongMessage(FIELD_LABELS.text, FIELD_MAX)];
  if (content.tags.length > TAGS_MAX) errors.tags = [`Use at most ${TAGS_MAX} tags.`];
  else if (content.tags.some((tag) => tag.length > TAG_MAX)) errors.tags = [`Keep each tag under ${TAG_MAX} characters.`];
  return errors;
}

export class EntryAutosave {
  readonly editor = randomEditorId();
  private seq = 0;
  private appliedSeq = 0;
  private savedVersion: number;
  private savedJson: string;
  private inFlight = 0;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private snapshot: AutosaveSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly entryId: string,
    version: number,
    draft: EntryDraft,
    private readonly summaryId: string | null,
  ) {
    this.savedVersion = version;
    this.savedJson = version > 0 ? JSON.stringify(draft) : '';
    this.snapshot = { draft, tagsText: formatTags(draft.content.tags), status: version > 0 ? 'saved' : 'idle', message: null, errors: {}, conflict: null, created: version > 0, savedAt: null };
  }

  get version() {
    return this.savedVersion;
  }

  getSnapshot = () => this.snapshot;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(changes: Partial<AutosaveSnapshot>) {
    this.snapshot = { ...this.snapshot, ...changes };
    for (const listener of this.listeners) listener();
  }

  /** Unsaved changes: the draft differs from what the server last confirmed (a new, untouched entry has none). */
  get dirty() {
    return this.snapshot.status !== 'idle' && JSON.stringify(this.snapshot.draft) !== this.savedJson;
  }

  /** Unsaved changes that leaving the page now might lose. */
  get atRisk() {
    if (!this.dirty) return false;
    const stuck: AutosaveStatus[] = ['offline', 'conflict', 'invalid', 'error'];
    return stuck.includes(this.snapshot.status) || !navigator.onLine || this.body().length > KEEPALIVE_MAX_BYTES;
  }

  /** The person changed something: saved after a quiet moment (not while a conflict waits for their choice). */
  edit(draft: EntryDraft, tagsText?: string) {
    this.set({ draft, tagsText: tagsText ?? this.snapshot.tagsText, errors: {} });
    if (this.snapshot.conflict) return;
    if (this.snapshot.status === 'idle' || this.snapshot.status === 'saved' || this.snapshot.status === 'invalid') this.set({ status: 'pending', message: null });
    this.schedule(AUTOSAVE_DELAY_MS);
  }

  editTags(tagsText: string) {
    const { draft } = this.snapshot;
    this.edit({ ...draft, content: { ...draft.content, tags: parseTags(tagsText) } }, tagsText);
  }

  private schedule(delay: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, delay);
  }

  private body(seq = this.seq) {
    const request: SaveRequest = {
      ...this.snapshot.draft,
      baseVersion: this.savedVersion,
      editor: this.editor,
      seq,
      summaryId: this.savedVersion === 0 ? this.summaryId : null,
    };
    return JSON.stringify(request);
  }

  /** Saves now: the usual way after a pause, or (`leaving`) at once and with keepalive, as the page goes away. */
  async save(options: { leaving?: boolean } = {}) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.snapshot.conflict) return;
    if (!this.dirty) {
      // Changed and changed back: nothing to save.
      if (this.snapshot.status === 'pending') this.set({ status: 'saved' });
      return;
    }
    const errors = localErrors(this.snapshot.draft);
    if (Object.keys(errors).length > 0) return this.set({ status: 'invalid', errors, message: 'please check the highlighted fields.' });
    if (!navigator.onLine) return this.set({ status: 'offline', message: null });
    // One save at a time, each naming the version the last one returned; leaving the page does not wait (the server
    // recognises this editor's own earlier save).
    if (this.inFlight > 0 && !options.leaving) {
      this.again = true;
      return;
    }
    const seq = ++this.seq;
    const sentJson = JSON.stringify(this.snapshot.draft);
    const body = this.body(seq);
    this.inFlight += 1;
    this.set({ status: 'saving', message: null });
    let answer: SaveAnswer | null;
    try {
      const response = await fetch(routes.apiJournalEntry(this.entryId), {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body,
        credentials: 'same-origin',
        cache: 'no-store',
        keepalive: !!options.leaving && body.length <= KEEPALIVE_MAX_BYTES,
      });
      answer = (await response.json().catch(() => ({ status: 'refused', message: `Not saved yet (the server answered ${response.status}).` }))) as SaveAnswer;
    } catch {
      answer = null;
    } finally {
      this.inFlight -= 1;
    }
    this.receive(seq, sentJson, answer);
    if (this.again && this.inFlight === 0) {
      this.again = false;
      if (this.dirty && this.snapshot.status !== 'conflict') void this.save();
    }
  }

  private receive(seq: number, sentJson: string, answer: SaveAnswer | null) {
    if (answer === null) {
      // No answer: the connection dropped (whether the save arrived is unknown; the next one is safe either way).
      this.set({ status: navigator.onLine ? 'error' : 'offline', message: null });
      return this.schedule(RETRY_MS);
    }
    switch (answer.status) {
      case 'saved': {
        if (seq <= this.appliedSeq) return;
        const firstSave = this.savedVersion === 0;
        this.appliedSeq = seq;
        this.savedVersion = answer.version;
        this.savedJson = sentJson;
        this.set({ created: true, savedAt: answer.savedAt, status: this.dirty ? 'pending' : 'saved', message: null });
        if (firstSave) onFirstSave(this.entryId);
        if (this.dirty) this.schedule(AUTOSAVE_DELAY_MS);
        return;
      }
      case 'superseded':
        return;
      case 'conflict':
        if (seq < this.appliedSeq) return;
        return this.set({ status: 'conflict', message: null, conflict: { version: answer.current.version, savedAt: answer.current.savedAt, draft: answer.current } });
      case 'invalid':
        return this.set({ status: 'invalid', message: answer.message, errors: answer.errors });
      case 'not-found':
        return this.set({ status: 'error', message: answer.message });
      case 'refused':
        this.set({ status: 'error', message: answer.message });
        return this.schedule(RETRY_MS);
    }
  }

  // The person's choice after a conflict: each saves on top of the version saved elsewhere, or takes it as it is.

  keepMine() {
    const conflict = this.snapshot.conflict;
    if (!conflict) return;
    this.savedVersion = conflict.version;
    this.savedJson = JSON.stringify(conflict.draft);
    this.set({ conflict: null, status: 'pending' });
    void this.save();
  }

  takeSaved() {
    const conflict = this.snapshot.conflict;
    if (!conflict) return;
    this.savedVersion = conflict.version;
    this.savedJson = JSON.stringify(conflict.draft);
    this.set({ conflict: null, draft: conflict.draft, tagsText: formatTags(conflict.draft.content.tags), status: 'saved', savedAt: conflict.savedAt });
  }

  combine() {
    const conflict = this.snapshot.conflict;
    if (!conflict) return;
    const draft = mergeDrafts(this.snapshot.draft, conflict.draft);
    this.savedVersion = conflict.version;
    this.savedJson = JSON.stringify(conflict.draft);
    this.set({ conflict: null, draft, tagsText: formatTags(draft.content.tags), status: 'pending' });
    void this.save();
  }

  /** Back online: what waited is saved now. */
  resume() {
    if (this.dirty && (this.snapshot.status === 'offline' || this.snapshot.status === 'error')) void this.save();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// One controller per entry in this tab, and the page-wide events every one of them listens to.

const controllers = new Map<string, EntryAutosave>();
let listening = false;

/** After a new entry's first save, the address becomes the entry's own, so a reload opens it. */
function onFirstSave(entryId: string) {
  if (window.location.pathname === routes.portalJournalNew) window.history.replaceState(null, '', routes.portalJournalEntry(entryId));
}

function listen() {
  if (listening) return;
  listening = true;
  window.addEventListener('online', () => controllers.forEach((controller) => controller.resume()));
  const leave = () => controllers.forEach((controller) => void controller.save({ leaving: true }));
  window.addEventListener('pagehide', leave);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') leave();
  });
  // What cannot be sent as the page goes (offline, too large for a request that outlives it): the browser asks first.
  window.addEventListener('beforeunload', (event) => {
    if ([...controllers.values()].some((controller) => controller.atRisk)) event.preventDefault();
  });
}

/**
 * The entry's controller in this tab: the one already editing it (with whatever was typed and not yet saved) unless
 * the server holds a newer version and nothing here is unsaved. On the server a throwaway one, never kept.
 */
export function autosaveFor(entryId: string, version: number, draft: EntryDraft, summaryId: string | null): EntryAutosave {
  if (typeof window === 'undefined') return new EntryAutosave(entryId, version, draft, summaryId);
  listen();
  const existing = controllers.get(entryId);
  if (existing && (existing.dirty || existing.version >= version)) return existing;
  const fresh = new EntryAutosave(entryId, version, draft, summaryId);
  controllers.set(entryId, fresh);
  return fresh;
}
