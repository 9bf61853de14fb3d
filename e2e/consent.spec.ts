// The recording-consent discussion end to end, with two browser windows: a client and their therapist, in a practice
// of the test's own (the fixtures' practices allow requests, on request, opened by either, and their clients have
// acknowledged every policy in force). Every test starts its own request.
import fs from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { todayInTimeZone } from '@/lib/platform/clock';
import { PASSWORD } from './accounts';
import { expect, test, type Person, type Practice } from './fixtures';
import { alertWith } from './helpers';

const PHONE = { width: 390, height: 844 };

// A whole discussion is many steps (ten ticks, two signatures with a password check each).
test.describe.configure({ timeout: 300_000 });

const SECTIONS = [
  ['purpose_scope', 'Purpose and scope'],
  ['practice_policy', 'The practice’s policy'],
  ['terms', 'Storage, use and safeguards'],
  ['law_ethics', 'Law and ethics'],
  ['alternatives', 'Alternatives'],
] as const;

const clientRequestPath = (requestId: string) => `/portal/recording/requests/${requestId}`;
const therapistRequestPath = (practice: Practice, requestId: string) => `/practice/clients/${practice.client.id}/recording/${requestId}`;
const receiptPath = (requestId: string, format: 'pdf' | 'json' | 'fhir') => `/api/recording/${requestId}/receipt/${format}`;

/** A calendar day `days` from today in the practice. */
function practiceDay(practice: Practice, days: number) {
  const [year, month, day] = todayInTimeZone(practice.timeZone).split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** No serious or critical axe violation on the page as it is now (the request pages are not in the page matrix's sample). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ rule: violation.id, nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')) }));
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

const section = (page: Page, id: string) => page.locator(`#section-${id}`);

/** Opens a section of the request page unless it is open already. */
async function openSection(page: Page, id: string) {
  const details = section(page, id);
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await details.locator(':scope > summary').click();
  return details;
}

/** Marks every discussion section as discussed, one at a time, as the viewer. */
async function tickEverySection(page: Page) {
  for (const [id, label] of SECTIONS) {
    const details = await openSection(page, id);
    await details.getByRole('button', { name: `Mark as discussed: ${label}` }).click();
    await expect(details.locator(':scope > summary')).toContainText(/You have marked it|Discussed by you both/);
  }
}

/** Signs on the request page as this person. */
async function sign(page: Page, person: Person) {
  const agreement = await openSection(page, 'agreement');
  await agreement.getByLabel('Your full name').fill(person.name);
  await agreement.getByLabel('Your password').fill(PASSWORD);
  await agreement.getByRole('button', { name: 'Sign the agreement' }).click();
  await expect(agreement.getByText(/^You signed as/)).toBeVisible();
}

/** The client asks to record, with self-reflection as the reason and every session from today; the request's id. */
async function clientOpensRequest(client: Page) {
  await client.goto('/portal/recording/new');
  await client.getByLabel('Self-reflection').check();
  await client.getByRole('button', { name: 'Start the conversation' }).click();
  await expect(client).toHaveURL(/\/portal\/recording\/requests\/[0-9a-f-]{36}$/);
  return client.url().split('/').pop()!;
}

/** Client and therapist both discuss every section; both sign unless told not to. */
async function reachAgreement(practice: Practice, client: Page, therapist: Page, { signBoth = true } = {}) {
  const requestId = await clientOpensRequest(client);
  await tickEverySection(client);
  await therapist.goto(therapistRequestPath(practice, requestId));
  await tickEverySection(therapist);
  await expect(therapist.getByText('Waiting for signatures', { exact: true })).toBeVisible();
  if (signBoth) {
    await sign(therapist, practice.therapist);
    await client.reload();
    await sign(client, practice.client);
    await expect(client.getByText('Agreed: recording allowed', { exact: true })).toBeVisible();
  }
  return requestId;
}

/** The therapist adds a session with the client, at 10:00 practice time `days` from today. */
async function addSession(practice: Practice, therapist: Page, days: number) {
  await therapist.goto(`/practice/clients/${practice.client.id}/sessions`);
  const form = therapist.locator('form').filter({ has: therapist.getByRole('button', { name: 'Add session' }) });
  await form.getByLabel('Date').fill(practiceDay(practice, days));
  await form.getByLabel('Start time').fill('10:00');
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form.getByRole('status')).toBeVisible();
}

const collapse = (text: string) => text.replace(/\s+/g, '');

