// The recording status where each person lands: the client's portal home (status with each therapist, "Withdraw" in
// two clicks, "Still OK to record this session?"), the therapist's dashboard and day schedule, and the admin's
// register (counts by state, metadata only). Each test takes a fresh practice. The agreement each test starts from is
// reached by calling the discussion's server actions as the browser's forms do (the discussion pages themselves are
// walked through in consent.spec.ts); everything this spec is about is done on the pages, by role and label.
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { DISCUSSION_SECTIONS, type ConsentTerms } from '../lib/consent/model';
import { termsSha256 } from '../lib/consent/terms';
import { todayInTimeZone } from '../lib/platform/clock';
import { PASSWORD } from './accounts';
import { expect, test, type Person, type Practice } from './fixtures';
import { actionsInBuild, callAction } from './server-actions';

// ---------------------------------------------------------------------------------------------
// Calling a server action as a form with useActionState does (e2e/server-actions.ts).

class Actions {
  private readonly built = actionsInBuild();
  constructor(private readonly baseURL: string) {}

  /** Calls an action of lib/consent/actions.ts as `request`'s owner, from a page of theirs that uses it. */
  async call(request: APIRequestContext, name: string, area: '/portal' | '/practice', values: Record<string, string>, fields: Record<string, string>) {
    const action = this.built.get(`lib/consent/actions.ts#${name}`);
    if (!action) throw new Error(`${name} is not in the build`);
    const pattern = action.pages.find((page) => page.startsWith(area)) ?? action.pages[0] ?? area;
    const page = pattern.replace(/\[([^\]]+)\]/g, (_, segment: string) => encodeURIComponent(values[segment] ?? 'unknown'));
    const answer = await callAction(request, this.baseURL, action.id, page, fields);
    return { ...answer, redirect: answer.redirect && new URL(answer.redirect, this.baseURL).pathname };
  }
}

// ---------------------------------------------------------------------------------------------
// Arranging: a request opened by the client, discussed and signed by both.

/** Free text only the two people may read: it must never reach the admin's register. */
const SECRET_PURPOSE = 'To hear again what we said about my sister';
const SECRET_MESSAGE = 'Only my therapist should read this line about my week';

function termsFor(practice: Practice): { fields: Record<string, string>; terms: ConsentTerms } {
  const from = todayInTimeZone(practice.timeZone);
  return {
    fields: {
      purpose_self_reflection: 'on',
      purpose_other: 'on',
      otherPurpose: SECRET_PURPOSE,
      sessionsKind: 'all_from_date',
      sessionsFrom: from,
      method: 'client_upload',
      listeners: 'client_only',
      retentionDays: '60',
      onWithdrawal: 'delete_within_days',
      onWithdrawalDays: '7',
    },
    terms: {
      purposes: ['self_reflection', 'other'],
      otherPurpose: SECRET_PURPOSE,
      sessions: { kind: 'all_from_date', from },
      method: 'client_upload',
      storage: 'hearth_vault',
      listeners: 'client_only',
      transcriptionAllowed: false,
      sharingNeedsNewAgreement: true,
      retentionDays: 60,
      onWithdrawal: { action: 'delete_within_days', days: 7 },
      neutralFileLabels: true,
    },
  };
}

async function openRequest(actions: Actions, page: Page, practice: Practice, client: Person, therapist: Person) {
  const { fields } = termsFor(practice);
  const opened = await actions.call(page.request, 'openRequestAction', '/portal', {}, { ...fields, therapistId: therapist.id });
  const requestId = opened.redirect?.match(/\/portal\/recording\/requests\/([0-9a-f-]{36})$/)?.[1];
  expect(requestId, `opening a request as ${client.email}: ${JSON.stringify(opened)}`).toBeTruthy();
  return requestId!;
}

