// Who may call which server action, and on whose objects. Server actions are public endpoints:
// anyone can POST to any page with a `Next-Action` header, whatever the page shows them. So every
// exported action is listed here, found in the source (any file under lib/ or app/ that starts
// with 'use server'), and an action without an entry in EXPECTED_ACTIONS fails the suite, as a page
// without a row in the page matrix does.
//
// Each case runs in a fresh practice V (the `practice` fixture) with a second one O
// (`otherPractice`). Every viewer calls the action the way the browser does for a form with
// useActionState: a POST to the page that hosts the form, with the action's id (from the build's
// server-reference-manifest.json) in `Next-Action` and the arguments [previous state, FormData]
// encoded by React's own encodeReply (multipart: `0` = `[{}, "$K1"]`, the fields as `1_<name>`).
// The form's fields name V's objects (its people, care relationships, invitations, versions…).
// Each answer is checked, and so is the page that would show the change (read before and after
// every call): a refusal must leave it exactly as it was, and the rightful caller's success must
// change it, which proves the request reached the action and the check is not vacuous.
import fs from 'node:fs';
import path from 'node:path';
import { request, type APIRequestContext } from '@playwright/test';
import { PASSWORD } from './accounts';
import { expect, test, type Person, type Practice } from './fixtures';
import { actionsInBuild, callAction, type Answer, type BuiltAction } from './server-actions';
import { uploadFile } from './uploads';

type ActionViewer = 'anonymous' | 'client' | 'therapist' | 'unassignedTherapist' | 'admin' | 'otherPracticeAdmin' | 'otherPracticeClient';
const ACTION_VIEWERS: ActionViewer[] = ['anonymous', 'client', 'therapist', 'unassignedTherapist', 'admin', 'otherPracticeAdmin', 'otherPracticeClient'];

/** Who each viewer is: V's people (the client's own therapist, another therapist), and O's. */
const viewerPerson: Record<Exclude<ActionViewer, 'anonymous'>, (v: Practice, o: Practice) => Person> = {
  client: (v) => v.client,
  therapist: (v) => v.therapist,
  unassignedTherapist: (v) => v.otherTherapist,
  admin: (v) => v.admin,
  otherPracticeAdmin: (_v, o) => o.admin,
  otherPracticeClient: (_v, o) => o.client,
};

/**
 * 'sign-in': sent to /login?next=…, nothing ran. 'not-found': 404 (the role lacks the permission).
 * 'refused': a deliberate refusal (a message or field errors, never `ok`, never the generic
 * failure of a crash). 'own': the action only ever works on the caller's own account or practice,
 * so it may succeed, but V's page stays as it was. 'allowed': the rightful caller; it succeeds
 * (ok, or the case's redirect) and V's page changes (unless the case says it cannot show).
 * Refusals and 'own' calls come first; 'allowed' calls last, in table order.
 */
type ActionOutcome = 'sign-in' | 'not-found' | 'refused' | 'own' | 'allowed';
type ActionExpectation = Record<ActionViewer, ActionOutcome>;

interface ActionCase {
  /** Told apart in the test title when an action has several cases. */
  label?: string;
  expect: ActionExpectation;
  /**
   * The form's fields. Ids are V's objects; extra fields (practiceId, userId) try to steer the action. `prepared` is
   * what `prepare` returned (ids and versions of objects it made).
   */
  fields: (v: Practice, o: Practice, viewer: ActionViewer, prepared: Prepared) => Record<string, string>;
  /** The page that shows what the action changes, read by this person of V before and after each call. */
  probe?: { as: (v: Practice) => Person; path: (v: Practice, prepared: Prepared) => string };
  /**
   * The page each viewer posts from, when it is not the same for all (the client's and the therapist's pages for one
   * object); else one page whose form uses the action.
   */
  page?: (v: Practice, viewer: ActionViewer, prepared: Prepared) => string;
  /** For 'allowed': where a successful call redirects (else the answer is `ok: true`). */
  redirect?: RegExp;
  /** For 'allowed': the call succeeds but changes nothing the probe shows (it was already so, or it only previews). */
  unchanged?: true;
  /** For 'allowed': what success looks like when it is neither `ok` nor a redirect. */
  success?: (answer: Answer) => boolean;
  /**
   * Run before the first call, through actions as the pages would: by V's admin, or by the viewer named. `read` gets a
   * page as a viewer (its HTML); `signedIn` is a viewer's own signed-in request context, for what no action does (an
   * upload). What it returns is handed to `fields`, `probe` and `page`.
   */
  prepare?: (
    call: PrepareCall,
    v: Practice,
    read: (as: ActionViewer, path: string) => Promise<string>,
    signedIn: (as: Exclude<ActionViewer, 'anonymous'>) => APIRequestContext,
  ) => Promise<Prepared | void>;
}

type Prepared = Record<string, string>;
type PrepareCall = (action: string, fields: Record<string, string>, as?: Exclude<ActionViewer, 'anonymous'>) => Promise<Answer>;

const SIGNED_IN_ONLY = (signedIn: ActionOutcome, overrides: Partial<ActionExpectation> = {}): ActionExpectation => ({
  anonymous: 'sign-in',
  client: signedIn,
  therapist: signedIn,
  unassignedTherapist: signedIn,
  admin: signedIn,
  otherPracticeAdmin: signedIn,
  otherPracticeClient: signedIn,
  ...overrides,
});
/** An admin's action on one of V's objects: O's admin is refused, everyone else without the permission gets a 404. */
const ADMIN_ON_OBJECT = SIGNED_IN_ONLY('not-found', { admin: 'allowed', otherPracticeAdmin: 'refused' });
/** An admin's action on the admin's own practice (no object id): O's admin can only change O. */
const ADMIN_ON_OWN_PRACTICE = SIGNED_IN_ONLY('not-found', { admin: 'allowed', otherPracticeAdmin: 'own' });
/** On the caller's own account only: anyone signed in, never anyone else's account. */
const OWN_ACCOUNT = SIGNED_IN_ONLY('own');
/** Open to everyone, signed in or not, and refused for what the test sends (a token nobody was given). */
const PUBLIC_REFUSED: ActionExpectation = { ...SIGNED_IN_ONLY('refused'), anonymous: 'refused' };

