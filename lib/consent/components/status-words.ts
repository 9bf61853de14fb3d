// Plain words for a recording request's status, for whichever of the two people is reading. Client-safe.
import { formatSessionDay } from '@/lib/appointments/model';
import { ALTERNATIVE_LABELS, type Alternative, DISCUSSION_SECTIONS, type Listeners, type Method, type Party, type RequestState } from '../model';

/** What the status lines need of a request summary (lib/consent/queries.ts RequestSummary). */
export interface StatusSummary {
  requestId: string;
  state: RequestState;
  waitingOn: Party[];
  sectionsDiscussed: number;
  activatedAt: Date | null;
  closedAt: Date | null;
  method: Method | null;
  listeners: Listeners | null;
  activeUntil: Date | null;
  untilWithdrawn: boolean;
  sessionCount: number | null;
  alternatives: Alternative[];
  unread: number;
}

export type Tone = 'waiting' | 'active' | 'closed' | 'neutral';

export const TONE_STYLES: Record<Tone, string> = {
  waiting: 'bg-amber-50 text-amber-900 ring-amber-200',
  active: 'bg-hearth-50 text-hearth-800 ring-hearth-100',
  closed: 'bg-stone-100 text-stone-700 ring-stone-200',
  neutral: 'bg-white text-stone-700 ring-stone-300',
};

/** A short badge for a state, as the reader would say it. */
export function stateBadge(state: RequestState | null, reader: Party): { text: string; tone: Tone } {
  switch (state) {
    case null:
      return { text: 'Not discussed', tone: 'neutral' };
    case 'discussing':
      return { text: 'Being discussed', tone: 'waiting' };
    case 'awaiting_signatures':
      return { text: 'Waiting for signatures', tone: 'waiting' };
    case 'active':
      return { text: 'Recording agreed', tone: 'active' };
    case 'declined':
      return { text: reader === 'client' ? 'You said no' : 'Declined', tone: 'closed' };
    case 'withdrawn':
      return { text: 'Withdrawn', tone: 'closed' };
    case 'ended':
      return { text: 'Ended', tone: 'closed' };
  }
}

const METHOD_WORDS: Record<Party, Record<Method, string>> = {
  client: {
    client_upload: 'You record and upload to Hearth’s encrypted vault',
    client_device: 'You record and keep it on your own device',
    therapist_records: 'Your therapist records',
  },
  therapist: {
    client_upload: 'The client records and uploads to Hearth’s encrypted vault',
    client_device: 'The client records and keeps it on their own device',
    therapist_records: 'You record',
  },
};

/** Who may listen, from the reader's side; `other` is the other person's name. */
export function listenersWords(listeners: Listeners, reader: Party, other: string): string {
  if (reader === 'client') return listeners === 'client_only' ? 'Only you' : `You and ${other}`;
  return listeners === 'client_only' ? `Only ${other}` : `${other} and you`;
}

export const methodWords = (method: Method, reader: Party) => METHOD_WORDS[reader][method];

/** Until when an agreement in force runs. */
export function untilWords(summary: Pick<StatusSummary, 'untilWithdrawn' | 'activeUntil' | 'sessionCount'>, timeZone: string): string {
  if (summary.untilWithdrawn) return 'Until either of you withdraws';
  if (summary.activeUntil) return `Until ${formatSessionDay(summary.activeUntil, timeZone)}`;
  if (summary.sessionCount) return `For the next ${summary.sessionCount} ${summary.sessionCount === 1 ? 'session' : 'sessions'}`;
  return 'Until the chosen sessions have taken place';
}

/** Whose turn it is, from the reader's side; null when it is nobody's. */
export function turnWords(summary: Pick<StatusSummary, 'state' | 'waitingOn' | 'sectionsDiscussed'>, reader: Party, other: string): string | null {
  const mine = summary.waitingOn.includes(reader);
  const theirs = summary.waitingOn.some((party) => party !== reader);
  if (summary.state === 'discussing') {
    const progress = `${summary.sectionsDiscussed} of ${DISCUSSION_SECTIONS.length} sections discussed`;
    if (mine && theirs) return `${progress}. Both of you have sections to tick.`;
    if (mine) return `${progress}. Your turn: there are sections for you to tick.`;
    if (theirs) return `${progress}. Waiting for ${other}.`;
    return `${progress}.`;
  }
  if (summary.state === 'awaiting_signatures') {
    if (mine && theirs) return 'Every section is discussed. Waiting for both signatures.';
    if (mine) return `Every section is discussed. Your turn: read the terms and sign${reader === 'client' ? ', or say no' : ''}.`;
    if (theirs) return `Every section is discussed. Waiting for ${other} to sign.`;
  }
  return null;
}

export const alternativesWords = (alternatives: Alternative[]) => alternatives.map((code) => ALTERNATIVE_LABELS[code]);

/** "14 Mar 2025" in the practice's time zone. */
export function shortDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(instant);
}