test.describe('recording consent', () => {
  test('from “I’d like to record my sessions” to an agreement in force, with the PDF receipt checked', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client, { viewport: PHONE });
    const therapist = await signedInAs(practice.therapist);

    await client.goto('/portal/recording');
    await client.getByRole('link', { name: 'I’d like to record my sessions' }).click();
    await expect(client.getByRole('heading', { name: 'I’d like to record my sessions', level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(client);
    // Only the methods the practice allows (by default: not the therapist recording), transcription off.
    await expect(client.getByLabel(/The therapist records/)).toHaveCount(0);
    await expect(client.getByLabel('Allow automatic transcription or AI note-taking')).not.toBeChecked();
    await client.getByLabel('Self-reflection').check();
    await client.getByLabel('Remembering what was said').check();
    await client.getByRole('button', { name: 'Start the conversation' }).click();
    await expect(client).toHaveURL(/\/portal\/recording\/requests\/[0-9a-f-]{36}$/);
    const requestId = client.url().split('/').pop()!;
    await expect(client.getByRole('heading', { name: `Recording sessions with ${practice.therapist.name}`, level: 1 })).toBeVisible();
    await expect(client.getByText('Being discussed', { exact: true })).toBeVisible();
    await expect(client.getByText('0 of 5 sections discussed. Waiting for you and')).toBeVisible();
    // One section at a time: the first is open, the next closed.
    await expect(section(client, 'purpose_scope')).toHaveAttribute('open', '');
    await expect(section(client, 'practice_policy')).not.toHaveAttribute('open', '');
    await expect(section(client, 'purpose_scope')).toContainText('Self-reflection; Remembering what was said');
    await expectNoSidewaysScroll(client);
    await section(client, 'purpose_scope').getByRole('button', { name: 'Suggest a change to “Purpose and scope”' }).click();
    await expectNoSidewaysScroll(client);
    await expectAccessible(client);
    await section(client, 'purpose_scope').getByRole('button', { name: 'Close without saving' }).click();
    await tickEverySection(client);
    await expect(client.getByText(`Waiting for ${practice.therapist.name}.`)).toBeVisible();

    // The therapist finds it from the client's page, and reads the law guidance and the policies shown.
    await therapist.goto(`/practice/clients/${practice.client.id}`);
    await therapist.getByRole('link', { name: `Recording with ${practice.client.name}` }).click();
    await therapist.getByRole('link', { name: 'Continue the conversation' }).click();
    await expect(therapist).toHaveURL(therapistRequestPath(practice, requestId));
    const law = await openSection(therapist, 'law_ethics');
    await expect(law.getByText('Who must consent:').first()).toBeVisible();
    await expect(law.getByRole('heading', { name: 'Confidentiality and its limits' })).toBeVisible();
    await tickEverySection(therapist);
    await expect(therapist.getByText('Waiting for signatures', { exact: true })).toBeVisible();
    await sign(therapist, practice.therapist);

    await client.reload();
    await expect(section(client, 'agreement')).toHaveAttribute('open', '');
    await expectAccessible(client);
    const sha = (await section(client, 'agreement').locator('dt:has-text("Fingerprint of the terms") + dd').innerText()).trim();
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    await expectNoSidewaysScroll(client);
    await sign(client, practice.client);
    await expect(client.getByText('Agreed: recording allowed', { exact: true })).toBeVisible();

    // The receipt: a neutral file name, never cached, and the agreement in full.
    const [download] = await Promise.all([client.waitForEvent('download'), client.getByRole('link', { name: 'Download receipt (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`hearth-recording-agreement-${requestId}.pdf`);
    const bytes = new Uint8Array(await fs.readFile((await download.path())!));
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    const flat = collapse(text);
    for (const expected of ['Recording agreement', practice.client.name, practice.therapist.name, 'Self-reflection', sha]) {
      expect(flat, `the receipt mentions ${expected}`).toContain(collapse(expected));
    }
    const response = await client.request.get(receiptPath(requestId, 'fhir'));
    expect(response.status()).toBe(200);
    expect(response.headers()['content-disposition']).toBe(`attachment; filename="hearth-recording-agreement-${requestId}.fhir.json"`);
    expect(response.headers()['cache-control']).toContain('no-store');
    expect((await response.json()).resourceType).toBe('Consent');

    await expectAccessible(client);

    // The therapist sees the same agreement in force.
    await therapist.reload();
    await expect(therapist.getByText('Agreed: recording allowed', { exact: true })).toBeVisible();
    await expectAccessible(therapist);
  });

  test('the client says no, choosing alternatives instead', async ({ practice, signedInAs }) => {
    const therapist = await signedInAs(practice.therapist);
    const client = await signedInAs(practice.client, { viewport: PHONE });

    // This time the therapist opens the conversation, and proposes a session summary.
    await therapist.goto(`/practice/clients/${practice.client.id}/recording`);
    await therapist.getByLabel('Practising skills').check();
    await therapist.getByRole('button', { name: 'Start the conversation' }).click();
    await expect(therapist).toHaveURL(/\/practice\/clients\/[0-9a-f-]{36}\/recording\/[0-9a-f-]{36}$/);
    const alternatives = await openSection(therapist, 'alternatives');
    await alternatives.getByLabel('Session summaries from the therapist').check();
    await alternatives.getByRole('button', { name: 'Propose these alternatives' }).click();
    await expect(alternatives.getByRole('status')).toContainText('The alternatives are proposed.');

    await client.goto('/portal/recording');
    await client.getByRole('link', { name: `Continue the conversation with ${practice.therapist.name}` }).click();
    await client.getByRole('button', { name: 'Say no to recording' }).click();
    await expect(client.getByText('You do not need to give a reason')).toBeVisible();
    // What was proposed is ticked already; the client adds journaling.
    await expect(client.getByRole('group', { name: 'Instead of recording (optional)' }).getByLabel('Session summaries from the therapist')).toBeChecked();
    await client.getByRole('group', { name: 'Instead of recording (optional)' }).getByLabel('Journaling after sessions').check();
    await client.getByRole('button', { name: 'Confirm: no recording' }).click();
    await expect(client.getByText('Declined: not recording', { exact: true })).toBeVisible();
    await expect(client.getByText('Chosen instead: session summaries from the therapist; journaling after sessions.')).toBeVisible();
    await expect(client.getByRole('button', { name: 'Say no to recording' })).toHaveCount(0);
    await expectNoSidewaysScroll(client);

    await therapist.reload();
    await expect(therapist.getByText('Declined: not recording', { exact: true })).toBeVisible();
    await expect(therapist.getByText('Chosen instead: session summaries from the therapist; journaling after sessions.')).toBeVisible();
    const requestId = therapist.url().split('/').pop()!;
    const json = await therapist.request.get(receiptPath(requestId, 'json'));
    expect(json.status()).toBe(200);
    expect(JSON.stringify(await json.json())).toContain('declined');
  });

  test('a change to the terms after one signature clears it, and the other person is notified', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const therapist = await signedInAs(practice.therapist);
    const requestId = await reachAgreement(practice, client, therapist, { signBoth: false });
    await sign(therapist, practice.therapist);

    await client.reload();
    const terms = await openSection(client, 'terms');
    await terms.getByRole('button', { name: 'Suggest a change to “Storage, use and safeguards”' }).click();
    await expect(terms.getByText('Saving a change clears the signatures given so far')).toBeVisible();
    await terms.getByLabel('How long recordings are kept (days)').fill('30');
    await terms.getByRole('button', { name: 'Save the change' }).click();
    await expect(terms.getByRole('status')).toContainText('The new terms are saved.');
    await expect(client.getByText('Being discussed', { exact: true })).toBeVisible();
    await expect(section(client, 'terms').locator(':scope > summary')).toContainText('Not discussed yet');

    // The therapist's bell has it; the notification leads to their page for the request, where their signature is gone.
    await therapist.goto('/practice');
    await expect(therapist.getByRole('link', { name: /^Notifications, [1-9]\d* unread$/ })).toBeVisible();
    await therapist.goto('/notifications');
    await therapist.getByRole('link', { name: 'The proposed terms were changed' }).first().click();
    await expect(therapist).toHaveURL(therapistRequestPath(practice, requestId));
    await expect(therapist.getByText('Being discussed', { exact: true })).toBeVisible();
    const agreement = await openSection(therapist, 'agreement');
    await expect(agreement.getByRole('heading', { name: 'Signatures' })).toHaveCount(0);
    await expect(agreement).toContainText('30 days');
  });

  test('withdrawing stops the agreement, and the next session is no longer asked about', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client, { viewport: PHONE });
    const therapist = await signedInAs(practice.therapist);
    await addSession(practice, therapist, 3);
    const requestId = await reachAgreement(practice, client, therapist);

    const sessions = client.getByRole('region', { name: 'Sessions this agreement covers' });
    await expect(sessions.getByText('Still OK to record this session?').first()).toBeVisible();
    await sessions.getByRole('button', { name: /^Yes, record this session/ }).first().click();
    await expect(sessions.getByText('Your answer: yes, record this session.').first()).toBeVisible();

    // Two clicks: the button, then the confirmation (the reason is optional).
    await client.getByRole('button', { name: 'Withdraw from the agreement' }).click();
    await client.getByLabel('Reason (optional)').fill('I have changed my mind.');
    await client.getByRole('button', { name: 'Confirm withdrawal' }).click();
    await expect(client.getByText('Withdrawn: not recording', { exact: true })).toBeVisible();
    await expect(client.getByText('Still OK to record this session?')).toHaveCount(0);
    await expect(client.getByRole('button', { name: /^Yes, record this session/ })).toHaveCount(0);
    await expectNoSidewaysScroll(client);
    await client.goto('/portal');
    await expect(client.getByText('Still OK to record')).toHaveCount(0);

    await therapist.goto(therapistRequestPath(practice, requestId));
    await expect(therapist.getByText('Withdrawn: not recording', { exact: true })).toBeVisible();
    await expect(therapist.getByText('Reason given: I have changed my mind.')).toBeVisible();
    await expect(therapist.getByRole('region', { name: 'Sessions this agreement covers' })).toHaveCount(0);
    await expect(therapist.getByRole('link', { name: 'Download receipt (PDF)' })).toBeVisible();
  });

  test('“not this time” for one session is recorded, and the agreement stays in force', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const therapist = await signedInAs(practice.therapist);
    await addSession(practice, therapist, 4);
    const requestId = await reachAgreement(practice, client, therapist);

    const sessions = client.getByRole('region', { name: 'Sessions this agreement covers' });
    const items = sessions.getByRole('listitem');
    await expect(items).toHaveCount(2);
    await items.first().getByRole('button', { name: /^Not this time/ }).click();
    await expect(items.first()).toContainText('Your answer: not this time.');
    await expect(items.nth(1)).toContainText('Not answered yet.');
    await expect(client.getByText('Agreed: recording allowed', { exact: true })).toBeVisible();

    await therapist.goto(therapistRequestPath(practice, requestId));
    const seen = therapist.getByRole('region', { name: 'Sessions this agreement covers' }).getByRole('listitem');
    await expect(seen.first()).toContainText(`${practice.client.name} said not this time: do not record this session.`);
    await expect(seen.nth(1)).toContainText('has not answered yet');
  });
});

test.describe('recording consent: bad input and abuse', () => {
  test('nobody else can read a request or download its receipt: another therapist, another client, an admin, another practice', async ({
    practice,
    otherPractice,
    signedInAs,
  }) => {
    const client = await signedInAs(practice.client);
    const therapist = await signedInAs(practice.therapist);
    const requestId = await reachAgreement(practice, client, therapist);
    expect((await client.request.get(receiptPath(requestId, 'pdf'))).status()).toBe(200);
    expect((await therapist.request.get(receiptPath(requestId, 'json'))).status()).toBe(200);

    for (const person of [practice.otherTherapist, practice.otherClient, practice.admin, otherPractice.admin, otherPractice.client, otherPractice.therapist]) {
      const page = await signedInAs(person);
      for (const path of [clientRequestPath(requestId), therapistRequestPath(practice, requestId), `/notifications/recording/${requestId}`]) {
        expect((await page.goto(path))?.status(), `${person.email} at ${path}`).toBe(404);
      }
      for (const format of ['pdf', 'json', 'fhir'] as const) {
        const response = await page.request.get(receiptPath(requestId, format), { maxRedirects: 0 });
        expect(response.status(), `${person.email} downloading the ${format} receipt`).toBe(404);
        expect(await response.text()).not.toContain(practice.client.name);
      }
    }
  });

  test('a signature with the wrong password or a name that does not match is refused, and nothing is signed', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const therapist = await signedInAs(practice.therapist);
    await reachAgreement(practice, client, therapist, { signBoth: false });
    await client.reload();
    const agreement = await openSection(client, 'agreement');

    await agreement.getByLabel('Your full name').fill('Somebody Else');
    await agreement.getByLabel('Your password').fill(PASSWORD);
    await agreement.getByRole('button', { name: 'Sign the agreement' }).click();
    await expect(alertWith(client, 'Nothing was signed.')).toBeVisible();
    await expect(agreement.getByText('Type your full name exactly as it appears on your account.')).toBeVisible();
    // What was typed is kept; the password is not.
    await expect(agreement.getByLabel('Your full name')).toHaveValue('Somebody Else');
    await expect(agreement.getByLabel('Your password')).toHaveValue('');

    await agreement.getByLabel('Your full name').fill(practice.client.name);
    await agreement.getByLabel('Your password').fill('not the password at all');
    await agreement.getByRole('button', { name: 'Sign the agreement' }).click();
    await expect(agreement.getByText('That password is not right.')).toBeVisible();

    await client.reload();
    await expect(client.getByText('Waiting for signatures', { exact: true })).toBeVisible();
    await expect(section(client, 'agreement').getByRole('heading', { name: 'Signatures' })).toHaveCount(0);
  });

  test('a stale edit from a second tab gets the conflict message and loses nothing', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const requestId = await clientOpensRequest(client);
    const otherTab = await client.context().newPage();
    await otherTab.goto(clientRequestPath(requestId));

    // First tab: starts changing the purpose, typing words of its own.
    const purpose = await openSection(client, 'purpose_scope');
    await purpose.getByRole('button', { name: 'Suggest a change to “Purpose and scope”' }).click();
    await purpose.getByLabel('Something else', { exact: true }).check();
    await purpose.getByLabel('If something else, say what').fill('To hear how my voice sounds when I am calm.');

    // Second tab: saves a change first.
    const terms = await openSection(otherTab, 'terms');
    await terms.getByRole('button', { name: 'Suggest a change to “Storage, use and safeguards”' }).click();
    await terms.getByLabel('How long recordings are kept (days)').fill('21');
    await terms.getByRole('button', { name: 'Save the change' }).click();
    await expect(terms.getByRole('status')).toContainText('The new terms are saved.');

    // First tab: refused with the conflict message, and what was typed is all still there.
    await purpose.getByRole('button', { name: 'Save the change' }).click();
    await expect(alertWith(client, 'This request changed while you had it open.')).toBeVisible();
    await expect(purpose.getByLabel('Something else', { exact: true })).toBeChecked();
    await expect(purpose.getByLabel('If something else, say what')).toHaveValue('To hear how my voice sounds when I am calm.');
    await expect(purpose.getByLabel('Self-reflection')).toBeChecked();
    // Having seen the latest version (now on the page), saving again works and keeps the other tab's change.
    await expect(section(client, 'terms')).toContainText('21 days');
    await purpose.getByRole('button', { name: 'Save the change' }).click();
    await expect(purpose.getByRole('status')).toContainText('The new terms are saved.');
    await expect(purpose).toContainText('To hear how my voice sounds when I am calm.');
    await expect(section(client, 'terms')).toContainText('21 days');
  });

  test('a message full of markup is stored and shown as text; an oversized one is refused and kept', async ({ practice, signedInAs }) => {
    const client = await signedInAs(practice.client);
    const therapist = await signedInAs(practice.therapist);
    const requestId = await clientOpensRequest(client);
    let dialogs = 0;
    therapist.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });

    const markup = '<script>alert(1)</script><b>bold?</b> <img src=x onerror="alert(2)"> & <a href="javascript:alert(3)">link</a>';
    await client.getByLabel(`Message to ${practice.therapist.name}`).fill(markup);
    await client.getByRole('button', { name: 'Send message' }).click();
    await expect(client.getByRole('status').filter({ hasText: 'Message sent.' })).toBeVisible();
    await expect(client.getByLabel(`Message to ${practice.therapist.name}`)).toHaveValue('');

    const oversized = 'a'.repeat(4001);
    await client.getByLabel(`Message to ${practice.therapist.name}`).fill(oversized);
    await client.getByRole('button', { name: 'Send message' }).click();
    await expect(client.getByText('Keep a message to 4000 characters.')).toBeVisible();
    await expect(client.getByLabel(`Message to ${practice.therapist.name}`)).toHaveValue(oversized);

    await therapist.goto(therapistRequestPath(practice, requestId));
    const thread = therapist.getByRole('list', { name: 'Messages so far' });
    await expect(therapist.getByRole('heading', { name: /Messages\s*1 new/ })).toBeVisible();
    await expect(thread.getByText(markup, { exact: true })).toBeVisible();
    await expect(thread.locator('b, img, script, a')).toHaveCount(0);
    await expect(thread.getByRole('listitem')).toHaveCount(1);
    expect(dialogs).toBe(0);
  });
});