/** An agreement in force between the practice's client and therapist; returns its id. */
async function activeAgreement(actions: Actions, practice: Practice, clientPage: Page, therapistPage: Page) {
  const { client, therapist } = practice;
  const requestId = await openRequest(actions, clientPage, practice, client, therapist);
  const as = {
    client: { request: clientPage.request, area: '/portal' as const },
    therapist: { request: therapistPage.request, area: '/practice' as const },
  };
  const values = { requestId, clientId: client.id };
  const said = await actions.call(as.client.request, 'sendMessageAction', as.client.area, values, { requestId, body: SECRET_MESSAGE });
  expect(said.state?.ok, `message: ${JSON.stringify(said)}`).toBe(true);
  let rowVersion = 1;
  for (const section of DISCUSSION_SECTIONS) {
    for (const party of ['client', 'therapist'] as const) {
      const answer = await actions.call(as[party].request, 'tickSectionAction', as[party].area, values, { requestId, section, rowVersion: String(rowVersion) });
      expect(answer.state?.ok, `${party} ticks ${section}: ${JSON.stringify(answer)}`).toBe(true);
      rowVersion = Number(answer.state!.data!.rowVersion);
    }
  }
  const sha = termsSha256(termsFor(practice).terms);
  for (const [party, person] of [
    ['therapist', therapist],
    ['client', client],
  ] as const) {
    const answer = await actions.call(as[party].request, 'signAction', as[party].area, values, { requestId, termsSha256: sha, fullName: person.name, password: PASSWORD });
    expect(answer.state?.ok, `${party} signs: ${JSON.stringify(answer)}`).toBe(true);
  }
  return requestId;
}

/** The pool's session of the client: tomorrow at 10:00 UTC (e2e/seed.ts, createAppointment). */
function poolSessionDate(practice: Practice) {
  const startsAt = new Date();
  startsAt.setUTCDate(startsAt.getUTCDate() + 1);
  startsAt.setUTCHours(10, 0, 0, 0);
  return todayInTimeZone(practice.timeZone, startsAt);
}

async function expectNoSeriousViolations(page: Page, what: string) {
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ rule: violation.id, nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')) }));
  expect(serious, `axe on ${what}`).toEqual([]);
}

const statusWith = (page: Page, therapistName: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `With ${therapistName}`, exact: true }) });
const clientItem = (page: Page, clientName: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: clientName, exact: true }) });

// ---------------------------------------------------------------------------------------------

test('the client withdraws from the portal home in two clicks, and both see it at once', async ({ practice, signedInAs, baseURL }) => {
  const actions = new Actions(baseURL!);
  const client = await signedInAs(practice.client);
  const therapist = await signedInAs(practice.therapist);
  await activeAgreement(actions, practice, client, therapist);

  await therapist.goto('/practice');
  await expect(clientItem(therapist, practice.client.name)).toContainText('Recording agreed');

  await client.goto('/portal');
  const status = statusWith(client, practice.therapist.name);
  await expect(status).toContainText('Recording agreed');
  await expect(status).toContainText('Only you');
  await expect(client.getByRole('group', { name: 'Still OK to record this session?' })).toHaveCount(1);

  // First click: the confirmation, with its heading focused for a screen reader.
  await status.getByRole('button', { name: `Withdraw the agreement with ${practice.therapist.name}` }).click();
  const confirm = status.getByRole('form', { name: `Withdraw the recording agreement with ${practice.therapist.name}?` });
  await expect(confirm.getByRole('heading', { name: `Withdraw the recording agreement with ${practice.therapist.name}?` })).toBeFocused();
  await expectNoSeriousViolations(client, '/portal with the withdrawal confirmation open');
  await confirm.getByLabel('Reason (optional)').fill('I would rather take notes myself.');
  // Second click.
  await confirm.getByRole('button', { name: 'Yes, withdraw' }).click();

  await expect(status.getByRole('status')).toHaveText('Withdrawn. Nothing more will be recorded under this agreement.');
  await expect(status).toContainText('Withdrawn');
  await expect(status.getByRole('button', { name: /Withdraw/ })).toHaveCount(0);
  await expect(client.getByRole('group', { name: 'Still OK to record this session?' })).toHaveCount(0);
  await client.reload();
  await expect(statusWith(client, practice.therapist.name)).toContainText('Withdrawn on');

  await therapist.reload();
  const item = clientItem(therapist, practice.client.name);
  await expect(item).toContainText('Withdrawn');
  await expect(item).not.toContainText('Recording agreed');
  // The session is no longer covered by anything in force.
  await therapist.goto(`/practice/schedule?date=${poolSessionDate(practice)}`);
  await expect(therapist.getByRole('row', { name: new RegExp(practice.client.name) })).toContainText('Not covered');
});

