import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { alertWith, signIn } from './helpers';

// Everything here changes or reads the recording settings of a practice of the test's own (the fixture), never the demo practice.

const PHONE = { width: 390, height: 844 };

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

async function openSettings(page: Page) {
  await page.goto('/admin/recording');
  await expect(page.getByRole('heading', { name: 'Recording settings', level: 1 })).toBeVisible();
}

test.describe('recording settings', () => {
  test('a client reads the recording page on a phone without scrolling sideways', async ({ practice, signedInAs }) => {
    const page = await signedInAs(practice.client, { viewport: PHONE });
    await page.goto('/portal/recording');
    await expect(page.getByRole('heading', { name: 'Recording sessions', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'What your practice allows' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'The law where you are' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Other ways to keep hold of a session' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'How to ask for a recording' })).toBeVisible();
    await expectNoSidewaysScroll(page);
  });

  test('an out-of-range retention is refused next to its field and saves nothing; "Never" shows the client the alternatives', async ({ practice, signedInAs }) => {
    const adminPage = await signedInAs(practice.admin);
    await openSettings(adminPage);
    const retention = adminPage.getByLabel('Maximum retention (days)');
    const upload = adminPage.getByLabel('Maximum upload size (MB)');
    const retentionBefore = await retention.inputValue();
    const uploadBefore = await upload.inputValue();

    await retention.fill('0');
    await upload.fill(String(Number(uploadBefore) === 42 ? 43 : 42));
    await adminPage.getByRole('button', { name: 'Save recording settings' }).click();
    await expect(alertWith(adminPage, 'Please check the highlighted fields.')).toBeVisible();
    await expect(retention).toHaveAttribute('aria-invalid', 'true');
    await expect(retention).toHaveAccessibleDescription(/Enter a whole number of days from 1 to 3650\./);
    await expect(upload).not.toHaveAttribute('aria-invalid');

    await adminPage.reload();
    await expect(adminPage.getByLabel('Maximum retention (days)')).toHaveValue(retentionBefore);
    await expect(adminPage.getByLabel('Maximum upload size (MB)')).toHaveValue(uploadBefore);

    await adminPage.getByRole('group', { name: 'Recording allowed' }).getByLabel('Never').check();
    await adminPage.getByRole('button', { name: 'Save recording settings' }).click();
    await expect(adminPage.getByRole('status').filter({ hasText: 'Recording settings saved.' })).toBeVisible();
    await adminPage.reload();
    await expect(adminPage.getByRole('group', { name: 'Recording allowed' }).getByLabel('Never')).toBeChecked();

    const clientPage = await signedInAs(practice.client, { viewport: PHONE });
    await clientPage.goto('/portal/recording');
    expect(new URL(clientPage.url()).pathname).toBe('/portal/recording');
    await expect(clientPage.getByRole('heading', { name: 'Recording is not offered here' })).toBeVisible();
    const alternatives = clientPage.getByRole('region', { name: 'Other ways to keep hold of a session' });
    await expect(alternatives.getByRole('heading', { name: 'A summary from your therapist' })).toBeVisible();
    await expect(alternatives.getByRole('heading', { name: 'Journaling' })).toBeVisible();
    await expect(clientPage.getByRole('heading', { name: 'How to ask for a recording' })).toHaveCount(0);
    await expectNoSidewaysScroll(clientPage);
  });
});

test.describe('a client', () => {
  test('cannot open the recording settings', async ({ page, practice }) => {
    await signIn(page, practice.client.email);
    const response = await page.goto('/admin/recording');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});