// V's people whose own-account state own-account actions must never touch: not one of the viewers.
const bystander = (v: Practice) => v.otherClient;
const NEW_PASSWORD = 'quiet lantern harbour 2041';
const UNKNOWN_TOKEN = 'e2e-unknown-token-0000000000000000000000';
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

// Recording consent: only the two people of the request act on it. Everyone else signed in (the other therapist, a
// client of another practice) is answered as if it did not exist; admins lack the permission. Each viewer posts from
// their own page for the request (the client's in the portal, the therapist's in the practice).
const CONSENT_PARTIES = SIGNED_IN_ONLY('refused', { admin: 'not-found', otherPracticeAdmin: 'not-found' });
const consentTerms = (overrides: Record<string, string> = {}): Record<string, string> => ({
  purpose_self_reflection: 'on',
  sessionsKind: 'all_from_date',
  sessionsFrom: inDays(-1),
  method: 'client_upload',
  listeners: 'client_only',
  retentionDays: '30',
  onWithdrawal: 'delete_within_days',
  onWithdrawalDays: '7',
  ...overrides,
});
const THERAPIST_SIDE: ActionViewer[] = ['therapist', 'unassignedTherapist'];
const requestPage = (v: Practice, viewer: ActionViewer, prepared: Prepared) =>
  THERAPIST_SIDE.includes(viewer) ? `/practice/clients/${v.client.id}/recording/${prepared.requestId}` : `/portal/recording/requests/${prepared.requestId}`;
const clientRequestPage = { as: (v: Practice) => v.client, path: (_v: Practice, prepared: Prepared) => `/portal/recording/requests/${prepared.requestId}` };
const DISCUSSED = ['purpose_scope', 'practice_policy', 'terms', 'law_ethics', 'alternatives'];

/** The client opens a request with their therapist; its id and row version. */
async function openConsentRequest(call: PrepareCall, v: Practice): Promise<Prepared> {
  const answer = await call('openRequestAction', { therapistId: v.therapist.id, ...consentTerms() }, 'client');
  const requestId = answer.redirect?.match(/\/portal\/recording\/requests\/([0-9a-f-]{36})$/)?.[1];
  expect(requestId, `the request is opened (${JSON.stringify(answer)})`).toBeTruthy();
  return { requestId: requestId!, rowVersion: '1' };
}

/** Both tick the given sections, in turn; the request's row version after. */
async function tickAll(call: PrepareCall, prepared: Prepared, sections = DISCUSSED): Promise<Prepared> {
  let rowVersion = Number(prepared.rowVersion);
  for (const section of sections) {
    for (const as of ['client', 'therapist'] as const) {
      const answer = await call('tickSectionAction', { requestId: prepared.requestId, section, rowVersion: String(rowVersion) }, as);
      expect(answer.state?.ok, `${as} ticks ${section} (${JSON.stringify(answer.state)})`).toBe(true);
      rowVersion = Number(answer.state!.data!.rowVersion);
    }
  }
  return { ...prepared, rowVersion: String(rowVersion) };
}

/** The fingerprint of the terms, as the signing form carries it. */
async function termsSha256(read: (as: ActionViewer, path: string) => Promise<string>, prepared: Prepared) {
  const html = await read('client', `/portal/recording/requests/${prepared.requestId}`);
  const sha = html.match(/name="termsSha256" value="([0-9a-f]{64})"/)?.[1];
  expect(sha, 'the signing form carries the terms’ hash').toBeTruthy();
  return sha!;
}

/** A request both have signed: an agreement in force. */
async function activeAgreement(call: PrepareCall, v: Practice, read: (as: ActionViewer, path: string) => Promise<string>): Promise<Prepared> {
  const prepared = await tickAll(call, await openConsentRequest(call, v));
  const sha = await termsSha256(read, prepared);
  for (const [as, person] of [['client', v.client], ['therapist', v.therapist]] as const) {
    const answer = await call('signAction', { requestId: prepared.requestId, termsSha256: sha, fullName: person.name, password: PASSWORD }, as);
    expect(answer.state?.ok, `${as} signs (${JSON.stringify(answer.state)})`).toBe(true);
  }
  return prepared;
}

/** V's therapist adds a session two days ago; its id, from the sessions page's "Session summaries" card. */
async function pastSession(call: PrepareCall, v: Practice, read: (as: ActionViewer, path: string) => Promise<string>) {
  const answer = await call('addSessionAction', { clientId: v.client.id, date: inDays(-2), start: '09:00', duration: '50', channel: 'telehealth' }, 'therapist');
  expect(answer.state?.ok, `the past session is added (${JSON.stringify(answer.state)})`).toBe(true);
  const html = await read('therapist', `/practice/clients/${v.client.id}/sessions`);
  const appointmentId = html.match(new RegExp(`/practice/clients/${v.client.id}/sessions/([0-9a-f-]{36})/summary`))?.[1];
  expect(appointmentId, 'the past session has a summary link').toBeTruthy();
  return appointmentId!;
}

/** A past session whose summary V's therapist has shared with V's client. */
async function sharedSummary(call: PrepareCall, v: Practice, read: (as: ActionViewer, path: string) => Promise<string>): Promise<Prepared> {
  const appointmentId = await pastSession(call, v, read);
  const answer = await call('saveSummaryAction', { clientId: v.client.id, appointmentId, intent: 'share', revision: 'new', keyPoints: 'A key point from the session.' }, 'therapist');
  expect(answer.state?.ok, `the summary is shared (${JSON.stringify(answer.state)})`).toBe(true);
  return { appointmentId };
}

/** The id in the first hidden field of this name on a page V's therapist reads. */
async function hiddenId(read: (as: ActionViewer, path: string) => Promise<string>, path: string, name: string) {
  const id = (await read('therapist', path)).match(new RegExp(`name="${name}" value="([0-9a-f-]{36})"`))?.[1];
  expect(id, `${path} has a form with ${name}`).toBeTruthy();
  return id!;
}

/** An exercise in V's therapist's library. */
async function libraryExercise(call: PrepareCall, read: (as: ActionViewer, path: string) => Promise<string>): Promise<Prepared> {
  const answer = await call('saveExerciseAction', { title: 'Box breathing', instructions: 'Breathe in for four.\nBreathe out for four.' }, 'therapist');
  expect(answer.state?.ok, `the exercise is added (${JSON.stringify(answer.state)})`).toBe(true);
  return { exerciseId: await hiddenId(read, '/practice/exercises', 'exerciseId') };
}

