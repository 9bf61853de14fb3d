import type { Page } from '@playwright/test';
import { todayInTimeZone } from '@/lib/platform/clock';
import { expect, test, type Practice } from './fixtures';
import { alertWith, clientIdFromList, submitSignIn } from './helpers';
import { storageStatePath, type SignedInRole } from './roles';

// Each test publishes in a practice of its own (the fixture), so they run in parallel and never
// change what another test's client must acknowledge.

/** Saves a new text as the draft and publishes it, effective today; returns the new version number. */
async function publishVersion(practice: Practice, page: Page, kind: string, changeText: (current: string) => string, summary: string) {
  await page.goto(`/admin/policies/${kind}`);
  const text = page.getByLabel('Policy text (Markdown)');
  await text.fill(changeText(await text.inputValue()));
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('All changes saved.')).toBeVisible();
  await page.getByLabel('Effective date').fill(todayInTimeZone(practice.timeZone));
  await page.getByLabel('Summary of changes').fill(summary);
  await page.getByRole('button', { name: 'Publish new version' }).click();
  const published = page.getByRole('status').filter({ hasText: /^Version \d+ published/ });
  await expect(published).toBeVisible();
  return Number((await published.innerText()).match(/^Version (\d+)/)![1]);
}

/** Ticks every policy's box and acknowledges; lands on the portal home. */
async function acknowledgeAll(practice: Practice, page: Page) {
  for (const box of await page.getByRole('checkbox').all()) await box.check();
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole('heading', { name: `Welcome, ${practice.client.name}` })).toBeVisible();
}

test.describe('a new policy version', () => {
  test('is acknowledged by the client at next sign-in, what changed first, and the therapist sees it', async ({ browser, practice, signedInAs }) => {
    const { client } = practice;
    const newSentence = 'Recordings are deleted after 30 days unless you ask us in writing to keep them longer.';
    const summary = 'Recordings are now deleted after 30 days.';
    const adminPage = await signedInAs(practice.admin);
    const version = await publishVersion(practice, adminPage, 'recording', (current) => `${current}\n\n${newSentence}\n`, summary);

    const page = await (await browser.newContext()).newPage();
    await submitSignIn(page, client.email);
    await expect(page).toHaveURL(/\/portal\/policies$/);
    await expect(page.getByRole('heading', { name: 'Policy updates', level: 1 })).toBeVisible();
    const policy = page.getByRole('region', { name: `Recording policy (version ${version})` });
    // What changed comes first: the summary and the added text, while the full text stays folded away.
    await expect(policy.getByText(summary)).toBeVisible();
    await expect(policy.getByRole('heading', { name: `Changes since version ${version - 1}`, exact: false })).toBeVisible();
    await expect(policy.getByRole('insertion').filter({ hasText: newSentence })).toBeVisible();
    const fullText = policy.locator('details');
    await expect(fullText.getByText(newSentence)).toBeHidden();
    await policy.getByText(`Read the full Recording policy (version ${version})`).click();
    await expect(fullText.getByText(newSentence)).toBeVisible();

    // The portal stays closed until it is done.
    await page.goto('/portal');
    await expect(page).toHaveURL(/\/portal\/policies$/);

    // Not ticking every box records nothing.
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(alertWith(page, 'Please tick the box for every policy')).toBeVisible();
    await expect(page.getByRole('checkbox', { name: `I have read the Recording policy (version ${version})` })).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/portal\/policies$/);

    await page.getByRole('checkbox', { name: `I have read the Recording policy (version ${version})` }).check();
    await acknowledgeAll(practice, page);
    await page.reload();
    await expect(page).toHaveURL(/\/portal$/);

    const therapistPage = await signedInAs(practice.therapist);
    await therapistPage.goto(`/practice/clients/${await clientIdFromList(therapistPage, client.name)}`);
    await expect(therapistPage.getByRole('heading', { name: 'Policy acknowledgements' })).toBeVisible();
    const recording = therapistPage.getByRole('listitem').filter({ has: therapistPage.getByRole('heading', { name: 'Recording policy' }) });
    await expect(recording).toContainText(`Version ${version} in force since ${todayInTimeZone(practice.timeZone)}: acknowledged`);
    await expect(recording).toContainText(`Earlier versions acknowledged: version ${version - 1}`);

    await adminPage.goto('/admin/policies/acknowledgements');
    const summaryCard = adminPage.locator('section').filter({ has: adminPage.getByRole('heading', { name: 'Recording policy', level: 2 }) });
    await expect(summaryCard).toContainText(`Version ${version}, in force since`);
    await expect(summaryCard).toContainText(/\d+ of \d+ clients? acknowledged/);
    await expect(summaryCard.getByRole('listitem').filter({ hasText: client.name })).toHaveCount(0);
  });

  test('renders scripts, javascript: links and event handlers in a policy as inert text', async ({ browser, practice, signedInAs }) => {
    const payload = ['<script>alert(1)</script>', '[click](javascript:alert(1))', '<img src=x onerror=alert(1)>'].join('\n\n');
    const dialogs: string[] = [];
    const watch = (page: Page) =>
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    const adminPage = await signedInAs(practice.admin);
    watch(adminPage);
    const version = await publishVersion(practice, adminPage, 'privacy', (current) => `${current}\n\n${payload}\n`, 'Added a few lines <script>alert(2)</script>');

    const page = await (await browser.newContext()).newPage();
    watch(page);
    await submitSignIn(page, practice.client.email);
    await expect(page).toHaveURL(/\/portal\/policies$/);
    const policy = page.getByRole('region', { name: `Privacy notice (version ${version})` });
    await expect(policy.getByText('Added a few lines <script>alert(2)</script>')).toBeVisible();
    await policy.getByText(`Read the full Privacy notice (version ${version})`).click();
    await expect(policy.locator('details').getByText('<script>alert(1)</script>')).toBeVisible();

    for (const shown of [adminPage, page]) {
      await expect(shown.locator('main script')).toHaveCount(0);
      await expect(shown.locator('[href^="javascript:" i]')).toHaveCount(0);
      await expect(shown.locator('[onerror]')).toHaveCount(0);
      await expect(shown.locator('img[src="x"]')).toHaveCount(0);
    }
    await acknowledgeAll(practice, page);
    expect(dialogs).toEqual([]);
  });
});

const NON_ADMINS: SignedInRole[] = ['client', 'therapist'];
for (const role of NON_ADMINS) {
  test.describe(`signed in as ${role}`, () => {
    test.use({ storageState: storageStatePath(role) });
    test('the policy editor is not found', async ({ page }) => {
      const response = await page.goto('/admin/policies/recording');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    });
  });
}
