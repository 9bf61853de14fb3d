import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { auditEvents, recordingMessages, recordingSignatures } from '@/db/schema';
import { endCare } from '@/lib/care/commands';
import {
  answerSession,
  changeTerms,
  declineRecording,
  openRequest,
  proposeAlternatives,
  savePreferences,
  sendMessage,
  signAgreement,
  sweepConsent,
  tickSection,
  untickSection,
  withdrawAgreement,
} from '@/lib/consent/commands';
import { receiptFhir } from '@/lib/consent/receipt';
import type { Actor } from '@/lib/platform/actor';
import {
  clientRecordingStatus,
  practiceRegister,
  receiptRecord,
  requestDetail,
  requestForParty,
  therapistRecordingStatuses,
} from '@/lib/consent/queries';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { createCare, createPerson } from '../helpers/factories';
import {
  activeAgreement,
  actorOf,
  addSession,
  auditOf,
  consentPractice,
  notificationsOf,
  open,
  PASSWORD,
  requestRow,
  sign,
  TERMS,
  tickAll,
} from './consent-fixtures';

describe.each(testDatabases)('recording consent: who may see and act on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
  });
  afterAll(() => handle?.close());

  /** Every command on a request, as `actor` would send it. */
  function everyCommand(actor: Actor, requestId: string, rowVersion: number, termsSha256: string, appointmentId: string) {
    const context = testContext();
    return {
      tick: () => tickSection(db, actor, { requestId, section: 'terms', rowVersion }, context),
      untick: () => untickSection(db, actor, { requestId, section: 'purpose_scope', rowVersion }, context),
      changeTerms: () => changeTerms(db, actor, { requestId, baseVersion: 1, terms: { ...TERMS, retentionDays: 10 } }, context),
      preferences: () => savePreferences(db, actor, { requestId, rowVersion, preferences: 'mine now' }, context),
      alternatives: () => proposeAlternatives(db, actor, { requestId, rowVersion, alternatives: ['journaling'] }, context),
      message: () => sendMessage(db, actor, { requestId, body: 'hello' }, context),
      sign: () => signAgreement(db, actor, { requestId, termsSha256, fullName: 'Anyone', password: PASSWORD }, context),
      decline: () => declineRecording(db, actor, { requestId, alternatives: [] }, context),
      withdraw: () => withdrawAgreement(db, actor, { requestId, reason: null }, context),
      answer: () => answerSession(db, actor, { requestId, appointmentId, answer: 'yes' }, context),
    };
  }

  it('answers another therapist, another client, an admin and another practice exactly as for a missing request, and audits each', async () => {
    const p = await consentPractice(db);
    const q = await consentPractice(db);
    const session = await addSession(db, p, 2);
    const requestId = await open(db, p);
    await sendMessage(db, p.actors.client, { requestId, body: 'only for my therapist' }, testContext());
    const before = await requestRow(db, requestId);
    const outsiders: [string, Actor][] = [
      ['another therapist', p.actors.otherTherapist],
      ['another client', p.actors.otherClient],
      ['the admin', p.actors.admin],
      ["another practice's therapist", q.actors.therapist],
      ["another practice's client", q.actors.client],
      ["another practice's admin", q.actors.admin],
    ];
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [who, actor] of outsiders) {
      expect(await requestForParty(db, actor, requestId), who).toBeNull();
      for (const [name, run] of Object.entries(everyCommand(actor, requestId, before.rowVersion, before.termsSha256, session.id))) {
        expect(await run(), `${who}: ${name}`).toEqual({ status: 'not-found' });
      }
      // The same answer for an id that does not exist.
      for (const [name, run] of Object.entries(everyCommand(actor, missing, 1, before.termsSha256, session.id))) {
        expect(await run(), `${who}: ${name} (missing)`).toEqual({ status: 'not-found' });
      }
      const denied = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, actor.id), eq(auditEvents.subjectId, requestId), eq(auditEvents.outcome, 'denied')));
      expect(denied.map((event) => event.action).sort(), who).toEqual(
        [
          'consent.section_ticked',
          'consent.section_unticked',
          'consent.terms_changed',
          'consent.preferences_changed',
          'consent.alternatives_proposed',
          'consent.message_sent',
          'consent.signed',
          'consent.declined',
          'consent.withdrawn',
          'consent.session_answered',
        ].sort(),
      );
      // Recorded in the outsider's own practice, never in the request's.
      for (const event of denied) expect(event.practiceId).toBe(actor.practiceId);
    }
    // Nothing changed.
    const after = await requestRow(db, requestId);
    expect(after.rowVersion).toBe(before.rowVersion);
    expect(after.state).toBe('discussing');
    expect(await db.select().from(recordingMessages).where(eq(recordingMessages.requestId, requestId))).toHaveLength(1);
    expect(await db.select().from(recordingSignatures).where(eq(recordingSignatures.requestId, requestId))).toHaveLength(0);
  });

  it('opens requests only within an open care relationship of the opener', async () => {
    const p = await consentPractice(db);
    const q = await consentPractice(db);
    expect(await openRequest(db, p.actors.therapist, { clientId: p.otherClient.id, terms: TERMS }, testContext())).toEqual({ status: 'not-found' });
    expect(await openRequest(db, p.actors.client, { therapistId: p.otherTherapist.id, terms: TERMS }, testContext())).toEqual({ status: 'not-found' });
    expect(await openRequest(db, p.actors.admin, { clientId: p.client.id, therapistId: p.therapist.id, terms: TERMS }, testContext())).toEqual({
      status: 'not-found',
    });
    expect(await openRequest(db, q.actors.therapist, { clientId: p.client.id, terms: TERMS }, testContext())).toEqual({ status: 'not-found' });
    const denied = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'consent.request_opened'), eq(auditEvents.outcome, 'denied')));
    expect(denied.filter((event) => [p.therapist.id, p.client.id, p.admin.id, q.therapist.id].includes(event.actorId!))).toHaveLength(4);
  });

  it('cuts the therapist off the moment care ends, and the sweep ends the agreement', async () => {
    const p = await consentPractice(db);
    const requestId = await activeAgreement(db, p);
    const row = await requestRow(db, requestId);
    expect(await endCare(db, p.actors.admin, { relationshipId: p.care.client.id }, testContext())).toMatchObject({ status: 'ended' });

    // At once: the therapist cannot read it or act on it.
    expect(await requestForParty(db, p.actors.therapist, requestId)).toBeNull();
    expect(await withdrawAgreement(db, p.actors.therapist, { requestId }, testContext())).toEqual({ status: 'not-found' });
    expect(await sendMessage(db, p.actors.therapist, { requestId, body: 'still here?' }, testContext())).toEqual({ status: 'not-found' });
    expect((await therapistRecordingStatuses(db, p.actors.therapist)).clients).toEqual([]);

    // The client still can: it is their record.
    expect((await requestForParty(db, p.actors.client, requestId))?.party).toBe('client');
    expect(row.state).toBe('active');

    const swept = await sweepConsent(db);
    expect(swept.ended).toBeGreaterThanOrEqual(1);
    const ended = await requestRow(db, requestId);
    expect(ended.state).toBe('ended');
    expect(ended.closedAt).toBeInstanceOf(Date);
    const audit = (await auditOf(db, requestId)).find((event) => event.action === 'consent.ended');
    expect(audit).toMatchObject({ actorId: null, metadata: { reason: 'care_ended', fromState: 'active', wasActive: true } });
    expect((await notificationsOf(db, p.client)).map((n) => n.kind)).toContain('consent.ended');
    const receipt = (await receiptRecord(db, (await requestForParty(db, p.actors.client, requestId))!))!;
    expect(receiptFhir(receipt).status).toBe('inactive');
    expect(receipt.history.at(-1)).toMatchObject({ by: 'Hearth', from: 'active', to: 'ended' });
  });

  it('ends a request at once when its client acts on it after care ended', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p);
    await endCare(db, p.actors.admin, { relationshipId: p.care.client.id }, testContext());
    const row = await requestRow(db, requestId);
    expect(await tickSection(db, p.actors.client, { requestId, section: 'terms', rowVersion: row.rowVersion }, testContext())).toEqual({
      status: 'refused',
      reason: 'closed',
    });
    expect((await requestRow(db, requestId)).state).toBe('ended');
  });

  it("lists each of a therapist's clients with their status, those waiting on the therapist first", async () => {
    const p = await consentPractice(db);
    const extra = await createPerson(db, p.practice, 'client', { name: 'Aaron First' });
    await createCare(db, { client: extra, therapist: p.therapist });
    const quiet = await createPerson(db, p.practice, 'client', { name: 'Zed Quiet' });
    await createCare(db, { client: quiet, therapist: p.therapist });

    // Charlie: an agreement in force. Aaron: a request opened by the client, waiting on both.
    const session = await addSession(db, p, 3);
    const active = await activeAgreement(db, p);
    const waiting = await openRequest(db, actorOf(extra, p.practice.timeZone), { therapistId: p.therapist.id, terms: TERMS }, testContext());
    expect(waiting.status).toBe('saved');
    await sendMessage(db, actorOf(extra, p.practice.timeZone), { requestId: (waiting as { requestId: string }).requestId, body: 'hi' }, testContext());

    const { clients, waitingOnYou } = await therapistRecordingStatuses(db, p.actors.therapist);
    expect(clients.map((c) => c.clientName)).toEqual(['Aaron First', p.client.name, 'Zed Quiet']);
    expect(waitingOnYou.map((c) => c.clientId)).toEqual([extra.id]);
    expect(clients[0].request).toMatchObject({ state: 'discussing', waitingOn: ['client', 'therapist'], unread: 1, openedBy: 'client' });
    expect(clients[1].request).toMatchObject({
      requestId: active,
      state: 'active',
      method: 'client_upload',
      listeners: 'client_only',
      untilWithdrawn: true,
      activeUntil: null,
      waitingOn: [],
    });
    expect(clients[1].request?.upcoming).toMatchObject([{ appointmentId: session.id, answer: null }]);
    expect(clients[2].request).toBeNull();

    const home = await clientRecordingStatus(db, p.actors.client);
    expect(home.recordingAllowed).toBe('on_request');
    expect(home.therapists).toMatchObject([{ therapistId: p.therapist.id, mayOpen: false, request: { state: 'active' } }]);
    expect(home.questions).toMatchObject([{ requestId: active, appointmentId: session.id, answer: null }]);
  });

  it("gives the admin a register of who, state and dates only: never the terms, preferences or thread", async () => {
    const p = await consentPractice(db);
    const chosen = await addSession(db, p, 3);
    const requestId = await activeAgreement(db, p, { ...TERMS, sessions: { kind: 'chosen', appointmentIds: [chosen.id] } });
    await sendMessage(db, p.actors.client, { requestId, body: 'A secret in the thread' }, testContext());
    const declined = await openRequest(db, p.actors.otherClient, { therapistId: p.otherTherapist.id, terms: TERMS }, testContext());
    await declineRecording(db, p.actors.otherClient, { requestId: (declined as { requestId: string }).requestId, alternatives: ['journaling'] }, testContext());

    const register = await practiceRegister(db, p.actors.admin);
    expect(register.countsByState).toEqual({ discussing: 0, awaiting_signatures: 0, active: 1, declined: 1, withdrawn: 0, ended: 0 });
    expect(register.requests).toHaveLength(2);
    for (const entry of register.requests) {
      expect(Object.keys(entry).sort()).toEqual(
        ['activatedAt', 'clientId', 'clientName', 'closedAt', 'endsAt', 'id', 'openedAt', 'openedBy', 'state', 'therapistId', 'therapistName', 'updatedAt'].sort(),
      );
    }
    expect(register.endingSoon.map((entry) => entry.id)).toEqual([requestId]);
    const text = JSON.stringify(register);
    for (const secret of ['my week', 'A secret', 'journaling', 'self_reflection', 'client_upload', 'hearth_vault']) expect(text).not.toContain(secret);
    // Another practice's register does not list them.
    const q = await consentPractice(db);
    expect((await practiceRegister(db, q.actors.admin)).requests).toEqual([]);
  });

  it('shows a request in full to its two people only, with the guidance and policies the discussion needs', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p);
    await tickAll(db, p, requestId);
    await sign(db, p, requestId, 'therapist');
    const detail = await requestDetail(db, p.actors.client, (await requestForParty(db, p.actors.client, requestId))!);
    expect(detail).toMatchObject({
      party: 'client',
      state: 'awaiting_signatures',
      waitingOn: ['client'],
      client: { id: p.client.id, name: p.client.name },
      therapist: { id: p.therapist.id, name: p.therapist.name },
      clientAcknowledgedRecordingPolicy: true,
      hasReceipt: false,
    });
    expect(detail.terms.terms).toEqual(TERMS);
    expect(detail.canonicalTerms).toContain('"format":"hearth.recording-terms.v1"');
    expect(detail.policies.map((policy) => policy.kind).sort()).toEqual(['confidentiality', 'recording']);
    expect(detail.guidance.channels.map((channel) => channel.channel)).toEqual(['in_person', 'telehealth']);
    expect(detail.signatures).toMatchObject([{ party: 'therapist', fullName: p.therapist.name, factors: 'password' }]);
  });
});
