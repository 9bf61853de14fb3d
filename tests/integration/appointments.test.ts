import { and, eq, inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { appointments, auditEvents, careRelationships } from '@/db/schema';
import { addAppointment, cancelAppointment, importAppointments, previewImport, rescheduleAppointment } from '@/lib/appointments/commands';
import { clientSessions, getAppointmentInScope, listScheduledAppointments, therapistSchedule } from '@/lib/appointments/queries';
import type { Actor } from '@/lib/platform/actor';
import { startOfDay } from '@/lib/platform/clock';
import { testContext } from '../helpers/context';
import { testDatabases } from '../helpers/database';
import { createCare, createPerson, createPracticeWithPeople, type FactoryPerson, type PracticeWithPeople } from '../helpers/factories';

// Noon in New York (the factory practice's zone) on 15 June 2025.
const NOW = new Date('2025-06-15T16:00:00Z');
const NY = 'America/New_York';

const actorOf = (person: FactoryPerson, timeZone = NY): Actor => ({ id: person.id, practiceId: person.practiceId, role: person.role, timeZone });

describe.each(testDatabases)('appointments on $name', (database) => {
  let handle: DatabaseHandle;
  let p: PracticeWithPeople;
  let elsewhere: PracticeWithPeople;
  let therapist: Actor;

  const sessionsOf = (clientId: string) => handle.db.select().from(appointments).where(eq(appointments.clientId, clientId)).orderBy(appointments.startsAt);
  const auditsFor = (subjectId: string) => handle.db.select().from(auditEvents).where(eq(auditEvents.subjectId, subjectId)).orderBy(auditEvents.id);
  const add = (actor: Actor, clientId: string, fields: Partial<{ date: string; start: string; duration: number; channel: 'in_person' | 'telehealth' }> = {}) =>
    addAppointment(handle.db, actor, { clientId, date: '2025-06-20', start: '09:30', duration: 50, channel: 'in_person', ...fields }, testContext(), NOW);

  beforeAll(async () => {
    handle = await database.open();
    p = await createPracticeWithPeople(handle.db);
    elsewhere = await createPracticeWithPeople(handle.db);
    therapist = actorOf(p.therapist);
  });
  afterAll(() => handle?.close());

  describe('adding one session', () => {
    it('interprets the date and time in the practice’s time zone and audits the change', async () => {
      const result = await add(therapist, p.client.id);
      expect(result).toMatchObject({ status: 'added', session: { startsAt: new Date('2025-06-20T13:30:00Z'), ambiguous: false } });
      if (result.status !== 'added') return;
      const [row] = await handle.db.select().from(appointments).where(eq(appointments.id, result.id));
      expect(row).toMatchObject({
        practiceId: p.practice.id,
        careRelationshipId: p.care.client.id,
        clientId: p.client.id,
        therapistId: p.therapist.id,
        durationMinutes: 50,
        channel: 'in_person',
        status: 'scheduled',
        createdById: p.therapist.id,
      });
      const audits = await auditsFor(result.id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ action: 'appointment.created', actorId: p.therapist.id, subjectType: 'appointment', outcome: 'success', metadata: null });
    });

    it('refuses a second session at the same start, next to the start time', async () => {
      const before = await sessionsOf(p.client.id);
      expect(await add(therapist, p.client.id, { duration: 30, channel: 'telehealth' })).toEqual({
        status: 'invalid',
        errors: { start: ['A session already starts at this time.'] },
      });
      expect(await sessionsOf(p.client.id)).toHaveLength(before.length);
    });

    it('refuses a time the clocks skip, and takes the first of a time that happens twice', async () => {
      const skipped = await addAppointment(handle.db, therapist, { clientId: p.client.id, date: '2026-03-08', start: '02:30', duration: 50, channel: 'telehealth' }, testContext(), NOW);
      expect(skipped).toMatchObject({ status: 'invalid', errors: { start: [expect.stringContaining('does not exist')] } });
      const twice = await add(therapist, p.client.id, { date: '2025-11-02', start: '01:30' });
      expect(twice).toMatchObject({ status: 'added', session: { startsAt: new Date('2025-11-02T05:30:00Z'), ambiguous: true } });
    });

    it('allows a past session up to a year back, and nothing further either way', async () => {
      expect(await add(therapist, p.client.id, { date: '2024-06-15', start: '10:00' })).toMatchObject({ status: 'added' });
      expect(await add(therapist, p.client.id, { date: '2024-06-14' })).toMatchObject({ status: 'invalid', errors: { date: [expect.any(String)] } });
      expect(await add(therapist, p.client.id, { date: '2026-06-16' })).toMatchObject({ status: 'invalid', errors: { date: [expect.any(String)] } });
    });

    it('refuses anyone but the client’s own therapist, recording the refusal as denied', async () => {
      const before = (await sessionsOf(p.client.id)).length;
      const outsiders: Actor[] = [
        actorOf(p.otherTherapist),
        actorOf(p.admin),
        actorOf(p.client),
        actorOf(p.otherClient),
        actorOf(elsewhere.therapist),
      ];
      for (const actor of outsiders) {
        expect(await add(actor, p.client.id, { start: '15:00' }), actor.role).toEqual({ status: 'not-found' });
        const [denied] = await handle.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.actorId, actor.id), eq(auditEvents.action, 'appointment.created'), eq(auditEvents.subjectId, p.client.id)));
        expect(denied, actor.role).toMatchObject({ outcome: 'denied', practiceId: actor.practiceId, metadata: { reason: 'not-in-care' } });
      }
      expect(await sessionsOf(p.client.id)).toHaveLength(before);
      // The other practice's therapist, for their own client, is fine.
      expect(await add(actorOf(elsewhere.therapist), elsewhere.client.id)).toMatchObject({ status: 'added' });
    });

    it('refuses once care has ended', async () => {
      const client = await createPerson(handle.db, p.practice, 'client');
      await createCare(handle.db, { client, therapist: p.therapist, startedOn: '2024-01-01', endedOn: '2025-01-01' });
      expect(await add(therapist, client.id)).toEqual({ status: 'not-found' });
      expect(await sessionsOf(client.id)).toHaveLength(0);
    });
  });

  describe('importing a list', () => {
    let client: FactoryPerson;
    const LIST = [
      'date,start,duration,channel',
      '2025-07-01,09:00,50,in person',
      '2025-07-08,"09:00",50,Video',
      '2025-07-15,09:00,50,phone',
      '2025-07-15,09:00,45,phone',
      '2025-07-22,25:00,50,in person',
      '2026-03-08,02:30,50,in person',
      '2025-07-29,09:00,700,in person',
      '2025-08-05,09:00,50,carrier pigeon',
      '2025-08-12,09:00,50,in_person',
    ].join('\r\n');

    beforeAll(async () => {
      client = await createPerson(handle.db, p.practice, 'client');
      await createCare(handle.db, { client, therapist: p.therapist });
      // Already scheduled: the last row of the list repeats it.
      await add(therapist, client.id, { date: '2025-08-12', start: '09:00' });
    });

    it('previews every row with its reasons and saves nothing', async () => {
      const before = await handle.db.select().from(appointments);
      const result = await previewImport(handle.db, therapist, { clientId: client.id, csv: LIST }, testContext(), NOW);
      expect(result.status).toBe('preview');
      if (result.status !== 'preview') return;
      expect(result.preview.addCount).toBe(3);
      expect(result.preview.rows.map((row) => [row.line, row.problems])).toEqual([
        [2, []],
        [3, []],
        [4, []],
        [5, ['duplicate-in-file']],
        [6, ['bad-time']],
        [7, ['nonexistent-time']],
        [8, ['bad-duration']],
        [9, ['unknown-channel']],
        [10, ['duplicate-existing']],
      ]);
      expect(await handle.db.select().from(appointments)).toHaveLength(before.length);
    });

    it('adds exactly the previewed rows, audits each, and a re-import adds nothing', async () => {
      const preview = await previewImport(handle.db, therapist, { clientId: client.id, csv: LIST }, testContext(), NOW);
      if (preview.status !== 'preview') throw new Error('expected a preview');
      const saved = await importAppointments(handle.db, therapist, { clientId: client.id, csv: LIST, expected: preview.preview.digest }, testContext(), NOW);
      expect(saved).toEqual({ status: 'imported', added: 3 });
      const rows = await sessionsOf(client.id);
      expect(rows.map((row) => [row.startsAt.toISOString(), row.channel])).toEqual([
        ['2025-07-01T13:00:00.000Z', 'in_person'],
        ['2025-07-08T13:00:00.000Z', 'telehealth'],
        ['2025-07-15T13:00:00.000Z', 'telehealth'],
        ['2025-08-12T13:00:00.000Z', 'in_person'],
      ]);
      const imported = await handle.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'appointment.imported'), inArray(auditEvents.subjectId, rows.map((row) => row.id))));
      expect(imported).toHaveLength(3);
      for (const entry of imported) expect(entry).toMatchObject({ actorId: p.therapist.id, subjectType: 'appointment', outcome: 'success', metadata: { batchSize: 3 } });

      const again = await previewImport(handle.db, therapist, { clientId: client.id, csv: LIST }, testContext(), NOW);
      if (again.status !== 'preview') throw new Error('expected a preview');
      expect(again.preview.addCount).toBe(0);
      expect(again.preview.rows.filter((row) => row.problems.includes('duplicate-existing')).map((row) => row.line)).toEqual([2, 3, 4, 10]);
      expect(await importAppointments(handle.db, therapist, { clientId: client.id, csv: LIST, expected: again.preview.digest }, testContext(), NOW)).toEqual({
        status: 'imported',
        added: 0,
      });
      // Replaying the first save (its digest) adds nothing either: the list no longer adds those rows.
      expect(await importAppointments(handle.db, therapist, { clientId: client.id, csv: LIST, expected: preview.preview.digest }, testContext(), NOW)).toMatchObject({
        status: 'changed',
      });
      expect(await sessionsOf(client.id)).toHaveLength(4);
    });

    it('saves nothing when the list would add something other than what the preview showed', async () => {
      const csv = 'date,start,duration,channel\n2025-09-01,09:00,50,video\n2025-09-08,09:00,50,video';
      const preview = await previewImport(handle.db, therapist, { clientId: client.id, csv }, testContext(), NOW);
      if (preview.status !== 'preview') throw new Error('expected a preview');
      // Meanwhile one of the two is added by hand.
      await add(therapist, client.id, { date: '2025-09-08', start: '09:00' });
      const before = (await sessionsOf(client.id)).length;
      const saved = await importAppointments(handle.db, therapist, { clientId: client.id, csv, expected: preview.preview.digest }, testContext(), NOW);
      expect(saved).toMatchObject({ status: 'changed', preview: { addCount: 1 } });
      expect(await sessionsOf(client.id)).toHaveLength(before);
      // Without a preview at all, nothing is saved either.
      expect(await importAppointments(handle.db, therapist, { clientId: client.id, csv }, testContext(), NOW)).toMatchObject({ status: 'changed' });
      expect(await sessionsOf(client.id)).toHaveLength(before);
    });

    it('refuses a list that is too long or unreadable before looking at rows', async () => {
      const many = ['date,start,duration,channel', ...Array.from({ length: 501 }, (_, i) => `2025-07-01,${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},50,video`)].join('\n');
      expect(await previewImport(handle.db, therapist, { clientId: client.id, csv: many }, testContext(), NOW)).toEqual({ status: 'file-problem', problem: 'too-many-rows' });
      expect(await previewImport(handle.db, therapist, { clientId: client.id, csv: 'when,what\n1,2' }, testContext(), NOW)).toMatchObject({
        status: 'file-problem',
        problem: 'bad-header',
      });
    });

    it('refuses another therapist, an admin and another practice, as denied', async () => {
      for (const actor of [actorOf(p.otherTherapist), actorOf(p.admin), actorOf(elsewhere.therapist)]) {
        expect(await previewImport(handle.db, actor, { clientId: client.id, csv: LIST }, testContext(), NOW)).toEqual({ status: 'not-found' });
        expect(await importAppointments(handle.db, actor, { clientId: client.id, csv: LIST }, testContext(), NOW)).toEqual({ status: 'not-found' });
        const denied = await handle.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.actorId, actor.id), eq(auditEvents.action, 'appointment.imported'), eq(auditEvents.outcome, 'denied')));
        expect(denied.length).toBeGreaterThanOrEqual(2);
      }
    });
  });

  describe('cancelling and rescheduling', () => {
    let sessionId: string;

    beforeAll(async () => {
      const result = await add(therapist, p.client.id, { date: '2025-10-01', start: '14:00' });
      if (result.status !== 'added') throw new Error('expected a session');
      sessionId = result.id;
    });

    it('moves a session, auditing what kind of change without the details', async () => {
      const result = await rescheduleAppointment(
        handle.db,
        therapist,
        { appointmentId: sessionId, date: '2025-10-02', start: '15:15', duration: 50, channel: 'telehealth' },
        testContext(),
        NOW,
      );
      expect(result).toMatchObject({ status: 'rescheduled', session: { startsAt: new Date('2025-10-02T19:15:00Z') } });
      const [row] = await handle.db.select().from(appointments).where(eq(appointments.id, sessionId));
      expect(row).toMatchObject({ startsAt: new Date('2025-10-02T19:15:00Z'), channel: 'telehealth', durationMinutes: 50, status: 'scheduled' });
      const [entry] = (await auditsFor(sessionId)).filter((audit) => audit.action === 'appointment.rescheduled');
      expect(entry.metadata).toEqual({ timeChanged: true, durationChanged: false, channelChanged: true });
      expect(
        await rescheduleAppointment(handle.db, therapist, { appointmentId: sessionId, date: '2025-10-02', start: '15:15', duration: 50, channel: 'telehealth' }, testContext(), NOW),
      ).toEqual({ status: 'unchanged' });
    });

    it('refuses a move onto another scheduled session, or to a time that does not exist', async () => {
      const move = (date: string, start: string) =>
        rescheduleAppointment(handle.db, therapist, { appointmentId: sessionId, date, start, duration: 50, channel: 'in_person' }, testContext(), NOW);
      expect(await move('2025-06-20', '09:30')).toMatchObject({ status: 'invalid', errors: { start: ['A session already starts at this time.'] } });
      expect(await move('2026-03-08', '02:15')).toMatchObject({ status: 'invalid', errors: { start: [expect.stringContaining('does not exist')] } });
    });

    it('refuses anyone else, as denied, and changes nothing', async () => {
      const [before] = await handle.db.select().from(appointments).where(eq(appointments.id, sessionId));
      for (const actor of [actorOf(p.otherTherapist), actorOf(p.admin), actorOf(p.client), actorOf(elsewhere.therapist)]) {
        expect(await cancelAppointment(handle.db, actor, { appointmentId: sessionId }, testContext(), NOW)).toEqual({ status: 'not-found' });
        expect(
          await rescheduleAppointment(handle.db, actor, { appointmentId: sessionId, date: '2025-10-03', start: '10:00', duration: 50, channel: 'in_person' }, testContext(), NOW),
        ).toEqual({ status: 'not-found' });
      }
      const [after] = await handle.db.select().from(appointments).where(eq(appointments.id, sessionId));
      expect(after).toEqual(before);
      const denied = (await auditsFor(sessionId)).filter((audit) => audit.outcome === 'denied');
      expect(denied).toHaveLength(8);
      expect(new Set(denied.map((audit) => audit.action))).toEqual(new Set(['appointment.cancelled', 'appointment.rescheduled']));
      // A session id that does not exist is refused the same way.
      expect(await cancelAppointment(handle.db, therapist, { appointmentId: '00000000-0000-4000-8000-000000000000' }, testContext(), NOW)).toEqual({ status: 'not-found' });
    });

    it('cancels a session, which frees its start time, and refuses to move a cancelled one', async () => {
      expect(await cancelAppointment(handle.db, therapist, { appointmentId: sessionId }, testContext(), NOW)).toEqual({ status: 'cancelled' });
      const [row] = await handle.db.select().from(appointments).where(eq(appointments.id, sessionId));
      expect(row).toMatchObject({ status: 'cancelled', cancelledAt: NOW });
      expect((await auditsFor(sessionId)).filter((audit) => audit.action === 'appointment.cancelled' && audit.outcome === 'success')).toHaveLength(1);
      expect(await cancelAppointment(handle.db, therapist, { appointmentId: sessionId }, testContext(), NOW)).toEqual({ status: 'already-cancelled' });
      expect(
        await rescheduleAppointment(handle.db, therapist, { appointmentId: sessionId, date: '2025-10-03', start: '10:00', duration: 50, channel: 'in_person' }, testContext(), NOW),
      ).toEqual({ status: 'cancelled' });
      expect(await add(therapist, p.client.id, { date: '2025-10-02', start: '15:15' })).toMatchObject({ status: 'added' });
    });
  });

  describe('reading', () => {
    it('lists a relationship’s scheduled sessions in a range, cancelled ones left out', async () => {
      const all = await listScheduledAppointments(handle.db, { careRelationshipId: p.care.client.id });
      expect(all.every((session) => session.status === 'scheduled')).toBe(true);
      expect(all.map((session) => session.startsAt.getTime())).toEqual([...all.map((session) => session.startsAt.getTime())].sort((a, b) => a - b));
      const october = await listScheduledAppointments(handle.db, { careRelationshipId: p.care.client.id }, { from: new Date('2025-10-01T00:00:00Z'), to: new Date('2025-11-01T00:00:00Z') });
      expect(october.map((session) => session.startsAt.toISOString())).toEqual(['2025-10-02T19:15:00.000Z']);
    });

    it('finds a session only for its therapist (while care is open) and its client', async () => {
      const [session] = await listScheduledAppointments(handle.db, { careRelationshipId: p.care.client.id });
      expect(await getAppointmentInScope(handle.db, therapist, session.id)).toMatchObject({ id: session.id, careOpen: true });
      expect(await getAppointmentInScope(handle.db, actorOf(p.client), session.id)).toMatchObject({ id: session.id, clientId: p.client.id });
      for (const actor of [actorOf(p.otherTherapist), actorOf(p.otherClient), actorOf(p.admin), actorOf(elsewhere.therapist), actorOf(elsewhere.client)]) {
        expect(await getAppointmentInScope(handle.db, actor, session.id), actor.role).toBeNull();
      }
      expect(await getAppointmentInScope(handle.db, therapist, 'not-an-id')).toBeNull();
    });

    it('shows a therapist’s day in the practice’s time zone, with ids to join on', async () => {
      const day = (date: string) => ({ from: startOfDay(date, NY), to: startOfDay(date === '2025-06-20' ? '2025-06-21' : '2025-11-03', NY) });
      const june = await therapistSchedule(handle.db, { practiceId: p.practice.id, therapistId: p.therapist.id }, day('2025-06-20'));
      expect(june).toEqual([
        {
          id: expect.any(String),
          careRelationshipId: p.care.client.id,
          clientId: p.client.id,
          clientName: p.client.name,
          startsAt: new Date('2025-06-20T13:30:00Z'),
          durationMinutes: 50,
          channel: 'in_person',
        },
      ]);
      // 2 November 2025 is 25 hours long in New York; its 01:30 session is on it.
      const november = await therapistSchedule(handle.db, { practiceId: p.practice.id, therapistId: p.therapist.id }, day('2025-11-02'));
      expect(november.map((entry) => entry.startsAt.toISOString())).toEqual(['2025-11-02T05:30:00.000Z']);
      expect(await therapistSchedule(handle.db, { practiceId: p.practice.id, therapistId: p.otherTherapist.id }, day('2025-06-20'))).toEqual([]);
    });

    it('splits a client’s own sessions into upcoming and past, and shows nobody else’s', async () => {
      const { upcoming, past } = await clientSessions(handle.db, { practiceId: p.practice.id, clientId: p.client.id }, NOW);
      expect(past.map((session) => session.startsAt.toISOString())).toEqual(['2024-06-15T14:00:00.000Z']);
      expect(upcoming[0]).toMatchObject({ startsAt: new Date('2025-06-20T13:30:00Z'), therapistName: p.therapist.name });
      expect(upcoming.some((session) => session.status === 'cancelled')).toBe(true);
      expect([...upcoming, ...past].every((session) => session.clientId === p.client.id)).toBe(true);
      const otherPractice = await clientSessions(handle.db, { practiceId: elsewhere.practice.id, clientId: p.client.id }, NOW);
      expect(otherPractice).toEqual({ upcoming: [], past: [] });
    });

    it('hides a relationship’s sessions from its therapist once care ends, but not from the client', async () => {
      const client = await createPerson(handle.db, p.practice, 'client');
      const care = await createCare(handle.db, { client, therapist: p.therapist });
      const added = await add(therapist, client.id, { date: '2025-06-20', start: '11:00' });
      if (added.status !== 'added') throw new Error('expected a session');
      await handle.db.update(careRelationships).set({ endedOn: '2025-06-15' }).where(eq(careRelationships.id, care.id));
      expect(await getAppointmentInScope(handle.db, therapist, added.id)).toBeNull();
      expect(await getAppointmentInScope(handle.db, actorOf(client), added.id)).toMatchObject({ id: added.id, careOpen: false });
      const june = await therapistSchedule(handle.db, { practiceId: p.practice.id, therapistId: p.therapist.id }, { from: startOfDay('2025-06-20', NY), to: startOfDay('2025-06-21', NY) });
      expect(june.map((entry) => entry.clientId)).not.toContain(client.id);
      expect(await cancelAppointment(handle.db, therapist, { appointmentId: added.id }, testContext(), NOW)).toEqual({ status: 'not-found' });
    });
  });

  it('adds one of two simultaneous identical sessions', async () => {
    const client = await createPerson(handle.db, p.practice, 'client');
    await createCare(handle.db, { client, therapist: p.therapist });
    const results = await Promise.all([add(therapist, client.id, { start: '17:00' }), add(therapist, client.id, { start: '17:00' })]);
    expect(results.map((result) => result.status).sort()).toEqual(['added', 'invalid']);
    expect(await sessionsOf(client.id)).toHaveLength(1);
  });

  it('keeps health details out of every appointment audit row', async () => {
    const rows = await handle.db.select().from(auditEvents).where(like(auditEvents.action, 'appointment%'));
    expect(rows.length).toBeGreaterThan(0);
    const allowed = new Set(['reason', 'batchSize', 'timeChanged', 'durationChanged', 'channelChanged']);
    for (const row of rows) for (const key of Object.keys(row.metadata ?? {})) expect(allowed.has(key), key).toBe(true);
  });
});
