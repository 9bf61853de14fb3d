import { expect, test } from '@playwright/test';
import { E2E, HOME, PASSWORD } from './accounts';
import { alertWith, signIn, submitSignIn } from './helpers';

test('a reset link from the outbox sets a new password, once', async ({ browser, page }) => {
  const { email, role } = E2E.passwordReset;
  const newPassword = 'marble garden evening rain';

  await page.goto('/reset-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toBeVisible();

  // No mail server in the suite: the practice's admin reads the message in the outbox.
  const admin = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await signIn(admin, E2E.invitingAdmin.email);
  await admin.goto('/admin/outbox');
  const message = admin.getByRole('article').filter({ hasText: email });
  const link = await message.getByRole('link', { name: /\/reset-password\// }).getAttribute('href');
  expect(link).toMatch(/^https?:\/\/[^/]+\/reset-password\/[^/?#]+$/);

  await page.goto(link!);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login');

  await submitSignIn(page, email, PASSWORD);
  await expect(alertWith(page, 'That email and password do not match an active account.')).toBeVisible();
  await signIn(page, email, newPassword);
  expect(new URL(page.url()).pathname).toBe(HOME[role]);

  // The link was used up.
  const again = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await again.goto(link!);
  await expect(alertWith(again, 'no longer valid')).toBeVisible();
  await expect(again.getByRole('button', { name: 'Set new password' })).toHaveCount(0);
});
