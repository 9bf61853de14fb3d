import { describe, expect, it } from 'vitest';
import type { ReminderRules, Weekday } from '@/lib/reminders/model';
import { decideDelivery, eveningAfter, nextOccurrence, occurrencesBetween, wallTimeToInstant } from '@/lib/reminders/schedule';

const at = (iso: string) => new Date(iso);
const isoOf = (instants: Date[]) => instants.map((instant) => instant.toISOString());
const weekly = (timeZone: string, days: Weekday[], time: string): ReminderRules => ({ timeZone, afterSessionTime: null, weekly: { days, time } });
const afterSession = (timeZone: string, time: string): ReminderRules => ({ timeZone, afterSessionTime: time, weekly: null });

describe('the evening after a session', () => {
  it('is the day the session ends, in the client’s zone, at the chosen time', () => {
    // 10:00–10:50 in London (BST) → 19:00 BST that day.
    expect(eveningAfter(at('2025-06-10T09:50:00Z'), '19:00', 'Europe/London').toISOString()).toBe('2025-06-10T18:00:00.000Z');
    // The same session read by a client in New York ends at 05:50 there: their evening is 19:00 EDT.
    expect(eveningAfter(at('2025-06-10T09:50:00Z'), '19:00', 'America/New_York').toISOString()).toBe('2025-06-10T23:00:00.000Z');
  });

  it('is the next day when the session ends at or after that time', () => {
    // Ends 19:30 in New York (EDT): the reminder comes the next evening, not during or right after.
    expect(eveningAfter(at('2025-06-10T23:30:00Z'), '19:00', 'America/New_York').toISOString()).toBe('2025-06-11T23:00:00.000Z');
    expect(eveningAfter(at('2025-06-10T23:00:00Z'), '19:00', 'America/New_York').toISOString()).toBe('2025-06-11T23:00:00.000Z');
  });

  it('uses the client’s calendar day, which may not be UTC’s', () => {
    // 20:00 UTC on 10 June is 08:00 on 11 June in Auckland (NZST, +12).
    expect(eveningAfter(at('2025-06-10T20:00:00Z'), '19:00', 'Pacific/Auckland').toISOString()).toBe('2025-06-11T07:00:00.000Z');
  });
});

describe('daylight-saving changes', () => {
  it('moves a time inside the spring-forward gap to the first instant after it', () => {
    // London jumps 01:00 GMT → 02:00 BST on 30 March 2025: 01:30 does not exist; 02:00 BST is 01:00 UTC.
    expect(wallTimeToInstant('2025-03-30', 90, 'Europe/London').toISOString()).toBe('2025-03-30T01:00:00.000Z');
    // New York jumps 02:00 → 03:00 on 9 March 2025: 02:30 → 03:00 EDT.
    expect(wallTimeToInstant('2025-03-09', 150, 'America/New_York').toISOString()).toBe('2025-03-09T07:00:00.000Z');
    // Lord Howe moves only 30 minutes, 02:00 → 02:30 (+10:30 → +11) on 5 October 2025: 02:15 → 02:30.
    expect(wallTimeToInstant('2025-10-05', 135, 'Australia/Lord_Howe').toISOString()).toBe('2025-10-04T15:30:00.000Z');
    // Auckland jumps 02:00 → 03:00 (+12 → +13) on 28 September 2025: 02:30 → 03:00 NZDT.
    expect(wallTimeToInstant('2025-09-28', 150, 'Pacific/Auckland').toISOString()).toBe('2025-09-27T14:00:00.000Z');
  });

  it('keeps times outside the gap as they are on that day', () => {
    expect(wallTimeToInstant('2025-03-30', 19 * 60, 'Europe/London').toISOString()).toBe('2025-03-30T18:00:00.000Z');
    expect(wallTimeToInstant('2025-03-29', 19 * 60, 'Europe/London').toISOString()).toBe('2025-03-29T19:00:00.000Z');
  });

  it('takes a repeated time once, at its first occurrence, when the clocks go back', () => {
    // New York repeats 01:00–02:00 on 2 November 2025: one reminder at 01:30 EDT, none at 01:30 EST.
    const rules = weekly('America/New_York', [7], '01:30');
    expect(isoOf(occurrencesBetween(rules, [], at('2025-10-25T00:00:00Z'), at('2025-11-10T00:00:00Z')))).toEqual([
      '2025-10-26T05:30:00.000Z',
      '2025-11-02T05:30:00.000Z',
      '2025-11-09T06:30:00.000Z',
    ]);
    // Lord Howe repeats 01:30–02:00 on 6 April 2025 (+11 → +10:30).
    expect(isoOf(occurrencesBetween(weekly('Australia/Lord_Howe', [7], '01:45'), [], at('2025-04-01T00:00:00Z'), at('2025-04-08T00:00:00Z')))).toEqual([
      '2025-04-05T14:45:00.000Z',
    ]);
    // Auckland repeats 02:00–03:00 on 6 April 2025 (+13 → +12).
    expect(isoOf(occurrencesBetween(weekly('Pacific/Auckland', [7], '02:30'), [], at('2025-04-01T00:00:00Z'), at('2025-04-08T00:00:00Z')))).toEqual([
      '2025-04-05T13:30:00.000Z',
    ]);
  });

  it('keeps a weekly reminder at the same wall-clock time across the change', () => {
    // Sundays 19:00 in London, either side of 30 March 2025: 19:00 GMT, then 19:00 BST.
    expect(isoOf(occurrencesBetween(weekly('Europe/London', [7], '19:00'), [], at('2025-03-20T00:00:00Z'), at('2025-04-07T00:00:00Z')))).toEqual([
      '2025-03-23T19:00:00.000Z',
      '2025-03-30T18:00:00.000Z',
      '2025-04-06T18:00:00.000Z',
    ]);
    // Auckland's Sunday 20:00 either side of 28 September 2025 (NZST +12, then NZDT +13).
    expect(isoOf(occurrencesBetween(weekly('Pacific/Auckland', [7], '20:00'), [], at('2025-09-20T00:00:00Z'), at('2025-10-06T00:00:00Z')))).toEqual([
      '2025-09-21T08:00:00.000Z',
      '2025-09-28T07:00:00.000Z',
      '2025-10-05T07:00:00.000Z',
    ]);
  });

  it('gives the evening after a session on the night of the change', () => {
    // A session ending at 00:45 on 9 March 2025 in New York, reminder at 02:30 (inside the gap): 03:00 EDT that night.
    expect(eveningAfter(at('2025-03-09T05:45:00Z'), '02:30', 'America/New_York').toISOString()).toBe('2025-03-09T07:00:00.000Z');
  });
});

