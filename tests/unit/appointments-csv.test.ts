import { describe, expect, it } from 'vitest';
import { APPOINTMENT_MINUTES } from '@/db/schema';
import { mayManageSessions, maySeeSession } from '@/lib/appointments/access';
import { parseCsv } from '@/lib/appointments/csv';
import { DURATION_MINUTES, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, formatSessionTimes, localParts } from '@/lib/appointments/model';
import { checkSession, finishPreview, importDigest, parseChannel, readImport, sessionWindow } from '@/lib/appointments/sessions';
import { parseClockTime, shiftYears } from '@/lib/appointments/time';
import { localTimeToInstant } from '@/lib/platform/clock';

const NY = 'America/New_York';
const context = { timeZone: NY, today: '2025-06-15' };

describe('parseCsv', () => {
  const fields = (text: string) => {
    const result = parseCsv(text);
    if (!result.ok) throw new Error('expected a parse');
    return result.records.map((record) => record.fields);
  };

  it('reads plain records, with or without a final line break', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a,b,c\n1,2,3')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('accepts CRLF, CR and LF line ends and drops a byte-order mark', () => {
    expect(fields('\uFEFFa,b\r\n1,2\r3,4\n5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps empty fields', () => {
    expect(fields('a,,c\n,,\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });

  it('reads quoted fields: delimiters, doubled quotes and line breaks inside', () => {
    expect(fields('"in, person","say ""hi""","two\nlines",plain')).toEqual([['in, person', 'say "hi"', 'two\nlines', 'plain']]);
    expect(fields(' "spaced" ,x')).toEqual([['spaced ', 'x']]);
    expect(fields('""')).toEqual([['']]);
  });

  it('treats a quote inside an unquoted field as a character', () => {
    expect(fields('ab"c,d')).toEqual([['ab"c', 'd']]);
  });

  it('numbers records by the physical line they start on', () => {
    const result = parseCsv('h1,h2\n"multi\nline",x\r\nnext,y');
    expect(result.ok && result.records.map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it('refuses an unterminated quote, naming the line it opened on', () => {
    expect(parseCsv('a,b\n1,"open\n2,3')).toEqual({ ok: false, problem: 'unterminated-quote', line: 2 });
  });

  it('uses a semicolon or tab when the header has one and no comma', () => {
    expect(fields('date;start\n2025-01-01;09:00')).toEqual([
      ['date', 'start'],
      ['2025-01-01', '09:00'],
    ]);
    expect(fields('date\tstart\n2025-01-01\t09:00')).toEqual([
      ['date', 'start'],
      ['2025-01-01', '09:00'],
    ]);
  });
});

describe('localTimeToInstant', () => {
  it('converts an ordinary wall-clock time', () => {
    expect(localTimeToInstant('2025-06-01', 9 * 60, NY)).toEqual({ status: 'ok', instant: new Date('2025-06-01T13:00:00Z'), ambiguous: false });
    expect(localTimeToInstant('2025-01-15', 9 * 60, NY)).toEqual({ status: 'ok', instant: new Date('2025-01-15T14:00:00Z'), ambiguous: false });
    expect(localTimeToInstant('2025-06-01', 0, 'UTC')).toEqual({ status: 'ok', instant: new Date('2025-06-01T00:00:00Z'), ambiguous: false });
    expect(localTimeToInstant('2025-12-31', 23 * 60 + 59, 'Pacific/Kiritimati')).toMatchObject({ instant: new Date('2025-12-31T09:59:00Z') });
    expect(localTimeToInstant('2025-06-01', 9 * 60, 'Asia/Kathmandu')).toMatchObject({ instant: new Date('2025-06-01T03:15:00Z') });
  });

  it('refuses a time skipped when the clocks go forward', () => {
    expect(localTimeToInstant('2025-03-09', 2 * 60 + 30, NY)).toEqual({ status: 'nonexistent' });
    expect(localTimeToInstant('2025-03-09', 2 * 60, NY)).toEqual({ status: 'nonexistent' });
    expect(localTimeToInstant('2025-03-30', 60 + 30, 'Europe/London')).toEqual({ status: 'nonexistent' });
    expect(localTimeToInstant('2025-10-05', 2 * 60 + 30, 'Australia/Sydney')).toEqual({ status: 'nonexistent' });
    // Lord Howe Island moves by half an hour; Chile at midnight.
    expect(localTimeToInstant('2025-10-05', 2 * 60 + 15, 'Australia/Lord_Howe')).toEqual({ status: 'nonexistent' });
    expect(localTimeToInstant('2025-09-07', 30, 'America/Santiago')).toEqual({ status: 'nonexistent' });
    // Just outside the gap is fine.
    expect(localTimeToInstant('2025-03-09', 3 * 60, NY)).toEqual({ status: 'ok', instant: new Date('2025-03-09T07:00:00Z'), ambiguous: false });
    expect(localTimeToInstant('2025-03-09', 60 + 59, NY)).toEqual({ status: 'ok', instant: new Date('2025-03-09T06:59:00Z'), ambiguous: false });
  });

  it('takes the first occurrence of a time that happens twice when the clocks go back', () => {
    // 01:30 EDT (UTC-4) comes first, 01:30 EST (UTC-5) an hour later.
    expect(localTimeToInstant('2025-11-02', 60 + 30, NY)).toEqual({ status: 'ok', instant: new Date('2025-11-02T05:30:00Z'), ambiguous: true });
    expect(localTimeToInstant('2025-10-26', 60 + 30, 'Europe/London')).toEqual({ status: 'ok', instant: new Date('2025-10-26T00:30:00Z'), ambiguous: true });
    expect(localTimeToInstant('2025-04-06', 2 * 60 + 30, 'Australia/Sydney')).toEqual({ status: 'ok', instant: new Date('2025-04-05T15:30:00Z'), ambiguous: true });
    expect(localTimeToInstant('2025-04-05', 23 * 60 + 30, 'America/Santiago')).toEqual({ status: 'ok', instant: new Date('2025-04-06T02:30:00Z'), ambiguous: true });
    // The hour after the repeated one is not ambiguous.
    expect(localTimeToInstant('2025-11-02', 2 * 60, NY)).toEqual({ status: 'ok', instant: new Date('2025-11-02T07:00:00Z'), ambiguous: false });
  });

  it('reads back as the same wall clock', () => {
    const result = localTimeToInstant('2025-11-02', 60 + 30, NY);
    expect(result.status === 'ok' && localParts(result.instant, NY)).toMatchObject({ date: '2025-11-02', time: '01:30', zone: 'EDT' });
  });
});

describe('small parsers', () => {
  it('reads 24-hour clock times only', () => {
    expect(parseClockTime('09:30')).toBe(570);
    expect(parseClockTime('9:30')).toBe(570);
    expect(parseClockTime(' 23:59 ')).toBe(1439);
    expect(parseClockTime('00:00')).toBe(0);
    for (const bad of ['24:00', '12:60', '9.30', '930', '9:30 am', '', '09:30:00', '-1:00']) expect(parseClockTime(bad), bad).toBeNull();
  });

  it('accepts a few spellings of each channel', () => {
    for (const value of ['in_person', 'In person', 'in-person', 'IN PERSON', 'inperson', 'office', 'face to face']) expect(parseChannel(value), value).toBe('in_person');
    for (const value of ['telehealth', 'Telehealth', 'video', 'Video call', 'online', 'phone', 'telephone', 'virtual', 'remote']) {
      expect(parseChannel(value), value).toBe('telehealth');
    }
    for (const value of ['', 'zoom?', 'in', 'person', 'home visit']) expect(parseChannel(value), value).toBeNull();
  });

  it('shifts a date by years, 29 February becoming the 28th', () => {
    expect(shiftYears('2025-06-15', -1)).toBe('2024-06-15');
    expect(shiftYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(sessionWindow('2025-06-15')).toEqual({ earliest: '2024-06-15', latest: '2026-06-15' });
  });

  it('keeps the duration range equal to the table’s CHECK', () => {
    expect(DURATION_MINUTES).toEqual(APPOINTMENT_MINUTES);
  });

  it('formats times with the zone’s short name', () => {
    expect(formatSessionTimes(new Date('2025-06-01T13:00:00Z'), 50, NY)).toBe('09:00–09:50 EDT');
  });
});

describe('checkSession', () => {
  const ok = { date: '2025-06-20', start: '09:30', duration: '50', channel: 'video' };

  it('interprets the date and time in the practice’s time zone', () => {
    expect(checkSession(ok, context)).toEqual({
      ok: true,
      session: { startsAt: new Date('2025-06-20T13:30:00Z'), durationMinutes: 50, channel: 'telehealth', ambiguous: false },
    });
  });

  it('allows from a year back to a year ahead, and no further', () => {
    expect(checkSession({ ...ok, date: '2024-06-15' }, context).ok).toBe(true);
    expect(checkSession({ ...ok, date: '2026-06-15' }, context).ok).toBe(true);
    expect(checkSession({ ...ok, date: '2024-06-14' }, context)).toEqual({ ok: false, problems: ['out-of-window'] });
    expect(checkSession({ ...ok, date: '2026-06-16' }, context)).toEqual({ ok: false, problems: ['out-of-window'] });
  });

  it('names every problem of a row', () => {
    expect(checkSession({ date: '2025-02-30', start: '25:00', duration: '4', channel: 'carrier pigeon' }, context)).toEqual({
      ok: false,
      problems: ['bad-date', 'bad-time', 'bad-duration', 'unknown-channel'],
    });
    expect(checkSession({ ...ok, date: '20/06/2025' }, context)).toEqual({ ok: false, problems: ['bad-date'] });
    expect(checkSession({ ...ok, duration: '601' }, context)).toEqual({ ok: false, problems: ['bad-duration'] });
    expect(checkSession({ ...ok, duration: '50.5' }, context)).toEqual({ ok: false, problems: ['bad-duration'] });
    expect(checkSession({ ...ok, duration: '5' }, context).ok).toBe(true);
    expect(checkSession({ ...ok, duration: '600' }, context).ok).toBe(true);
  });

  it('refuses a nonexistent time and accepts an ambiguous one as its first occurrence', () => {
    const march = { timeZone: NY, today: '2025-03-01' };
    expect(checkSession({ ...ok, date: '2025-03-09', start: '02:30' }, march)).toEqual({ ok: false, problems: ['nonexistent-time'] });
    const november = { timeZone: NY, today: '2025-10-01' };
    expect(checkSession({ ...ok, date: '2025-11-02', start: '01:30' }, november)).toMatchObject({
      ok: true,
      session: { startsAt: new Date('2025-11-02T05:30:00Z'), ambiguous: true },
    });
  });
});

describe('readImport and its preview', () => {
  const header = 'date,start,duration,channel';

  it('reads rows in any column order, with quoted fields and extra columns', () => {
    const text = 'Channel,Duration (minutes),Date,Start time,Note\n"in person",50,2025-06-20,09:30,"first, of many"\nvideo,45,2025-06-27,"10:00",\n';
    const read = readImport(text, context);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.rows.map((row) => [row.line, row.accepted])).toEqual([
      [2, { startsAt: '2025-06-20T13:30:00.000Z', durationMinutes: 50, channel: 'in_person', ambiguous: false }],
      [3, { startsAt: '2025-06-27T14:00:00.000Z', durationMinutes: 45, channel: 'telehealth', ambiguous: false }],
    ]);
  });

  it('refuses each bad row with its reasons, and a repeat within the file', () => {
    const text = [
      header,
      '2025-06-20,09:30,50,in person',
      '2025-13-01,09:30,50,in person',
      '2025-06-21,9h30,50,in person',
      '2025-06-22,09:30,1000,in person',
      '2025-06-23,09:30,50,zoom?',
      '2025-06-20,09:30,60,video',
      '2030-01-01,09:30,50,video',
      '2025-06-24',
    ].join('\n');
    const read = readImport(text, context);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.rows.map((row) => [row.line, row.problems])).toEqual([
      [2, []],
      [3, ['bad-date']],
      [4, ['bad-time']],
      [5, ['bad-duration']],
      [6, ['unknown-channel']],
      [7, ['duplicate-in-file']],
      [8, ['out-of-window']],
      [9, ['bad-time', 'bad-duration', 'unknown-channel']],
    ]);
  });

  it('refuses a nonexistent time and notes an ambiguous one', () => {
    const read = readImport(`${header}\n2026-03-08,02:30,50,video\n2025-11-02,01:30,50,video`, context);
    expect(read.ok && read.rows.map((row) => [row.problems, row.accepted?.ambiguous])).toEqual([
      [['nonexistent-time'], undefined],
      [[], true],
    ]);
  });

  it('skips blank lines', () => {
    const read = readImport(`\n${header}\n\n2025-06-20,09:30,50,video\n,,,\n\n`, context);
    expect(read.ok && read.rows.length).toBe(1);
  });

  it('refuses the list as a whole: empty, no header, too many rows, too large, broken quotes', () => {
    expect(readImport('   \n', context)).toEqual({ ok: false, problem: 'empty' });
    expect(readImport(header, context)).toEqual({ ok: false, problem: 'empty' });
    expect(readImport('date,start,length,channel\n2025-06-20,09:30,50,video', context)).toEqual({ ok: false, problem: 'bad-header', line: 1 });
    expect(readImport('2025-06-20,09:30,50,video', context)).toMatchObject({ ok: false, problem: 'bad-header' });
    expect(readImport(`${header}\n2025-06-20,"09:30,50,video`, context)).toEqual({ ok: false, problem: 'unterminated-quote', line: 2 });

    const rows = (count: number) => Array.from({ length: count }, (_, i) => `2025-06-20,${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},50,video`);
    expect(readImport([header, ...rows(IMPORT_MAX_ROWS)].join('\n'), context).ok).toBe(true);
    expect(readImport([header, ...rows(IMPORT_MAX_ROWS + 1)].join('\n'), context)).toEqual({ ok: false, problem: 'too-many-rows' });
    const large = `${header}\n2025-06-20,09:30,50,video,${'x'.repeat(IMPORT_MAX_BYTES)}`;
    expect(readImport(large, context)).toEqual({ ok: false, problem: 'too-large' });
  });

  it('marks rows already scheduled, and digests exactly the rows to add', () => {
    const text = `${header}\n2025-06-20,09:30,50,video\n2025-06-27,09:30,50,video`;
    const read = readImport(text, context);
    if (!read.ok) throw new Error('expected rows');
    const fresh = finishPreview(text, read.rows, new Set());
    expect(fresh.addCount).toBe(2);
    const taken = finishPreview(text, read.rows, new Set([new Date('2025-06-20T13:30:00Z').getTime()]));
    expect(taken.addCount).toBe(1);
    expect(taken.rows[0]).toMatchObject({ problems: ['duplicate-existing'], accepted: undefined });
    expect(taken.digest).not.toBe(fresh.digest);
    expect(taken.digest).toBe(importDigest([{ startsAt: '2025-06-27T13:30:00.000Z', durationMinutes: 50, channel: 'telehealth' }]));
    // The same list with other line ends and spellings adds the same sessions.
    const respelled = `${header}\r\n2025-06-20,9:30,50,Telehealth\r\n2025-06-27,09:30,50,online\r\n`;
    const again = readImport(respelled, context);
    expect(again.ok && finishPreview(respelled, again.rows, new Set()).digest).toBe(fresh.digest);
  });
});

describe('access', () => {
  const relationship = { practiceId: 'p1', therapistId: 't1', clientId: 'c1', endedOn: null };
  const therapist = { id: 't1', practiceId: 'p1', role: 'therapist' as const };
  const client = { id: 'c1', practiceId: 'p1', role: 'client' as const };

  it('lets only the therapist of an open relationship manage its sessions', () => {
    expect(mayManageSessions(therapist, relationship)).toBe(true);
    expect(mayManageSessions(therapist, { ...relationship, endedOn: '2025-01-01' })).toBe(false);
    expect(mayManageSessions({ ...therapist, id: 't2' }, relationship)).toBe(false);
    expect(mayManageSessions({ ...therapist, practiceId: 'p2' }, relationship)).toBe(false);
    expect(mayManageSessions({ id: 't1', practiceId: 'p1', role: 'admin' }, relationship)).toBe(false);
    expect(mayManageSessions(client, relationship)).toBe(false);
  });

  it('shows a session to its client (also after care ended) and its managing therapist, nobody else', () => {
    const session = { practiceId: 'p1', clientId: 'c1' };
    expect(maySeeSession(client, session, relationship)).toBe(true);
    expect(maySeeSession(client, session, { ...relationship, endedOn: '2025-01-01' })).toBe(true);
    expect(maySeeSession({ ...client, id: 'c2' }, session, relationship)).toBe(false);
    expect(maySeeSession({ ...client, practiceId: 'p2' }, session, relationship)).toBe(false);
    expect(maySeeSession(therapist, session, relationship)).toBe(true);
    expect(maySeeSession(therapist, session, { ...relationship, endedOn: '2025-01-01' })).toBe(false);
    expect(maySeeSession({ id: 'a1', practiceId: 'p1', role: 'admin' }, session, relationship)).toBe(false);
  });
});
