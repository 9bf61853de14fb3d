import { PASSWORD } from './accounts';
import { expect, test } from './fixtures';
import { alertWith, signIn, submitSignIn } from './helpers';
import { waitForLink } from './mailbox';

test('a reset link from the mail sets a new password, once', async ({ browser, page, practice }) => {
  const { email } = practice.client;
  const newPassword = 'marble garden evening rain';

  await page.goto('/reset-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toBeVisible();

  // No mail server in the suite: the message arrives in the mailbox folder.
  const link = await waitForLink(email, '/reset-password/');
  expect(link).toMatch(/^https?:\/\/[^/]+\/reset-password\/[^/?#]+$/);

  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login');

  await submitSignIn(page, email, PASSWORD);
  await expect(alertWith(page, 'That email and password do not match an active account.')).toBeVisible();
  await signIn(page, email, newPassword);
  expect(new URL(page.url()).pathname).toBe('/portal');

  // The link was used up.
  const again = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await again.goto(link);
  await expect(alertWith(again, 'no longer valid')).toBeVisible();
  await expect(again.getByRole('button', { name: 'Set new password' })).toHaveCount(0);
});