describe('occurrences and the next one', () => {
  const rules: ReminderRules = { timeZone: 'Europe/London', afterSessionTime: '19:00', weekly: { days: [1, 4], time: '08:30' } };
  // Tuesday 10 June 2025, a session 10:00–10:50 BST.
  const sessionEnd = at('2025-06-10T09:50:00Z');

  it('lists weekly days and session evenings in time order', () => {
    expect(isoOf(occurrencesBetween(rules, [sessionEnd], at('2025-06-08T00:00:00Z'), at('2025-06-14T00:00:00Z')))).toEqual([
      '2025-06-09T07:30:00.000Z', // Monday 08:30
      '2025-06-10T18:00:00.000Z', // Tuesday, the evening after
      '2025-06-12T07:30:00.000Z', // Thursday 08:30
    ]);
  });

  it('sends at most one a day, the later, when both rules fall on one day', () => {
    // A Monday session: the weekly 08:30 and the evening 19:00 fall on one day; only 19:00 stays.
    const monday = at('2025-06-09T09:50:00Z');
    expect(isoOf(occurrencesBetween(rules, [monday], at('2025-06-08T00:00:00Z'), at('2025-06-10T00:00:00Z')))).toEqual(['2025-06-09T18:00:00.000Z']);
  });

  it('finds the next one strictly after the moment given, or none', () => {
    expect(nextOccurrence(rules, [sessionEnd], at('2025-06-10T12:00:00Z'))?.toISOString()).toBe('2025-06-10T18:00:00.000Z');
    expect(nextOccurrence(rules, [sessionEnd], at('2025-06-10T18:00:00Z'))?.toISOString()).toBe('2025-06-12T07:30:00.000Z');
    expect(nextOccurrence(afterSession('Europe/London', '19:00'), [], at('2025-06-10T12:00:00Z'))).toBeNull();
    expect(nextOccurrence({ timeZone: 'UTC', afterSessionTime: null, weekly: null }, [sessionEnd], at('2025-06-10T12:00:00Z'))).toBeNull();
  });
});

describe('a reminder that runs late', () => {
  const rules: ReminderRules = { timeZone: 'America/New_York', afterSessionTime: '19:00', weekly: { days: [1, 2, 3, 4, 5, 6, 7], time: '21:00' } };
  const sessionEnd = at('2025-06-10T14:50:00Z'); // 10:50 EDT, Tuesday

  it('is sent when it is the latest one due', () => {
    // Tuesday's 21:00 (the evening's 19:00 gives way to it: one a day, the later).
    expect(decideDelivery(rules, [sessionEnd], at('2025-06-11T01:00:00Z'), at('2025-06-11T01:00:05Z'))).toEqual({ action: 'send' });
    // Hours late, with nothing else due since: still sent, once.
    expect(decideDelivery(rules, [sessionEnd], at('2025-06-11T01:00:00Z'), at('2025-06-11T20:00:00Z'))).toEqual({ action: 'send' });
  });

  it('gives way to the latest one due after several were missed: one catch-up, never a burst', () => {
    const missed = [at('2025-06-11T01:00:00Z'), at('2025-06-12T01:00:00Z'), at('2025-06-13T01:00:00Z')];
    const backAt = at('2025-06-13T09:00:00Z');
    const decisions = missed.map((instant) => decideDelivery(rules, [sessionEnd], instant, backAt));
    expect(decisions).toEqual([
      { action: 'catch-up', latest: missed[2] },
      { action: 'catch-up', latest: missed[2] },
      { action: 'send' },
    ]);
    // Whichever of them runs first, they all name the same one to send.
    expect(decisions.filter((decision) => decision.action === 'send')).toHaveLength(1);
  });

  it('is skipped when it is no longer a reminder of the rules (its session was cancelled)', () => {
    const evening = at('2025-06-10T23:00:00Z');
    const onlyEvenings = afterSession('America/New_York', '19:00');
    expect(decideDelivery(onlyEvenings, [sessionEnd], evening, at('2025-06-10T23:00:01Z'))).toEqual({ action: 'send' });
    expect(decideDelivery(onlyEvenings, [], evening, at('2025-06-10T23:00:01Z'))).toEqual({ action: 'skip' });
  });
});
