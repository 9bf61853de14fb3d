// Names, limits and shapes of appointments, shared by client components and the server: no server imports here.
import { dateFormat } from '@/lib/platform/clock';

export const CHANNELS = ['in_person', 'telehealth'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  in_person: 'In person',
  telehealth: 'Telehealth',
};

export type AppointmentStatus = 'scheduled' | 'cancelled';

/** Length of a session in minutes; the same range as the table's CHECK (a unit test keeps them equal). */
export const DURATION_MINUTES = { min: 5, max: 600 } as const;

/**
 * How far from today (in the practice's time zone) a session may be: from the same calendar day
 * one year ago (past sessions can be recorded after the fact) to the same day one year ahead.
 * Anything further is almost always a typo in the year; Hearth is not a long-range scheduler.
 */
export const WINDOW_YEARS = 1;

/** A CSV import: at most this many sessions and this many bytes of text. */
export const IMPORT_MAX_ROWS = 500;
export const IMPORT_MAX_BYTES = 100 * 1024;

/** The header a CSV import must have (any order, any case; other columns are ignored). */
export const IMPORT_COLUMNS = ['date', 'start', 'duration', 'channel'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Why a session (typed or imported) is refused. */
export type SessionProblem =
  | 'bad-date'
  | 'out-of-window'
  | 'bad-time'
  | 'nonexistent-time'
  | 'bad-duration'
  | 'unknown-channel'
  | 'duplicate-existing'
  | 'duplicate-in-file';

export const SESSION_PROBLEM_MESSAGES: Record<SessionProblem, string> = {
  'bad-date': 'Write the date as YYYY-MM-DD, for example 2025-03-14.',
  'out-of-window': 'Choose a date within one year of today, before or after.',
  'bad-time': 'Write the start time as HH:MM on a 24-hour clock, for example 09:30 or 16:00.',
  'nonexistent-time': 'That time does not exist on that day: the clocks go forward then. Choose a time outside the skipped hour.',
  'bad-duration': `Enter the length in whole minutes, from ${DURATION_MINUTES.min} to ${DURATION_MINUTES.max}.`,
  'unknown-channel': 'Use “in person” or “telehealth” (or “video”, “phone”, “online”).',
  'duplicate-existing': 'A session already starts at this time.',
  'duplicate-in-file': 'An earlier row in this list starts at the same time.',
};

/** The form field a problem belongs to. */
export const PROBLEM_FIELD: Record<SessionProblem, 'date' | 'start' | 'duration' | 'channel'> = {
  'bad-date': 'date',
  'out-of-window': 'date',
  'bad-time': 'start',
  'nonexistent-time': 'start',
  'bad-duration': 'duration',
  'unknown-channel': 'channel',
  'duplicate-existing': 'start',
  'duplicate-in-file': 'start',
};

/** One row of an import preview, as the therapist sees it: what they wrote and what becomes of it. */
export interface ImportPreviewRow {
  /** Line number in the text (the header is line 1). */
  line: number;
  date: string;
  start: string;
  duration: string;
  channel: string;
  /** Present when the row will be added. */
  accepted?: { startsAt: string; durationMinutes: number; channel: Channel; ambiguous: boolean };
  problems: SessionProblem[];
}

/** What the preview step of an import returns, and what the save step re-checks. */
export interface ImportPreview {
  rows: ImportPreviewRow[];
  /** How many rows will be added. */
  addCount: number;
  /** A digest of exactly the rows that will be added; the save refuses if it no longer matches. */
  digest: string;
  /** The text this preview is of. */
  csv: string;
}

/** Problems with the list as a whole, before any row is looked at. */
export type ImportFileProblem = 'empty' | 'too-large' | 'too-many-rows' | 'bad-header' | 'unterminated-quote';

export const IMPORT_FILE_MESSAGES: Record<ImportFileProblem, string> = {
  empty: 'Paste a list of sessions, or choose a CSV file.',
  'too-large': `The list is larger than ${IMPORT_MAX_BYTES / 1024} KB. Split it into smaller lists.`,
  'too-many-rows': `The list has more than ${IMPORT_MAX_ROWS} sessions. Split it into smaller lists.`,
  'bad-header': `The first line must name the columns: ${IMPORT_COLUMNS.join(',')}.`,
  'unterminated-quote': 'A quoted value is not closed: check the quotation marks in the list.',
};

function zoneNameIn(locale: string, instant: Date, timeZone: string): string {
  const parts = dateFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(instant);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * The zone's short name at that instant: "EDT" or "BST" where a locale knows one (American names
 * from en-US, British and Irish from en-GB), else the offset ("GMT+10").
 */
export function zoneAbbreviation(instant: Date, timeZone: string): string {
  const american = zoneNameIn('en-US', instant, timeZone);
  if (!/^GMT[+-]/.test(american)) return american;
  const british = zoneNameIn('en-GB', instant, timeZone);
  return /^GMT[+-]/.test(british) ? american : british;
}

/** A session's local date and time in the practice, and the zone's short name then (e.g. "EDT"). */
export function localParts(instant: Date, timeZone: string) {
  const parts = dateFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
    zone: zoneAbbreviation(instant, timeZone),
  };
}

/** "Friday 14 March 2025" in the practice's time zone. */
export function formatSessionDay(instant: Date, timeZone: string): string {
  return dateFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
}

/** "09:30–10:20 EDT" in the practice's time zone. */
export function formatSessionTimes(startsAt: Date, durationMinutes: number, timeZone: string): string {
  const start = localParts(startsAt, timeZone);
  const end = localParts(new Date(startsAt.getTime() + durationMinutes * 60_000), timeZone);
  return `${start.time}–${end.time} ${start.zone}`;
}

/** A time zone's name for people: "America/New_York" → "America/New York". */
export function timeZoneLabel(timeZone: string): string {
  return timeZone.replaceAll('_', ' ');
}

/**
 * One row of a therapist's day. The session's id and its relationship's are there so other
 * features can join their own answers to each row (the consent feature: "still OK to record?").
 */
export interface ScheduleEntry {
  id: string;
  careRelationshipId: string;
  clientId: string;
  clientName: string;
  startsAt: Date;
  durationMinutes: number;
  channel: Channel;
}

/** A session as the session lists show it; `date` and `start` are the practice's wall clock (for the reschedule form). */
export interface SessionView {
  id: string;
  /** The care relationship it belongs to (its shared space). */
  careRelationshipId: string;
  startsAt: Date;
  durationMinutes: number;
  channel: Channel;
  status: AppointmentStatus;
  date: string;
  start: string;
}
