import { and, eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { auditEvents, recordingMessageReads } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/model';
import { can, type Action } from '@/lib/auth/permissions';
import { openRequest, sendMessage } from '@/lib/consent/commands';
import {
  getClientNewRequestPage,
  getClientRecordingHome,
  getClientRequestPage,
  getReceipt,
  getRecordingRegister,
  getTherapistNewRequestPage,
  getTherapistRecordingDashboard,
  getTherapistRequestPage,
  requestLinkFor,
} from '@/lib/consent/data';
import type { Actor } from '@/lib/platform/actor';
import type * as Http from '@/lib/platform/http';
import { routes } from '@/lib/routes';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';
import { activeAgreement, consentPractice, TERMS, type ConsentPractice } from './consent-fixtures';

// The guard asks who is signed in; here the test decides, and a role without the permission gets the guard's 404.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/auth/guards', () => ({
  getCurrentUser: async () => session.user,
  requireUser: async (action: Action) => {
    if (!session.user || !can(session.user.role, action)) notFound();
    return session.user;
  },
}));
vi.mock('@/lib/platform/http', async (original) => ({
  ...(await original<typeof Http>()),
  getRequestContext: async () => ({ ip: '10.8.0.1', userAgent: 'vitest' }),
}));

const signIn = (actor: Actor) => {
  session.user = { ...actor, sessionId: 's', practiceName: 'P', email: 'e@x.test', name: 'N', mfaEnabled: false, requireStaffMfa: false };
};

/** The digest Next.js gives notFound(): the page answers 404. */
const is404 = (error: unknown) => String((error as { digest?: string }).digest).includes('404');
async function expect404(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error && is404(error)).toBe(true);
}

