import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { jobs, loginAttempts, recordingMessages, recordingRequestEvents, recordingSignatures, sessionRecordingAnswers } from '@/db/schema';
import { accountKey } from '@/lib/auth/queries';
import {
  answerSession,
  changeTerms,
  declineRecording,
  markThreadRead,
  openRequest,
  proposeAlternatives,
  savePreferences,
  sendMessage,
  signAgreement,
  tickSection,
  untickSection,
  withdrawAgreement,
} from '@/lib/consent/commands';
import { receiptFhir, receiptProblems } from '@/lib/consent/receipt';
import { receiptJson } from '@/lib/consent/receipt-json';
import { MESSAGE_MAX } from '@/lib/consent/model';
import {
  openOutcome,
  receiptRecord,
  recordingAnswersForSessions,
  recordingPermitted,
  requestDetail,
  requestForParty,
} from '@/lib/consent/queries';
import { termsSha256 } from '@/lib/consent/terms';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { open as unseal } from '@/lib/platform/crypto/secretbox';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { jobHandlers } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import {
  activeAgreement,
  addSession,
  auditOf,
  consentPractice,
  enableTotp,
  notificationsOf,
  open,
  requestRow,
  sign,
  TERMS,
  tickAll,
} from './consent-fixtures';

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDatabases)('recording consent: the discussion and the agreement on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
  });
  afterAll(() => handle?.close());

  const kinds = async (person: { id: string }) => (await notificationsOf(db, person)).map((n) => n.kind);

  it('goes from a request to an agreement in force: ticks, a change of terms, refused and accepted signatures', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p, 'client');
    let row = await requestRow(db, requestId);
    expect(row).toMatchObject({ state: 'discussing', openedBy: 'client', rowVersion: 1, termsVersion: 1, termsSha256: termsSha256(TERMS) });
    // The terms are sealed at rest: their free text is nowhere in the row.
    expect(row.termsSealed).not.toContain('my week');
    expect(JSON.parse(unseal(row.termsSealed)).otherPurpose).toBe(TERMS.otherPurpose);
    expect(row.limits).toEqual({ methods: ['client_upload', 'client_device'], maxRetentionDays: 90 });
    expect(await kinds(p.therapist)).toEqual(['consent.request_opened']);

    // The therapist changes the terms; the client is told.
    const changed = await changeTerms(db, p.actors.therapist, { requestId, baseVersion: 1, terms: { ...TERMS, retentionDays: 30 } }, testContext());
    expect(changed).toMatchObject({ status: 'saved', state: 'discussing', termsVersion: 2 });
    expect(await kinds(p.client)).toEqual(['consent.terms_changed']);

    await tickAll(db, p, requestId);
    row = await requestRow(db, requestId);
    expect(row.state).toBe('awaiting_signatures');
    // The last tick was the therapist's: the client is asked to sign.
    expect(await kinds(p.client)).toEqual(['consent.terms_changed', 'consent.signature_needed']);

    // A wrong password: refused, audited, and counted like a failed sign-in.
    const context = testContext();
    const wrongPassword = await signAgreement(
      db,
      p.actors.therapist,
      { requestId, termsSha256: row.termsSha256, fullName: p.therapist.name, password: 'not the password' },
      context,
    );
    expect(wrongPassword).toEqual({ status: 'signature-refused', reason: 'wrong_password' });
    const attempts = await db.select().from(loginAttempts).where(eq(loginAttempts.accountKey, accountKey(p.therapist.email)));
    expect(attempts.filter((attempt) => !attempt.succeeded)).toHaveLength(1);
    // A name that is not the account's.
    const wrongName = await signAgreement(db, p.actors.therapist, { requestId, termsSha256: row.termsSha256, fullName: 'Someone Else', password: 'hearth-demo' }, testContext());
    expect(wrongName).toEqual({ status: 'signature-refused', reason: 'name_mismatch' });
    const refusals = (await auditOf(db, requestId)).filter((event) => event.action === 'consent.signature_refused');
    expect(refusals.map((event) => [event.outcome, event.metadata?.reason, event.actorId])).toEqual([
      ['failure', 'wrong_password', p.therapist.id],
      ['failure', 'name_mismatch', p.therapist.id],
    ]);
    expect(await db.select().from(recordingSignatures).where(eq(recordingSignatures.requestId, requestId))).toEqual([]);

    // The name is compared without case or surrounding spaces; the therapist signs.
    const therapistSigned = await signAgreement(
      db,
      p.actors.therapist,
      { requestId, termsSha256: row.termsSha256, fullName: `  ${p.therapist.name.toUpperCase()} `, password: 'hearth-demo' },
      testContext(),
    );
    expect(therapistSigned).toMatchObject({ status: 'saved', state: 'awaiting_signatures' });

    // The client has two-step sign-in: a code is needed as well.
    const code = await enableTotp(db, p.client);
    expect(await sign(db, p, requestId, 'client')).toEqual({ status: 'signature-refused', reason: 'wrong_code' });
    expect(await sign(db, p, requestId, 'client', { code: '000000' })).toEqual({ status: 'signature-refused', reason: 'wrong_code' });
    expect(await sign(db, p, requestId, 'client', { code: await code() })).toMatchObject({ status: 'saved', state: 'active' });

    row = await requestRow(db, requestId);
    expect(row.state).toBe('active');
    expect(row.activatedAt).toBeInstanceOf(Date);
    expect(await kinds(p.therapist)).toContain('consent.signed');

    const signatures = await db.select().from(recordingSignatures).where(eq(recordingSignatures.requestId, requestId));
    expect(signatures.map((s) => [s.party, s.factors, s.termsVersion, s.termsSha256, s.userAgent, s.voidedAt])).toEqual([
      ['therapist', 'password', 2, row.termsSha256, 'vitest', null],
      ['client', 'password+totp', 2, row.termsSha256, 'vitest', null],
    ]);
    for (const signature of signatures) {
      expect(signature.ip).toMatch(/^10\.9\./);
      expect(signature.policies.map((policy) => policy.kind).sort()).toEqual(['confidentiality', 'recording']);
      for (const policy of signature.policies) expect(policy.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(unseal(signatures[0].fullNameSealed)).toBe(p.therapist.name.toUpperCase());

    // The history has every step, and the receipt has everything for the PDF, the JSON and the FHIR Consent.
    const events = await db.select().from(recordingRequestEvents).where(eq(recordingRequestEvents.requestId, requestId));
    expect(events[0]).toMatchObject({ type: 'opened', fromState: null, toState: 'discussing', actorId: p.client.id });
    expect(events.at(-1)).toMatchObject({ type: 'sign', fromState: 'awaiting_signatures', toState: 'active', actorId: p.client.id });
    const scoped = (await requestForParty(db, p.actors.therapist, requestId))!;
    const receipt = (await receiptRecord(db, scoped))!;
    expect(receiptProblems(receipt)).toEqual([]);
    expect(receipt.request.terms.terms.retentionDays).toBe(30);
    expect(receipt.signatures.map((s) => [s.party, s.fullName, s.factors])).toEqual([
      ['therapist', p.therapist.name.toUpperCase(), 'password'],
      ['client', p.client.name, 'password+totp'],
    ]);
    expect(receipt.policies.map((policy) => policy.kind).sort()).toEqual(['confidentiality', 'recording']);
    for (const policy of receipt.policies) expect(policy.title).not.toBe('');
    // The practice is in New York; the client has not said where they are, and the guidance says so.
    expect(receipt.guidance.inPerson.notes.join(' ')).toContain('We do not know where the client is');
    expect(receipt.history.map((entry) => [entry.from, entry.to, entry.by])).toEqual([
      [null, 'discussing', p.client.name],
      ['discussing', 'awaiting_signatures', p.therapist.name],
      ['awaiting_signatures', 'active', p.client.name],
    ]);
    expect(receiptFhir(receipt).status).toBe('active');
    expect(JSON.parse(receiptJson(receipt))).toMatchObject({ schema: 'hearth.recording-receipt.v1' });

    // Every command left its audit row, and the chain holds.
    const actions = new Set((await auditOf(db, requestId)).map((event) => event.action));
    for (const action of ['consent.request_opened', 'consent.terms_changed', 'consent.section_ticked', 'consent.signed', 'consent.signature_refused']) {
      expect(actions).toContain(action);
    }
    expect((await verifyAllChains(db)).every((report) => report.verdict.ok)).toBe(true);
  });

  it('clears a signature when the terms change after it, and tells the other person', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p);
    await tickAll(db, p, requestId);
    expect(await sign(db, p, requestId, 'therapist')).toMatchObject({ status: 'saved', state: 'awaiting_signatures' });
    const before = await requestRow(db, requestId);

    const changed = await changeTerms(db, p.actors.client, { requestId, baseVersion: before.termsVersion, terms: { ...TERMS, listeners: 'client_and_therapist' } }, testContext());
    expect(changed).toMatchObject({ status: 'saved', state: 'discussing', termsVersion: 2 });
    const [signature] = await db.select().from(recordingSignatures).where(eq(recordingSignatures.requestId, requestId));
    expect(signature.voidedAt).toBeInstanceOf(Date);
    expect(await kinds(p.therapist)).toContain('consent.terms_changed');
    const row = await requestRow(db, requestId);
    // The terms section is open again for both; the others stay ticked.
    expect(row.ticks.terms).toEqual({ client: false, therapist: false });
    expect(row.ticks.purpose_scope).toEqual({ client: true, therapist: true });
    const audit = (await auditOf(db, requestId)).find((event) => event.action === 'consent.terms_changed');
    expect(audit?.metadata).toMatchObject({ signaturesCleared: 1, fromState: 'awaiting_signatures', toState: 'discussing' });
    // The old signature does not count towards the new terms: both sign again.
    await tickAll(db, p, requestId);
    expect(await sign(db, p, requestId, 'client')).toMatchObject({ status: 'saved', state: 'awaiting_signatures' });
  });

  it('records a decline with the alternatives chosen, and nothing moves after it', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p, 'therapist');
    expect(await kinds(p.client)).toEqual(['consent.request_opened']);
    const declined = await declineRecording(db, p.actors.client, { requestId, alternatives: ['journaling', 'therapist_summaries'] }, testContext());
    expect(declined).toMatchObject({ status: 'saved', state: 'declined' });
    const row = await requestRow(db, requestId);
    expect(row.alternatives).toEqual(['therapist_summaries', 'journaling']);
    expect(row.closedAt).toBeInstanceOf(Date);
    expect(openOutcome(row.outcomeSealed)).toEqual({ kind: 'declined', alternatives: ['therapist_summaries', 'journaling'] });
    expect(await kinds(p.therapist)).toEqual(['consent.declined']);
    // Only the client declines; nothing moves after.
    expect(await tickSection(db, p.actors.therapist, { requestId, section: 'terms', rowVersion: row.rowVersion }, testContext())).toEqual({
      status: 'refused',
      reason: 'closed',
    });
    const receipt = (await receiptRecord(db, (await requestForParty(db, p.actors.client, requestId))!))!;
    expect(receiptProblems(receipt)).toEqual([]);
    expect(receiptFhir(receipt).status).toBe('rejected');
    // Nobody signed: the receipt names the policies in force when it closed.
    expect(receipt.policies.map((policy) => policy.kind).sort()).toEqual(['confidentiality', 'recording']);
    // A new request may be opened now.
    await open(db, p);
  });

  it('refuses a therapist decline and a client withdrawal before the agreement is in force', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p);
    expect(await declineRecording(db, p.actors.therapist, { requestId, alternatives: [] }, testContext())).toEqual({ status: 'refused', reason: 'client_only' });
    expect(await withdrawAgreement(db, p.actors.client, { requestId }, testContext())).toEqual({ status: 'refused', reason: 'decline_instead' });
    const refused = (await auditOf(db, requestId)).filter((event) => event.outcome === 'failure').map((event) => [event.action, event.metadata?.reason]);
    expect(refused).toEqual([
      ['consent.declined', 'client_only'],
      ['consent.withdrawn', 'decline_instead'],
    ]);
  });

  it('withdraws an agreement in force: the deletion is scheduled and the next session can no longer be agreed', async () => {
    const p = await consentPractice(db);
    const session = await addSession(db, p, 2);
    const requestId = await activeAgreement(db, p);
    expect(await answerSession(db, p.actors.client, { requestId, appointmentId: session.id, answer: 'yes' }, testContext())).toEqual({ status: 'answered', answer: 'yes' });
    expect(await recordingPermitted(db, { requestId, appointmentId: session.id })).toBe(true);

    const now = new Date();
    const withdrawn = await withdrawAgreement(db, p.actors.therapist, { requestId, reason: '  I am moving practice  ' }, testContext(), now);
    expect(withdrawn).toMatchObject({ status: 'saved', state: 'withdrawn' });
    const row = await requestRow(db, requestId);
    expect(openOutcome(row.outcomeSealed)).toEqual({ kind: 'withdrawn', by: 'therapist', reason: 'I am moving practice' });
    expect(row.outcomeSealed).not.toContain('moving');
    expect(await kinds(p.client)).toContain('consent.withdrawn');

    const [job] = await db.select().from(jobs).where(eq(jobs.key, `consent.delete_recordings:${requestId}`));
    expect(job).toMatchObject({ kind: 'consent.delete_recordings', payload: { requestId, basis: 'withdrawal' }, practiceId: p.practice.id });
    expect(job.runAt.getTime()).toBe(now.getTime() + 7 * DAY);
    const audit = (await auditOf(db, requestId)).find((event) => event.action === 'consent.withdrawn');
    expect(audit?.metadata).toMatchObject({ withReason: true, deletionScheduled: true, fromState: 'active' });

    // Nothing can be agreed for the next session any more, and nothing may be stored.
    expect(await answerSession(db, p.actors.client, { requestId, appointmentId: session.id, answer: 'yes' }, testContext())).toEqual({ status: 'refused', reason: 'closed' });
    expect(await recordingPermitted(db, { requestId, appointmentId: session.id })).toBe(false);

    // When its time comes, the deletion runs and records how many recordings it removed (none were stored here).
    await runDueJobs(db, { handlers: jobHandlers, clock: () => new Date(now.getTime() + 8 * DAY) });
    const [done] = await db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(done.state).toBe('done');
    const run = (await auditOf(db, requestId)).find((event) => event.action === 'consent.recordings_deletion_run');
    expect(run).toMatchObject({ actorId: null, metadata: { basis: 'withdrawal', recordingsDeleted: 0 } });
  });

  it('honours "not this time" for one session; the agreement stays in force', async () => {
    const p = await consentPractice(db);
    const first = await addSession(db, p, 1);
    const second = await addSession(db, p, 8);
    const past = await addSession(db, p, -3);
    const requestId = await activeAgreement(db, p);
    expect(await answerSession(db, p.actors.client, { requestId, appointmentId: first.id, answer: 'not_this_time' }, testContext())).toEqual({
      status: 'answered',
      answer: 'not_this_time',
    });
    expect((await requestRow(db, requestId)).state).toBe('active');
    expect(await recordingPermitted(db, { requestId, appointmentId: first.id })).toBe(false);
    // Only the client answers; only for an upcoming covered session.
    expect(await answerSession(db, p.actors.therapist, { requestId, appointmentId: second.id, answer: 'yes' }, testContext())).toEqual({
      status: 'refused',
      reason: 'client_only_answer',
    });
    expect(await answerSession(db, p.actors.client, { requestId, appointmentId: past.id, answer: 'yes' }, testContext())).toEqual({ status: 'refused', reason: 'not_covered' });
    // The answer can change until the session.
    await answerSession(db, p.actors.client, { requestId, appointmentId: second.id, answer: 'yes' }, testContext());
    const answers = await db.select().from(sessionRecordingAnswers).where(eq(sessionRecordingAnswers.requestId, requestId));
    expect(answers.map((a) => [a.appointmentId, a.answer]).sort()).toEqual(
      [
        [first.id, 'not_this_time'],
        [second.id, 'yes'],
      ].sort(),
    );
    // The therapist's schedule shows the answers.
    const schedule = await recordingAnswersForSessions(db, p.actors.therapist, [first.id, second.id, past.id]);
    expect(schedule.find((s) => s.appointmentId === first.id)).toMatchObject({ covered: true, answer: 'not_this_time', requestId });
    expect(schedule.find((s) => s.appointmentId === second.id)).toMatchObject({ covered: true, answer: 'yes' });
    // Another therapist asking about these sessions learns nothing.
    expect(await recordingAnswersForSessions(db, p.actors.otherTherapist, [first.id])).toEqual([]);
    const audit = (await auditOf(db, requestId)).filter((event) => event.action === 'consent.session_answered' && event.outcome === 'success');
    expect(audit.map((event) => event.metadata?.answer)).toEqual(['not_this_time', 'yes']);
  });

  it('refuses the later of two edits as a conflict, and a tick of a version not seen', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p);
    const first = await changeTerms(db, p.actors.client, { requestId, baseVersion: 1, terms: { ...TERMS, retentionDays: 45 } }, testContext());
    expect(first).toMatchObject({ status: 'saved', termsVersion: 2 });
    const later = await changeTerms(db, p.actors.therapist, { requestId, baseVersion: 1, terms: { ...TERMS, retentionDays: 20 } }, testContext());
    expect(later).toEqual({ status: 'conflict' });
    const row = await requestRow(db, requestId);
    expect(JSON.parse(unseal(row.termsSealed)).retentionDays).toBe(45);

    // The client's tick was against the page before the change: refused, so nobody ticks what they have not seen.
    expect(await tickSection(db, p.actors.therapist, { requestId, section: 'terms', rowVersion: 1 }, testContext())).toEqual({ status: 'conflict' });
    expect(await savePreferences(db, p.actors.therapist, { requestId, rowVersion: 1, preferences: 'Ask me first.' }, testContext())).toEqual({ status: 'conflict' });
    const conflicts = (await auditOf(db, requestId)).filter((event) => event.metadata?.reason === 'conflict');
    expect(conflicts.map((event) => event.action)).toEqual(['consent.terms_changed', 'consent.section_ticked', 'consent.preferences_changed']);
    expect((await requestRow(db, requestId)).rowVersion).toBe(row.rowVersion);
  });

  it('refuses terms outside the practice limits, and chosen sessions that are not upcoming sessions of this relationship', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p);
    const tooLong = await changeTerms(db, p.actors.client, { requestId, baseVersion: 1, terms: { ...TERMS, retentionDays: 400, method: 'therapist_records' } }, testContext());
    expect(tooLong).toMatchObject({ status: 'refused', reason: 'invalid_terms' });
    expect(tooLong.status === 'refused' && tooLong.problems).toEqual(['method_not_allowed', 'retention_out_of_range']);
    const past = await addSession(db, p, -1);
    const chosen = await changeTerms(
      db,
      p.actors.client,
      { requestId, baseVersion: 1, terms: { ...TERMS, sessions: { kind: 'chosen', appointmentIds: [past.id] } } },
      testContext(),
    );
    expect(chosen).toEqual({ status: 'refused', reason: 'invalid_terms', problems: ['invalid_appointment'] });
    const upcoming = await addSession(db, p, 3);
    expect(
      await changeTerms(db, p.actors.client, { requestId, baseVersion: 1, terms: { ...TERMS, sessions: { kind: 'chosen', appointmentIds: [upcoming.id] } } }, testContext()),
    ).toMatchObject({ status: 'saved', termsVersion: 2 });
  });

  it('keeps the practice policy section closed until the client has acknowledged the recording policy', async () => {
    const p = await consentPractice(db, { acknowledged: false });
    const requestId = await open(db, p, 'therapist');
    const tick = await tickSection(db, p.actors.therapist, { requestId, section: 'practice_policy', rowVersion: 1 }, testContext());
    expect(tick).toEqual({ status: 'refused', reason: 'policy_not_acknowledged' });
    expect(await tickSection(db, p.actors.therapist, { requestId, section: 'terms', rowVersion: 1 }, testContext())).toMatchObject({ status: 'saved' });
  });

  it('follows the practice settings: "never" opens nothing, and only the allowed side opens', async () => {
    const never = await consentPractice(db, { settings: { allowed: 'never' } });
    expect(await openRequest(db, never.actors.client, { therapistId: never.therapist.id, terms: TERMS }, testContext())).toEqual({
      status: 'refused',
      reason: 'recording_never',
    });
    const clientsOnly = await consentPractice(db, { settings: { requestOpeners: 'client' } });
    expect(await openRequest(db, clientsOnly.actors.therapist, { clientId: clientsOnly.client.id, terms: TERMS }, testContext())).toEqual({
      status: 'refused',
      reason: 'opener_not_allowed',
    });
    const requestId = await open(db, clientsOnly);
    // One request at a time per relationship.
    expect(await openRequest(db, clientsOnly.actors.client, { therapistId: clientsOnly.therapist.id, terms: TERMS }, testContext())).toEqual({
      status: 'already-open',
      requestId,
    });
  });

  it('stores a message exactly as typed (markup included), sealed, with unread counts; an oversized one is refused', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p);
    const markup = '<script>alert("x")</script> <b>bold</b> **not markdown** & \u202Eevil';
    const sent = await sendMessage(db, p.actors.client, { requestId, body: markup }, testContext());
    expect(sent.status).toBe('sent');
    const [stored] = await db.select().from(recordingMessages).where(eq(recordingMessages.requestId, requestId));
    expect(stored.bodySealed).not.toContain('script');
    expect(unseal(stored.bodySealed)).toBe(markup);
    expect(await kinds(p.therapist)).toEqual(['consent.request_opened', 'consent.message']);

    const therapistView = async () => requestDetail(db, p.actors.therapist, (await requestForParty(db, p.actors.therapist, requestId))!);
    let detail = await therapistView();
    expect(detail.thread).toMatchObject([{ from: 'client', mine: false, body: markup, unread: true }]);
    expect(detail.unread).toBe(1);
    await markThreadRead(db, p.actors.therapist, (await requestForParty(db, p.actors.therapist, requestId))!, new Date(Date.now() + 1000));
    detail = await therapistView();
    expect(detail.unread).toBe(0);

    const oversized = await sendMessage(db, p.actors.therapist, { requestId, body: 'a'.repeat(MESSAGE_MAX + 1) }, testContext());
    expect(oversized).toEqual({ status: 'refused', reason: 'message_too_long' });
    // Counted in characters: 4,000 emoji are allowed.
    expect((await sendMessage(db, p.actors.therapist, { requestId, body: '🙂'.repeat(MESSAGE_MAX) }, testContext())).status).toBe('sent');
    expect(await sendMessage(db, p.actors.therapist, { requestId, body: '   ' }, testContext())).toEqual({ status: 'refused', reason: 'message_empty' });
    const messages = (await auditOf(db, requestId)).filter((event) => event.action === 'consent.message_sent');
    expect(messages.map((event) => event.outcome)).toEqual(['success', 'failure', 'success', 'failure']);
    // A message never moves the request's version, so it makes nobody's edit a conflict.
    expect((await requestRow(db, requestId)).rowVersion).toBe(1);
  });

  it('reopens section 2 when the therapist changes their preferences, and section 5 when alternatives are proposed', async () => {
    const p = await consentPractice(db);
    const requestId = await open(db, p);
    await tickAll(db, p, requestId);
    let row = await requestRow(db, requestId);
    expect(await savePreferences(db, p.actors.therapist, { requestId, rowVersion: row.rowVersion, preferences: 'x' }, testContext())).toEqual({
      status: 'refused',
      reason: 'reopen_first',
    });
    await untickSection(db, p.actors.client, { requestId, section: 'alternatives', rowVersion: row.rowVersion }, testContext());
    row = await requestRow(db, requestId);
    expect(row.state).toBe('discussing');
    expect(await savePreferences(db, p.actors.client, { requestId, rowVersion: row.rowVersion, preferences: 'x' }, testContext())).toEqual({
      status: 'refused',
      reason: 'therapist_only',
    });
    const saved = await savePreferences(db, p.actors.therapist, { requestId, rowVersion: row.rowVersion, preferences: ' I prefer you delete them after a month. ' }, testContext());
    expect(saved).toMatchObject({ status: 'saved', rowVersion: row.rowVersion + 1 });
    row = await requestRow(db, requestId);
    expect(row.ticks.practice_policy).toEqual({ client: false, therapist: false });
    expect(unseal(row.therapistPreferencesSealed!)).toBe('I prefer you delete them after a month.');
    expect(await kinds(p.client)).toContain('consent.discussion_updated');

    const proposed = await proposeAlternatives(db, p.actors.client, { requestId, rowVersion: row.rowVersion, alternatives: ['own_notes', 'journaling'] }, testContext());
    expect(proposed).toMatchObject({ status: 'saved' });
    row = await requestRow(db, requestId);
    expect(row.alternatives).toEqual(['journaling', 'own_notes']);
    expect(row.ticks.alternatives).toEqual({ client: false, therapist: false });
    const detail = await requestDetail(db, p.actors.client, (await requestForParty(db, p.actors.client, requestId))!);
    expect(detail.preferences).toBe('I prefer you delete them after a month.');
    expect(detail.alternatives).toEqual(['journaling', 'own_notes']);
    expect(detail.waitingOn).toEqual(['client', 'therapist']);
    expect(detail.history.map((entry) => entry.type)).toEqual(expect.arrayContaining(['preferences_changed', 'alternatives_proposed']));
  });

  it('puts no text in notifications: kinds and ids only', async () => {
    const p = await consentPractice(db);
    const requestId = await activeAgreement(db, p);
    await sendMessage(db, p.actors.client, { requestId, body: 'A private question' }, testContext());
    const all = [...(await notificationsOf(db, p.client)), ...(await notificationsOf(db, p.therapist))];
    for (const notification of all) {
      expect(notification.kind).toMatch(/^consent\./);
      expect(notification.subjectId).toBe(requestId);
      expect(Object.keys(notification).sort()).toEqual(['createdAt', 'id', 'kind', 'practiceId', 'readAt', 'subjectId', 'userId']);
    }
    expect(new Set(all.map((n) => n.kind))).toEqual(
      new Set(['consent.request_opened', 'consent.signature_needed', 'consent.signed', 'consent.message']),
    );
    const clientKinds = await kinds(p.client);
    expect(clientKinds).not.toContain('consent.message');
  });
});