const companionPage = { as: (v: Practice) => v.therapist, path: (v: Practice, prepared: Prepared) => `/practice/clients/${v.client.id}/sessions/${prepared.appointmentId}/companion` };
// Summaries and the companion are the client's own therapist's to write: the other therapist is told the session is
// not among theirs; everyone else lacks the permission.
const SUMMARY_WRITER = SIGNED_IN_ONLY('not-found', { therapist: 'allowed', unassignedTherapist: 'refused' });

/** An episode composed from a shared summary of V's client, not released: its session and its id. */
async function composedEpisode(call: PrepareCall, v: Practice, read: (as: ActionViewer, path: string) => Promise<string>): Promise<Prepared> {
  const prepared = await sharedSummary(call, v, read);
  const answer = await call('composeEpisodeAction', { clientId: v.client.id, appointmentId: prepared.appointmentId, kind: 'after_session' }, 'therapist');
  expect(answer.state?.ok, `the episode is composed (${JSON.stringify(answer.state)})`).toBe(true);
  return { ...prepared, episodeId: await hiddenId(read, companionPage.path(v, prepared), 'episodeId') };
}

/** An entry in V's client's journal, written the way the editor saves (its autosave route); its id. */
async function journalEntry(client: APIRequestContext, title: string): Promise<Prepared> {
  const entryId = crypto.randomUUID();
  const response = await client.put(`/api/journal/entries/${entryId}`, {
    data: {
      baseVersion: 0,
      editor: 'action-matrix',
      seq: 1,
      entryDate: inDays(-2),
      appointmentId: null,
      content: { title, prompts: { keyPoints: '', learned: '', practise: '', feeling: '' }, text: 'Written for the action matrix.', mood: null, tags: [] },
    },
  });
  expect(response.status(), `the entry is saved (${await response.text()})`).toBe(200);
  return { entryId };
}

// The journal is the client's own: O's client is told the entry does not exist; nobody else has the permission.
const JOURNAL_OWNER = SIGNED_IN_ONLY('not-found', { client: 'allowed', otherPracticeClient: 'refused' });
const clientEntryPage = { as: (v: Practice) => v.client, path: (_v: Practice, prepared: Prepared) => `/portal/journal/${prepared.entryId}` };

const nameOf = (v: Practice, o: Practice, viewer: ActionViewer) => (viewer === 'anonymous' ? 'Nobody' : viewerPerson[viewer](v, o).name);

