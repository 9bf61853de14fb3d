// Checking a session as typed (the form) or as listed (an import), and building an import's
// preview. Pure: the caller supplies the time zone, today's date and the starts already taken.
import { createHash } from 'node:crypto';
import { isIsoDate } from '@/lib/platform/clock';
import { isBlankRecord, parseCsv } from './csv';
import {
  DURATION_MINUTES,
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  WINDOW_YEARS,
  type Channel,
  type ImportColumn,
  type ImportFileProblem,
  type ImportPreview,
  type ImportPreviewRow,
  type SessionProblem,
} from './model';
import { localTimeToInstant } from '@/lib/platform/clock';
import { parseClockTime, shiftYears } from './time';

export interface SessionInput {
  date: string;
  start: string;
  duration: string;
  channel: string;
}

export interface CheckedSession {
  startsAt: Date;
  durationMinutes: number;
  channel: Channel;
  ambiguous: boolean;
}

export interface SessionContext {
  timeZone: string;
  /** Today in the practice's time zone, YYYY-MM-DD. */
  today: string;
}

const simplify = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

const CHANNEL_SPELLINGS: Record<string, Channel> = {
  'in person': 'in_person',
  inperson: 'in_person',
  office: 'in_person',
  'in office': 'in_person',
  'face to face': 'in_person',
  telehealth: 'telehealth',
  'tele health': 'telehealth',
  telemedicine: 'telehealth',
  telepsychology: 'telehealth',
  teletherapy: 'telehealth',
  video: 'telehealth',
  'video call': 'telehealth',
  online: 'telehealth',
  virtual: 'telehealth',
  remote: 'telehealth',
  phone: 'telehealth',
  telephone: 'telehealth',
};

/** "in_person", "In person", "video", "phone"… → the channel; null for anything else. */
export function parseChannel(value: string): Channel | null {
  return CHANNEL_SPELLINGS[simplify(value)] ?? null;
}

/** Whole minutes within the allowed range, or null. */
export function parseDuration(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return null;
  const minutes = Number(trimmed);
  return minutes >= DURATION_MINUTES.min && minutes <= DURATION_MINUTES.max ? minutes : null;
}

/** The dates a session may fall on, inclusive. */
export function sessionWindow(today: string) {
  return { earliest: shiftYears(today, -WINDOW_YEARS), latest: shiftYears(today, WINDOW_YEARS) };
}

/**
 * One session, checked on its own: every problem with it, or when there is none, the instant it
 * starts (interpreted in the practice's time zone), its length and channel.
 */
export function checkSession(input: SessionInput, context: SessionContext): { ok: true; session: CheckedSession } | { ok: false; problems: SessionProblem[] } {
  const problems: SessionProblem[] = [];
  const date = input.date.trim();
  const { earliest, latest } = sessionWindow(context.today);
  const dateOk = isIsoDate(date);
  if (!dateOk) problems.push('bad-date');
  else if (date < earliest || date > latest) problems.push('out-of-window');
  const minutes = parseClockTime(input.start);
  if (minutes === null) problems.push('bad-time');
  const local = dateOk && minutes !== null ? localTimeToInstant(date, minutes, context.timeZone) : null;
  if (local?.status === 'nonexistent') problems.push('nonexistent-time');
  const durationMinutes = parseDuration(input.duration);
  if (durationMinutes === null) problems.push('bad-duration');
  const channel = parseChannel(input.channel);
  if (channel === null) problems.push('unknown-channel');
  if (problems.length > 0 || local?.status !== 'ok' || durationMinutes === null || channel === null) return { ok: false, problems };
  return { ok: true, session: { startsAt: local.instant, durationMinutes, channel, ambiguous: local.ambiguous } };
}

const HEADER_ALIASES: Record<string, ImportColumn> = {
  date: 'date',
  day: 'date',
  start: 'start',
  'start time': 'start',
  time: 'start',
  duration: 'duration',
  minutes: 'duration',
  'duration minutes': 'duration',
  channel: 'channel',
  type: 'channel',
  'session type': 'channel',
};

export type ReadImportResult = { ok: true; rows: ImportPreviewRow[] } | { ok: false; problem: ImportFileProblem; line?: number };

/**
 * Reads an import's text into rows, each checked on its own and against the rows before it (two
 * rows starting at one instant: the later is a duplicate). Whether a row repeats a session
 * already scheduled is for `markExisting`, which needs the database's answer.
 */
export function readImport(text: string, context: SessionContext): ReadImportResult {
  if (new TextEncoder().encode(text).length > IMPORT_MAX_BYTES) return { ok: false, problem: 'too-large' };
  if (text.trim() === '') return { ok: false, problem: 'empty' };
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, line: parsed.line };
  const [header, ...records] = parsed.records.filter((record) => !isBlankRecord(record));
  if (!header) return { ok: false, problem: 'empty' };
  const columns = header.fields.map((name) => HEADER_ALIASES[simplify(name).replace(/[()]/g, '').trim()] ?? null);
  const index = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, columns.indexOf(column)])) as Record<ImportColumn, number>;
  if (IMPORT_COLUMNS.some((column) => index[column] < 0)) return { ok: false, problem: 'bad-header', line: header.line };
  if (records.length === 0) return { ok: false, problem: 'empty' };
  if (records.length > IMPORT_MAX_ROWS) return { ok: false, problem: 'too-many-rows' };

  const seen = new Set<number>();
  const rows = records.map((record): ImportPreviewRow => {
    const value = (column: ImportColumn) => (record.fields[index[column]] ?? '').trim();
    const input = { date: value('date'), start: value('start'), duration: value('duration'), channel: value('channel') };
    const checked = checkSession(input, context);
    if (!checked.ok) return { line: record.line, ...input, problems: checked.problems };
    const startsAt = checked.session.startsAt.getTime();
    if (seen.has(startsAt)) return { line: record.line, ...input, problems: ['duplicate-in-file'] };
    seen.add(startsAt);
    const { durationMinutes, channel, ambiguous } = checked.session;
    return { line: record.line, ...input, accepted: { startsAt: new Date(startsAt).toISOString(), durationMinutes, channel, ambiguous }, problems: [] };
  });
  return { ok: true, rows };
}

/** The instants an import would add, for asking which are already taken. */
export function acceptedStarts(rows: ImportPreviewRow[]): Date[] {
  return rows.flatMap((row) => (row.accepted ? [new Date(row.accepted.startsAt)] : []));
}

/** Marks the rows whose start is already a scheduled session, and totals the preview. */
export function finishPreview(csv: string, rows: ImportPreviewRow[], taken: ReadonlySet<number>): ImportPreview {
  const finished = rows.map((row) =>
    row.accepted && taken.has(new Date(row.accepted.startsAt).getTime()) ? { ...row, accepted: undefined, problems: ['duplicate-existing' as const] } : row,
  );
  const added = finished.flatMap((row) => (row.accepted ? [row.accepted] : []));
  return { rows: finished, addCount: added.length, digest: importDigest(added), csv };
}

/** A digest of exactly what an import will add, in order. */
export function importDigest(sessions: { startsAt: string; durationMinutes: number; channel: Channel }[]): string {
  const canonical = JSON.stringify(sessions.map((session) => [session.startsAt, session.durationMinutes, session.channel]));
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