describe.each(testDatabases)('recording consent page data on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  let p: ConsentPractice;
  let active: string;
  let discussing: string;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    db = handle.db;
    p = await consentPractice(db);
    active = await activeAgreement(db, p);
    await sendMessage(db, p.actors.therapist, { requestId: active, body: 'See you Tuesday' }, testContext());
    const opened = await openRequest(db, p.actors.otherClient, { therapistId: p.otherTherapist.id, terms: TERMS }, testContext());
    if (opened.status !== 'saved') throw new Error('could not open');
    discussing = opened.requestId;
  });
  afterAll(() => handle?.close());

  const audits = (actorId: string, action: string, subjectId?: string) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, actorId), eq(auditEvents.action, action), ...(subjectId ? [eq(auditEvents.subjectId, subjectId)] : [])));

  it('shows a request to its client, marks the thread read and audits the read', async () => {
    signIn(p.actors.client);
    const page = await getClientRequestPage(active);
    expect(page).toMatchObject({ id: active, party: 'client', state: 'active', unread: 1 });
    expect(page.thread[0]).toMatchObject({ body: 'See you Tuesday', from: 'therapist' });
    const [mark] = await db
      .select()
      .from(recordingMessageReads)
      .where(and(eq(recordingMessageReads.requestId, active), eq(recordingMessageReads.userId, p.client.id)));
    expect(mark.lastReadAt).toBeInstanceOf(Date);
    expect((await getClientRequestPage(active)).unread).toBe(0);
    expect((await audits(p.client.id, 'consent.viewed', active)).map((event) => event.outcome)).toEqual(['success', 'success']);
  });

  it('lists each relationship’s requests for its two people (metadata only), and what the signing form needs', async () => {
    signIn(p.actors.therapist);
    const therapistPage = await getTherapistNewRequestPage(p.client.id);
    expect(therapistPage).toMatchObject({ clientName: p.client.name, openRequestId: active, mayOpen: true });
    expect(therapistPage.requests).toEqual([expect.objectContaining({ id: active, state: 'active', openedBy: 'client' })]);
    expect(Object.keys(therapistPage.requests[0]).sort()).toEqual(['activatedAt', 'closedAt', 'createdAt', 'id', 'openedBy', 'state']);
    // Another therapist's client is nobody here.
    await expect404(getTherapistNewRequestPage(p.otherClient.id));
    signIn(p.actors.client);
    const clientPage = await getClientNewRequestPage();
    expect(clientPage.therapists).toEqual([expect.objectContaining({ id: p.therapist.id, openRequestId: active, requests: [expect.objectContaining({ id: active })] })]);
    expect((await getClientRequestPage(active)).viewer).toEqual({ name: 'N', hasTwoStep: false, timeZone: p.actors.client.timeZone });
  });

  it('answers 404 to anyone else, and for a client id in the path that is not the request’s; each audited', async () => {
    signIn(p.actors.otherTherapist);
    await expect404(getTherapistRequestPage(p.client.id, active));
    signIn(p.actors.therapist);
    await expect404(getTherapistRequestPage(p.otherClient.id, active));
    expect((await getTherapistRequestPage(p.client.id, active)).party).toBe('therapist');
    signIn(p.actors.otherClient);
    await expect404(getClientRequestPage(active));
    await expect404(getClientRequestPage('not-a-uuid'));
    // An admin has no such page at all.
    signIn(p.actors.admin);
    await expect404(getClientRequestPage(active));
    await expect404(getReceipt(active, 'json'));
    // A therapist is not a client: the portal's page is not theirs.
    signIn(p.actors.therapist);
    await expect404(getClientRequestPage(active));
    for (const actor of [p.otherTherapist, p.otherClient]) {
      expect((await audits(actor.id, 'consent.viewed', active)).map((event) => event.outcome)).toEqual(['denied']);
    }
    expect((await audits(p.therapist.id, 'consent.viewed', active)).map((event) => event.outcome)).toEqual(['denied', 'success']);
  });

  it('gives either person a receipt for an agreement in force, none for one still discussed, and audits each download', async () => {
    signIn(p.actors.therapist);
    const fhir = await getReceipt(active, 'fhir');
    expect(fhir.contentType).toContain('application/fhir+json');
    expect(JSON.parse(fhir.body as string)).toMatchObject({ resourceType: 'Consent', id: active, status: 'active' });
    expect(fhir.record.signatures).toHaveLength(2);
    expect(fhir.filename).toBe(`hearth-recording-agreement-${active}.fhir.json`);
    const json = await getReceipt(active, 'json');
    expect(JSON.parse(json.body as string).schema).toBe('hearth.recording-receipt.v1');
    signIn(p.actors.client);
    const pdf = await getReceipt(active, 'pdf');
    expect(Buffer.from(pdf.body as Uint8Array).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await audits(p.client.id, 'consent.receipt_downloaded')).map((event) => [event.outcome, event.metadata?.format])).toEqual([['success', 'pdf']]);
    signIn(p.actors.otherClient);
    await expect404(getReceipt(discussing, 'json'));
    expect((await audits(p.otherClient.id, 'consent.receipt_downloaded')).map((event) => [event.outcome, event.metadata?.format])).toEqual([['denied', 'json']]);
  });

  it("sends each person's notification link to their own page", async () => {
    signIn(p.actors.client);
    expect(await requestLinkFor(active)).toBe(routes.portalRecordingRequest(active));
    signIn(p.actors.therapist);
    expect(await requestLinkFor(active)).toBe(routes.practiceRecordingRequest(p.client.id, active));
    signIn(p.actors.otherTherapist);
    await expect404(requestLinkFor(active));
  });

  it('gives the dashboard, the portal home and the register to their own roles only', async () => {
    signIn(p.actors.therapist);
    const dashboard = await getTherapistRecordingDashboard();
    expect(dashboard.clients.map((client) => client.clientId)).toEqual([p.client.id]);
    expect(await audits(p.therapist.id, 'consent.statuses_viewed')).toHaveLength(1);
    await expect404(getRecordingRegister());
    await expect404(getClientRecordingHome());

    signIn(p.actors.client);
    const home = await getClientRecordingHome();
    expect(home.therapists[0].request?.state).toBe('active');
    await expect404(getTherapistRecordingDashboard());

    signIn(p.actors.admin);
    const register = await getRecordingRegister();
    expect(register.countsByState.active).toBe(1);
    expect(await audits(p.admin.id, 'consent.register_viewed')).toHaveLength(1);
    await expect404(getTherapistRecordingDashboard());
  });
});