const EXPECTED_ACTIONS: Record<string, ActionCase | ActionCase[]> = {
  // Sign-in: the code step with a challenge nobody was given (no password guesses, which the
  // address's failure budget would count for the whole suite).
  signInAction: {
    expect: PUBLIC_REFUSED,
    fields: (v) => ({ challenge: 'e2e-forged-challenge', code: '123456', email: v.client.email }),
  },
  signOutAction: {
    expect: OWN_ACCOUNT,
    fields: (v) => ({ userId: bystander(v).id }),
    probe: { as: bystander, path: () => '/account' },
  },
  signOutEverywhereAction: {
    expect: OWN_ACCOUNT,
    fields: (v) => ({ userId: bystander(v).id }),
    probe: { as: bystander, path: () => '/account' },
  },
  changePasswordAction: {
    expect: OWN_ACCOUNT,
    fields: (v) => ({ userId: bystander(v).id, email: bystander(v).email, currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    probe: { as: bystander, path: () => '/account' },
  },
  requestPasswordResetAction: {
    // Open to anyone by design, with the same answer whether or not the account exists.
    expect: { ...SIGNED_IN_ONLY('allowed'), anonymous: 'allowed' },
    fields: (v) => ({ email: v.client.email }),
    unchanged: true,
  },
  setNewPasswordAction: {
    expect: PUBLIC_REFUSED,
    fields: (v) => ({ token: UNKNOWN_TOKEN, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD, userId: v.client.id, email: v.client.email }),
  },
  startMfaEnrolmentAction: {
    expect: OWN_ACCOUNT,
    fields: (v) => ({ userId: bystander(v).id }),
    probe: { as: bystander, path: () => '/account/security' },
  },
  confirmMfaEnrolmentAction: {
    expect: OWN_ACCOUNT,
    fields: (v) => ({ userId: bystander(v).id, code: '123456' }),
    probe: { as: bystander, path: () => '/account/security' },
  },
  regenerateRecoveryCodesAction: {
    expect: OWN_ACCOUNT,
    fields: (v) => ({ userId: bystander(v).id, code: '123456' }),
    probe: { as: bystander, path: () => '/account/security' },
  },
  disableMfaAction: {
    expect: OWN_ACCOUNT,
    fields: (v) => ({ userId: bystander(v).id, currentPassword: PASSWORD, code: '123456' }),
    probe: { as: bystander, path: () => '/account/security' },
  },
  saveLocationAction: {
    expect: SIGNED_IN_ONLY('not-found', { client: 'own', otherPracticeClient: 'own' }),
    fields: (v) => ({ userId: bystander(v).id, country: 'US', region: 'US-CA' }),
    probe: { as: bystander, path: () => '/portal/recording' },
  },
  changeRoleAction: {
    expect: ADMIN_ON_OBJECT,
    fields: (v) => ({ userId: v.formerClient.id, role: 'therapist' }),
    probe: { as: (v) => v.admin, path: () => '/admin/users' },
  },
  deactivateUserAction: {
    expect: ADMIN_ON_OBJECT,
    fields: (v) => ({ userId: v.otherClient.id }),
    probe: { as: (v) => v.admin, path: () => '/admin/users' },
  },
  reactivateUserAction: {
    expect: ADMIN_ON_OBJECT,
    fields: (v) => ({ userId: v.formerClient.id }),
    probe: { as: (v) => v.admin, path: () => '/admin/users' },
  },
  assignCareAction: {
    expect: ADMIN_ON_OBJECT,
    fields: (v) => ({ clientId: v.client.id, therapistId: v.otherTherapist.id }),
    probe: { as: (v) => v.admin, path: () => '/admin/relationships' },
  },
  endCareAction: {
    expect: ADMIN_ON_OBJECT,
    fields: (v) => ({ relationshipId: v.careIds.client }),
    probe: { as: (v) => v.admin, path: () => '/admin/relationships' },
  },
  savePracticeSettingsAction: {
    expect: ADMIN_ON_OWN_PRACTICE,
    fields: (v, _o, viewer) => ({ practiceId: v.id, name: `Renamed by ${viewer}`, timeZone: 'Pacific/Auckland', idleTimeoutMinutes: '42' }),
    probe: { as: (v) => v.admin, path: () => '/admin/settings' },
  },
  saveRecordingSettingsAction: {
    expect: ADMIN_ON_OWN_PRACTICE,
    fields: (v) => ({
      practiceId: v.id,
      allowed: 'never',
      maxRetentionDays: '11',
      maxUploadMb: '12',
      requestOpeners: 'therapist',
    }),
    probe: { as: (v) => v.admin, path: () => '/admin/recording' },
  },
  saveDraftAction: {
    expect: ADMIN_ON_OWN_PRACTICE,
    fields: (v, _o, viewer) => ({ practiceId: v.id, kind: 'recording', title: `Draft by ${viewer}`, body: `Text by ${viewer}.` }),
    probe: { as: (v) => v.admin, path: () => '/admin/policies/recording' },
  },
  publishDraftAction: {
    expect: ADMIN_ON_OWN_PRACTICE,
    // V has a saved draft, so V's admin can publish it and only O's admin's own (absent) draft is at stake for O's admin.
    prepare: async (call) => {
      const answer = await call('saveDraftAction', { kind: 'recording', title: 'Recording policy', body: 'A draft of V, to publish.' });
      expect(answer.state?.ok, 'the draft to publish is saved').toBe(true);
    },
    fields: (v) => ({ practiceId: v.id, kind: 'recording', effectiveOn: today(), changeSummary: 'Published by the matrix.' }),
    probe: { as: (v) => v.admin, path: () => '/admin/policies/recording' },
    redirect: /^\/admin\/policies\/recording\?published=3$/,
  },
  startDraftFromVersionAction: {
    expect: ADMIN_ON_OBJECT,
    fields: (v) => ({ versionId: v.policyVersionIds.recording[0] }),
    probe: { as: (v) => v.admin, path: () => '/admin/policies/recording' },
    redirect: /^\/admin\/policies\/recording\?from=1$/,
  },
  acknowledgePoliciesAction: {
    // V's client has acknowledged them already: acknowledging again is accepted and changes nothing.
    expect: SIGNED_IN_ONLY('not-found', { client: 'allowed', otherPracticeClient: 'refused' }),
    fields: (v) => {
      const inForce = Object.values(v.policyVersionIds).map((ids) => ids[ids.length - 1]);
      return { versionIds: inForce.join(','), ...Object.fromEntries(inForce.map((id) => [`confirm-${id}`, 'on'])) };
    },
    probe: { as: (v) => v.admin, path: () => '/admin/policies/acknowledgements' },
    redirect: /^\/portal$/,
    unchanged: true,
  },
  inviteAction: [
    {
      label: 'a client, for a therapist',
      // A therapist invites clients for themselves only; the other therapist may not name them.
      expect: SIGNED_IN_ONLY('not-found', { therapist: 'allowed', unassignedTherapist: 'refused', admin: 'allowed', otherPracticeAdmin: 'refused' }),
      fields: (v, _o, viewer) => ({ email: `invited-by-${viewer.toLowerCase()}-${v.slug}@e2e.test`, role: 'client', therapistId: v.therapist.id }),
      probe: { as: (v) => v.admin, path: () => '/admin/users/invite' },
    },
    {
      label: 'an admin',
      expect: SIGNED_IN_ONLY('not-found', { therapist: 'refused', unassignedTherapist: 'refused', admin: 'allowed', otherPracticeAdmin: 'own' }),
      fields: (v, _o, viewer) => ({ practiceId: v.id, email: `admin-invited-by-${viewer.toLowerCase()}-${v.slug}@e2e.test`, role: 'admin' }),
      probe: { as: (v) => v.admin, path: () => '/admin/users/invite' },
    },
  ],
  revokeInvitationAction: {
    expect: ADMIN_ON_OBJECT,
    fields: (v) => ({ invitationId: v.pendingInvitation.id }),
    probe: { as: (v) => v.admin, path: () => '/admin/users/invite' },
  },
  acceptInvitationAction: {
    expect: PUBLIC_REFUSED,
    fields: (v) => ({ token: UNKNOWN_TOKEN, invitationId: v.pendingInvitation.id, name: 'Mallory', password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    probe: { as: (v) => v.admin, path: () => '/admin/users/invite' },
  },
  markReadAction: {
    // The client's own notification: everyone else is refused as if it did not exist.
    expect: SIGNED_IN_ONLY('refused', { client: 'allowed' }),
    fields: (v) => ({ id: v.notificationIds.client }),
    probe: { as: (v) => v.client, path: () => '/notifications' },
  },
  markAllReadAction: {
    expect: OWN_ACCOUNT,
    fields: (v) => ({ userId: bystander(v).id }),
    probe: { as: bystander, path: () => '/notifications' },
  },
  setEmailPreferenceAction: {
    expect: OWN_ACCOUNT,
    fields: (v) => ({ userId: bystander(v).id, email: 'on' }),
    probe: { as: bystander, path: () => '/account/notifications' },
  },
  // Sessions: the client's own therapist manages them; the other therapist is told the client
  // (or session) is not among theirs, as if it did not exist.
  addSessionAction: {
    expect: SIGNED_IN_ONLY('not-found', { therapist: 'allowed', unassignedTherapist: 'refused' }),
    fields: (v, _o, viewer) => ({ clientId: v.client.id, date: inDays(7 + ACTION_VIEWERS.indexOf(viewer)), start: '09:00', duration: '50', channel: 'telehealth' }),
    probe: { as: (v) => v.therapist, path: (v) => `/practice/clients/${v.client.id}/sessions` },
  },
  importSessionsAction: {
    // The preview step: it shows what would be added and changes nothing.
    expect: SIGNED_IN_ONLY('not-found', { therapist: 'allowed', unassignedTherapist: 'refused' }),
    fields: (v) => ({ clientId: v.client.id, step: 'preview', csv: `date,start,duration,channel\n${inDays(20)},14:00,50,in_person\n` }),
    probe: { as: (v) => v.therapist, path: (v) => `/practice/clients/${v.client.id}/sessions` },
    unchanged: true,
    success: (answer) => typeof answer.state?.data?.preview === 'string',
  },
  rescheduleSessionAction: {
    expect: SIGNED_IN_ONLY('not-found', { therapist: 'allowed', unassignedTherapist: 'refused' }),
    fields: (v) => ({ appointmentId: v.appointmentId, date: inDays(3), start: '15:30', duration: '45', channel: 'telehealth' }),
    probe: { as: (v) => v.therapist, path: (v) => `/practice/clients/${v.client.id}/sessions` },
  },
  cancelSessionAction: {
    expect: SIGNED_IN_ONLY('not-found', { therapist: 'allowed', unassignedTherapist: 'refused' }),
    fields: (v) => ({ appointmentId: v.appointmentId }),
    probe: { as: (v) => v.therapist, path: (v) => `/practice/clients/${v.client.id}/sessions` },
  },
  openRequestAction: [
    {
      label: 'by the client, with their therapist',
      // The therapist names no client here, so theirs is refused too; the other therapist and O's client are not this care.
      expect: { ...CONSENT_PARTIES, client: 'allowed' },
      fields: (v) => ({ therapistId: v.therapist.id, ...consentTerms() }),
      probe: { as: (v) => v.therapist, path: (v) => `/practice/clients/${v.client.id}/recording` },
      redirect: /^\/portal\/recording\/requests\/[0-9a-f-]{36}$/,
    },
    {
      label: 'by the therapist, with their client',
      expect: { ...CONSENT_PARTIES, therapist: 'allowed' },
      fields: (v) => ({ clientId: v.client.id, ...consentTerms() }),
      probe: { as: (v) => v.client, path: () => '/portal/recording' },
      redirect: /^\/practice\/clients\/[0-9a-f-]{36}\/recording\/[0-9a-f-]{36}$/,
    },
  ],
  changeTermsAction: {
    // Both may change the terms; the therapist saves on top of the client's change (version 2).
    expect: { ...CONSENT_PARTIES, client: 'allowed', therapist: 'allowed' },
    prepare: (call, v) => openConsentRequest(call, v),
    fields: (_v, _o, viewer, prepared) => ({
      requestId: prepared.requestId,
      baseVersion: viewer === 'therapist' ? '2' : '1',
      ...consentTerms({ retentionDays: viewer === 'therapist' ? '60' : '45' }),
    }),
    page: requestPage,
    probe: clientRequestPage,
  },
  tickSectionAction: {
    expect: { ...CONSENT_PARTIES, client: 'allowed', therapist: 'allowed' },
    prepare: (call, v) => openConsentRequest(call, v),
    fields: (_v, _o, viewer, prepared) => ({ requestId: prepared.requestId, section: 'purpose_scope', rowVersion: viewer === 'therapist' ? '2' : '1' }),
    page: requestPage,
    probe: clientRequestPage,
  },
  untickSectionAction: {
    expect: { ...CONSENT_PARTIES, client: 'allowed', therapist: 'allowed' },
    prepare: async (call, v) => tickAll(call, await openConsentRequest(call, v), ['purpose_scope']),
    fields: (_v, _o, viewer, prepared) => ({
      requestId: prepared.requestId,
      section: 'purpose_scope',
      rowVersion: String(Number(prepared.rowVersion) + (viewer === 'therapist' ? 1 : 0)),
    }),
    page: requestPage,
    probe: clientRequestPage,
  },
  savePreferencesAction: {
    // The therapist's own words: the client is refused too.
    expect: { ...CONSENT_PARTIES, therapist: 'allowed' },
    prepare: (call, v) => openConsentRequest(call, v),
    fields: (_v, _o, viewer, prepared) => ({ requestId: prepared.requestId, rowVersion: prepared.rowVersion, preferences: `Preferences written by ${viewer}.` }),
    page: requestPage,
    probe: clientRequestPage,
  },
  proposeAlternativesAction: {
    expect: { ...CONSENT_PARTIES, client: 'allowed', therapist: 'allowed' },
    prepare: (call, v) => openConsentRequest(call, v),
    fields: (_v, _o, viewer, prepared): Record<string, string> =>
      viewer === 'therapist'
        ? { requestId: prepared.requestId, rowVersion: '2', alternative_therapist_summaries: 'on' }
        : { requestId: prepared.requestId, rowVersion: '1', alternative_journaling: 'on' },
    page: requestPage,
    probe: clientRequestPage,
  },
  sendMessageAction: {
    expect: { ...CONSENT_PARTIES, client: 'allowed', therapist: 'allowed' },
    prepare: (call, v) => openConsentRequest(call, v),
    fields: (_v, _o, viewer, prepared) => ({ requestId: prepared.requestId, body: `A message from ${viewer}.` }),
    page: requestPage,
    probe: clientRequestPage,
  },
  signAction: {
    // Replayed by someone else with their own name and password: still not theirs to sign.
    expect: { ...CONSENT_PARTIES, client: 'allowed', therapist: 'allowed' },
    prepare: async (call, v, read) => {
      const prepared = await tickAll(call, await openConsentRequest(call, v));
      return { ...prepared, termsSha256: await termsSha256(read, prepared) };
    },
    fields: (v, o, viewer, prepared) => ({ requestId: prepared.requestId, termsSha256: prepared.termsSha256, fullName: nameOf(v, o, viewer), password: PASSWORD }),
    page: requestPage,
    probe: clientRequestPage,
  },
  declineAction: {
    // Saying no is the client's.
    expect: { ...CONSENT_PARTIES, client: 'allowed' },
    prepare: (call, v) => openConsentRequest(call, v),
    fields: (_v, _o, _viewer, prepared) => ({ requestId: prepared.requestId, alternative_journaling: 'on' }),
    page: requestPage,
    probe: clientRequestPage,
  },
  withdrawAction: {
    // In discussion, the therapist withdraws; the client's no is a decline (refused here, with that advice).
    expect: { ...CONSENT_PARTIES, therapist: 'allowed' },
    prepare: (call, v) => openConsentRequest(call, v),
    fields: (_v, _o, viewer, prepared) => ({ requestId: prepared.requestId, reason: `Withdrawn by ${viewer}.` }),
    page: requestPage,
    probe: clientRequestPage,
  },
  answerSessionAction: {
    // "Still OK to record?" is the client's question, for V's session tomorrow under the agreement in force.
    expect: { ...CONSENT_PARTIES, client: 'allowed' },
    prepare: (call, v, read) => activeAgreement(call, v, read),
    fields: (v, _o, _viewer, prepared) => ({ requestId: prepared.requestId, appointmentId: v.appointmentId, answer: 'not_this_time' }),
    page: requestPage,
    probe: clientRequestPage,
  },
  deleteFileAction: {
    // Only the person who shared a file deletes it: V's client, their own upload. Their therapist is refused (not the
    // uploader); the other therapist and O's client as if it did not exist; admins lack the permission. Each viewer
    // posts from their own page for the space.
    expect: { ...CONSENT_PARTIES, client: 'allowed' },
    prepare: async (_call, v, _read, signedIn) => ({
      spaceId: v.careIds.client,
      fileId: await uploadFile(signedIn('client'), { space: v.careIds.client, kind: 'worksheet', filename: 'week-2.txt' }, Buffer.from('A worksheet of V’s client.\n')),
    }),
    fields: (_v, _o, _viewer, prepared) => ({ fileId: prepared.fileId }),
    page: (v, viewer, prepared) => (THERAPIST_SIDE.includes(viewer) ? `/practice/clients/${v.client.id}/files` : `/portal/files/${prepared.spaceId}`),
    probe: { as: (v) => v.client, path: (_v, prepared) => `/portal/files/${prepared.spaceId}` },
  },
  // Reflection reminders: a client's own settings. O's client saves their own (V's page stays as it was); the fields
  // naming V's client steer nothing; staff lack the permission.
  saveRemindersAction: {
    expect: SIGNED_IN_ONLY('not-found', { client: 'allowed', otherPracticeClient: 'own' }),
    fields: (v) => ({ clientId: v.client.id, practiceId: v.id, timeZone: 'Europe/London', afterSession: 'on', afterSessionTime: '19:00', email: 'on' }),
    probe: { as: (v) => v.client, path: () => '/portal/reminders' },
  },
  setUpRemindersAction: {
    // Offered to V's client after declining recording with journaling chosen; O's client is not offered it (refused).
    expect: SIGNED_IN_ONLY('not-found', { client: 'allowed', otherPracticeClient: 'own' }),
    prepare: async (call, v) => {
      const prepared = await openConsentRequest(call, v);
      const answer = await call('declineAction', { requestId: prepared.requestId, alternative_journaling: 'on' }, 'client');
      expect(answer.state?.ok, `the client declines (${JSON.stringify(answer.state)})`).toBe(true);
      return prepared;
    },
    fields: (v) => ({ clientId: v.client.id }),
    probe: { as: (v) => v.client, path: () => '/portal/reminders' },
    redirect: /^\/portal\/reminders$/,
  },
  // The exercise library: each therapist's own. The other therapist adds to their own library (V's stays as it was)
  // and is refused V's therapist's exercises.
  saveExerciseAction: [
    {
      label: 'a new exercise',
      expect: SIGNED_IN_ONLY('not-found', { therapist: 'allowed', unassignedTherapist: 'own' }),
      fields: (v, _o, viewer) => ({ therapistId: v.therapist.id, title: `Grounding by ${viewer}`, instructions: 'Name five things you can see.' }),
      probe: { as: (v) => v.therapist, path: () => '/practice/exercises' },
    },
    {
      label: 'an exercise of the library',
      expect: SIGNED_IN_ONLY('not-found', { therapist: 'allowed', unassignedTherapist: 'refused' }),
      prepare: (call, _v, read) => libraryExercise(call, read),
      fields: (_v, _o, viewer, prepared) => ({ exerciseId: prepared.exerciseId, title: `Changed by ${viewer}`, instructions: 'Breathe slowly.' }),
      probe: { as: (v) => v.therapist, path: () => '/practice/exercises' },
    },
  ],
  archiveExerciseAction: {
    expect: SIGNED_IN_ONLY('not-found', { therapist: 'allowed', unassignedTherapist: 'refused' }),
    prepare: (call, _v, read) => libraryExercise(call, read),
    fields: (_v, _o, _viewer, prepared) => ({ exerciseId: prepared.exerciseId }),
    probe: { as: (v) => v.therapist, path: () => '/practice/exercises' },
  },
  // A summary of V's client's past session, shared: the client's session notes show it.
  saveSummaryAction: {
    expect: SUMMARY_WRITER,
    prepare: async (call, v, read) => ({ appointmentId: await pastSession(call, v, read) }),
    fields: (v, _o, viewer, prepared) => ({
      clientId: v.client.id,
      appointmentId: prepared.appointmentId,
      intent: 'share',
      revision: 'new',
      keyPoints: `Key points written by ${viewer}.`,
    }),
    probe: { as: (v) => v.client, path: () => '/portal/summaries' },
  },
  composeEpisodeAction: {
    expect: SUMMARY_WRITER,
    prepare: (call, v, read) => sharedSummary(call, v, read),
    fields: (v, _o, _viewer, prepared) => ({ clientId: v.client.id, appointmentId: prepared.appointmentId, kind: 'after_session', exercise: '' }),
    probe: companionPage,
  },
  releaseEpisodeAction: {
    expect: SUMMARY_WRITER,
    prepare: composedEpisode,
    fields: (v, _o, _viewer, prepared) => ({ clientId: v.client.id, appointmentId: prepared.appointmentId, episodeId: prepared.episodeId }),
    probe: companionPage,
  },
  withdrawEpisodeAction: {
    expect: SUMMARY_WRITER,
    prepare: async (call, v, read) => {
      const prepared = await composedEpisode(call, v, read);
      const answer = await call('releaseEpisodeAction', { clientId: v.client.id, appointmentId: prepared.appointmentId, episodeId: prepared.episodeId }, 'therapist');
      expect(answer.state?.ok, `the episode is released (${JSON.stringify(answer.state)})`).toBe(true);
      // Its audio is made by a job: once it has reached the client, the page stays as it is until someone withdraws it.
      await expect.poll(async () => (await read('therapist', companionPage.path(v, prepared))).includes('Reached'), { timeout: 60_000 }).toBe(true);
      return prepared;
    },
    fields: (v, _o, _viewer, prepared) => ({ clientId: v.client.id, appointmentId: prepared.appointmentId, episodeId: prepared.episodeId }),
    probe: companionPage,
  },
  shareEntryAction: {
    expect: JOURNAL_OWNER,
    prepare: (_call, _v, _read, signedIn) => journalEntry(signedIn('client'), 'To share'),
    fields: (v, _o, _viewer, prepared) => ({ entryId: prepared.entryId, therapistId: v.therapist.id }),
    probe: clientEntryPage,
  },
  revokeShareAction: {
    expect: JOURNAL_OWNER,
    prepare: async (call, v, _read, signedIn) => {
      const prepared = await journalEntry(signedIn('client'), 'Shared, then not');
      const answer = await call('shareEntryAction', { entryId: prepared.entryId, therapistId: v.therapist.id }, 'client');
      expect(answer.state?.ok, `the entry is shared (${JSON.stringify(answer.state)})`).toBe(true);
      return prepared;
    },
    fields: (_v, _o, _viewer, prepared) => ({ entryId: prepared.entryId }),
    probe: clientEntryPage,
  },
  deleteEntryAction: {
    expect: JOURNAL_OWNER,
    prepare: (_call, _v, _read, signedIn) => journalEntry(signedIn('client'), 'To delete'),
    fields: (_v, _o, _viewer, prepared) => ({ entryId: prepared.entryId }),
    probe: { as: (v) => v.client, path: () => '/portal/journal' },
    redirect: /^\/portal\/journal\?deleted=1$/,
  },
  retryJobAction: {
    expect: ADMIN_ON_OBJECT,
    fields: (v) => ({ jobId: String(v.failedJobId) }),
    probe: { as: (v) => v.admin, path: () => '/admin/jobs' },
  },
};

// ---------------------------------------------------------------------------------------------
// Finding the actions: in the source, and in the production build the server runs.

const ROOT = path.join(import.meta.dirname, '..');
const SOURCE_DIRS = ['lib', 'app'];

interface SourceAction {
  name: string;
  file: string;
  /** Through the wrapper that authenticates, authorises and validates, or a bare function. */
  wrapper: 'authedAction' | 'publicAction' | 'function';
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|jsx|mjs)$/.test(entry.name) && !/\.test\.|\.d\.ts$/.test(entry.name) ? [full] : [];
  });
}

const USE_SERVER_FILE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use server['"]/;
const USE_SERVER_ANYWHERE = /['"]use server['"]/;

/** Every exported server action in the source, and anything in a 'use server' file this scan cannot classify. */
function actionsInSource(): { actions: SourceAction[]; problems: string[] } {
  const actions: SourceAction[] = [];
  const problems: string[] = [];
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
    const text = fs.readFileSync(file, 'utf8');
    const relative = path.relative(ROOT, file).split(path.sep).join('/');
    if (!USE_SERVER_FILE.test(text)) {
      if (USE_SERVER_ANYWHERE.test(text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''))) {
        problems.push(`${relative}: 'use server' inside a function; put actions in a feature's actions.ts so the matrix sees them`);
      }
      continue;
    }
    for (const line of text.split('\n')) {
      if (!/^export\b/.test(line)) continue;
      const wrapped = line.match(/^export\s+const\s+(\w+)\s*(?::[^=]+)?=\s*(authedAction|publicAction)\s*[(<]/);
      const fn = line.match(/^export\s+async\s+function\s+(\w+)/);
      if (wrapped) actions.push({ name: wrapped[1], file: relative, wrapper: wrapped[2] as SourceAction['wrapper'] });
      else if (fn) actions.push({ name: fn[1], file: relative, wrapper: 'function' });
      else if (!/^export\s+(type|interface)\b/.test(line)) problems.push(`${relative}: an export the action scan does not understand: ${line.trim()}`);
    }
  }
  return { actions, problems };
}

test('every exported server action has an entry in the action matrix, and every entry an action', () => {
  const { actions, problems } = actionsInSource();
  expect(problems, 'exports in use-server files that the matrix cannot classify').toEqual([]);
  const names = actions.map((action) => action.name);
  expect(names.filter((name, index) => names.indexOf(name) !== index), 'action names exported twice (the table is keyed by name)').toEqual([]);
  const inTable = Object.keys(EXPECTED_ACTIONS);
  expect(names.filter((name) => !inTable.includes(name)).sort(), 'actions without an expected row').toEqual([]);
  expect(inTable.filter((name) => !names.includes(name)).sort(), 'expected rows without an action in the source').toEqual([]);
  // Everything the build can be asked to run was found by the scan above.
  const inSource = new Set(actions.map((action) => `${action.file}#${action.name}`));
  expect([...actionsInBuild().keys()].filter((key) => !inSource.has(key)).sort(), 'actions in the build the source scan missed').toEqual([]);
});

const GENERIC_FAILURE = /Something went wrong on our side/;

function describeAnswer(answer: Answer) {
  if (answer.unrecognised) return `${answer.status} action not found on the server`;
  if (answer.redirect) return answer.redirect.startsWith('/login?next=') ? 'sign-in' : `redirect → ${answer.redirect}`;
  if (answer.rejected) return `${answer.status} threw ${answer.rejected}`;
  if (!answer.state) return `${answer.status} without an action result`;
  const { ok, message, errors } = answer.state;
  return `${answer.status} ${ok ? 'ok' : 'not ok'}: ${message ?? ''}${errors ? ` ${JSON.stringify(errors)}` : ''}`;
}

/** Whether the answer is what the outcome allows. */
function answerFits(outcome: ActionOutcome, answer: Answer, actionCase: ActionCase) {
  const { redirect, success } = actionCase;
  const refused = answer.status === 200 && !!answer.state && answer.state.ok !== true && !GENERIC_FAILURE.test(answer.state.message ?? '') && !!(answer.state.message || answer.state.errors);
  const succeeded = success
    ? answer.status === 200 && success(answer)
    : redirect
      ? !!answer.redirect && redirect.test(answer.redirect)
      : answer.status === 200 && answer.state?.ok === true;
  switch (outcome) {
    case 'sign-in':
      return !!answer.redirect?.startsWith('/login?next=');
    case 'not-found':
      return answer.status === 404 && !!answer.rejected?.includes('404');
    case 'refused':
      return refused;
    case 'own':
      // Anything but a crash, a missing action, a sign-in or a 404.
      return (answer.status === 200 && !!answer.redirect && !answer.redirect.startsWith('/login?next=')) || refused || (answer.status === 200 && answer.state?.ok === true);
    case 'allowed':
      return succeeded;
  }
}

/**
 * The probe page as its reader sees it: status, redirect, and the main content, without what
 * differs between two renders of the same data: CSP nonces, and the numbers React gives each
 * form's hidden action fields in the order the forms happened to finish rendering.
 */
async function snapshot(context: APIRequestContext, pathname: string) {
  const response = await context.get(pathname, { maxRedirects: 0 });
  const html = await response.text();
  const main = html.includes('<main') ? html.slice(html.indexOf('<main'), html.indexOf('</main>') + 7) : html;
  const stable = main
    .replace(/ nonce="[^"]*"/g, '')
    .replace(/\$ACTION_REF_\d+/g, '$ACTION_REF_n')
    .replace(/\$ACTION_\d+:/g, '$ACTION_n:');
  return `${response.status()} ${response.headers().location ?? ''}\n${stable}`;
}

test.describe('action matrix', () => {
  let built: Map<string, BuiltAction>;
  let sources: Map<string, SourceAction>;
  test.beforeAll(() => {
    built = actionsInBuild();
    sources = new Map(actionsInSource().actions.map((action) => [action.name, action]));
  });

  for (const [name, entry] of Object.entries(EXPECTED_ACTIONS)) {
    for (const actionCase of Array.isArray(entry) ? entry : [entry]) {
      test(`${name}${actionCase.label ? ` (${actionCase.label})` : ''}`, async ({ practice: v, otherPractice: o, baseURL }) => {
        const source = sources.get(name);
        expect(source, `${name} is exported by a 'use server' file`).toBeDefined();
        const action = built.get(`${source!.file}#${name}`)!;
        // An action no page or layout uses has no endpoint: it is dead code, not a case to pass.
        expect(action, `${name} is used by a page or layout, so the build has an endpoint for it`).toBeDefined();
        const signInId = built.get(`${sources.get('signInAction')!.file}#signInAction`)!.id;
        const contexts: APIRequestContext[] = [];
        const newContext = async (person?: Person) => {
          const context = await request.newContext({ baseURL });
          contexts.push(context);
          if (person) {
            const answer = await callAction(context, baseURL!, signInId, '/login', { email: person.email, password: PASSWORD });
            expect(answer.redirect, `${person.email} signs in`).toBeTruthy();
            expect(answer.redirect).not.toMatch(/^\/login/);
          }
          return context;
        };
        try {
          const callers = {} as Record<ActionViewer, APIRequestContext>;
          for (const viewer of ACTION_VIEWERS) callers[viewer] = await newContext(viewer === 'anonymous' ? undefined : viewerPerson[viewer](v, o));
          let prepared: Prepared = {};
          if (actionCase.prepare) {
            const call: PrepareCall = (other, fields, as = 'admin') => {
              const otherAction = built.get(`${sources.get(other)!.file}#${other}`)!;
              return callAction(callers[as], baseURL!, otherAction.id, actionCase.page?.(v, as, prepared) ?? pageOf(otherAction, v, prepared), fields);
            };
            const read = async (as: ActionViewer, pathname: string) => (await callers[as].get(pathname)).text();
            prepared = (await actionCase.prepare(call, v, read, (as) => callers[as])) ?? {};
          }
          const probeContext = actionCase.probe ? await newContext(actionCase.probe.as(v)) : undefined;
          const look = () => (probeContext ? snapshot(probeContext, actionCase.probe!.path(v, prepared)) : Promise.resolve(''));

          const order = [...ACTION_VIEWERS.filter((viewer) => actionCase.expect[viewer] !== 'allowed'), ...ACTION_VIEWERS.filter((viewer) => actionCase.expect[viewer] === 'allowed')];
          const results: string[] = [];
          const wanted: string[] = [];
          for (const viewer of order) {
            const outcome = actionCase.expect[viewer];
            const before = await look();
            const from = actionCase.page?.(v, viewer, prepared) ?? pageOf(action, v, prepared);
            const answer = await callAction(callers[viewer], baseURL!, action.id, from, actionCase.fields(v, o, viewer, prepared));
            const after = await look();
            const changed = before !== after;
            const changeWanted = outcome === 'allowed' && !!actionCase.probe && !actionCase.unchanged;
            const fits = answerFits(outcome, answer, actionCase) && changed === changeWanted;
            const want = `${viewer}: ${outcome}${changeWanted ? ', page changed' : actionCase.probe ? ', page unchanged' : ''}`;
            wanted.push(want);
            results.push(fits ? want : `${viewer}: ${describeAnswer(answer)}${actionCase.probe ? (changed ? `, page CHANGED ${firstDifference(before, after)}` : ', page unchanged') : ''}`);
          }
          expect(results, `${name} posted to ${actionCase.page ? 'each viewer’s page' : pageOf(action, v, prepared)}`).toEqual(wanted);
        } finally {
          await Promise.all(contexts.map((context) => context.dispose()));
        }
      });
    }
  }
});

/** Where two snapshots first differ, with a little context, for the failure message. */
function firstDifference(before: string, after: string) {
  let at = 0;
  while (at < before.length && before[at] === after[at]) at++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 80), at + 80));
  return `(before: ${around(before)}, after: ${around(after)})`;
}

/** The page the browser posts the action to: one whose form uses it (a static one if there is), filled in from V. */
function pageOf(action: BuiltAction, v: Practice, prepared: Prepared = {}) {
  const pattern = action.pages.find((page) => !page.includes('[')) ?? action.pages[0] ?? '/';
  const values: Record<string, string> = { clientId: v.client.id, kind: 'recording', version: '1', token: UNKNOWN_TOKEN, ...prepared };
  return pattern.replace(/\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}/g, (_, segment: string) => encodeURIComponent(values[segment] ?? 'unknown'));
}