test('"Not this time" on the portal home is what the therapist sees on the schedule', async ({ practice, signedInAs, baseURL }) => {
  const actions = new Actions(baseURL!);
  const client = await signedInAs(practice.client);
  const therapist = await signedInAs(practice.therapist);
  await activeAgreement(actions, practice, client, therapist);
  const schedule = `/practice/schedule?date=${poolSessionDate(practice)}`;

  await therapist.goto(schedule);
  const row = therapist.getByRole('row', { name: new RegExp(practice.client.name) });
  await expect(row).toContainText('Not answered yet');

  await client.goto('/portal');
  await expectNoSeriousViolations(client, '/portal with an agreement in force and a session to confirm');
  const question = client.getByRole('group', { name: 'Still OK to record this session?' });
  await expect(question).toContainText(`with ${practice.therapist.name}`);
  await question.getByRole('button', { name: 'Not this time' }).click();
  await expect(client.getByRole('status').filter({ hasText: 'Noted: this session will not be recorded.' })).toBeVisible();
  await expect(question.getByRole('button', { name: 'Not this time' })).toHaveAttribute('aria-pressed', 'true');
  await expect(question).toContainText('Your answer: not this time');
  // Honoured, and the agreement stays in force.
  await expect(statusWith(client, practice.therapist.name)).toContainText('Recording agreed');

  await therapist.reload();
  await expect(row).toContainText('Not this time');
  await expectNoSeriousViolations(therapist, 'the schedule with a session answered');

  // The answer can change until the session starts.
  await question.getByRole('button', { name: 'Yes' }).click();
  await expect(question.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true');
  await therapist.reload();
  await expect(row).toContainText('Yes, may be recorded');
});

test('the register shows counts by state and nothing of what was agreed or said', async ({ practice, signedInAs, baseURL }) => {
  const actions = new Actions(baseURL!);
  const client = await signedInAs(practice.client);
  const therapist = await signedInAs(practice.therapist);
  const otherClient = await signedInAs(practice.otherClient);
  await activeAgreement(actions, practice, client, therapist);
  await openRequest(actions, otherClient, practice, practice.otherClient, practice.otherTherapist);

  const admin = await signedInAs(practice.admin);
  await admin.goto('/admin/recording');
  await admin.getByRole('link', { name: 'Open the recording register' }).click();
  await expect(admin).toHaveURL(/\/admin\/recording\/register$/);
  await expect(admin.getByRole('heading', { name: 'Recording register', level: 1 })).toBeVisible();

  const count = (label: string) => admin.locator('dl > div').filter({ has: admin.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  await expect(count('In force')).toHaveText('1');
  await expect(count('Being discussed')).toHaveText('1');
  for (const label of ['Waiting for signatures', 'Declined', 'Withdrawn', 'Ended']) await expect(count(label)).toHaveText('0');

  const table = admin.getByRole('table');
  await expect(table.getByRole('row', { name: new RegExp(practice.client.name) })).toContainText(practice.therapist.name);
  await expect(table.getByRole('row', { name: new RegExp(practice.client.name) })).toContainText('Recording agreed');
  await expect(table.getByRole('row', { name: new RegExp(practice.otherClient.name) })).toContainText('Being discussed');

  // Metadata only: no purpose, no terms, no message.
  const html = await admin.content();
  for (const secret of [SECRET_PURPOSE, SECRET_MESSAGE, 'encrypted vault', 'Who may listen', 'Self-reflection']) expect(html).not.toContain(secret);
  await expectNoSeriousViolations(admin, '/admin/recording/register with requests');
});
