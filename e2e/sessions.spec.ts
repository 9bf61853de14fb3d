import type { Browser } from '@playwright/test';
import { HOME, PASSWORD } from './accounts';
import { expect, test } from './fixtures';
import { alertWith, signIn, submitSignIn } from './helpers';

/** The same person signed in on two devices (two browser contexts share nothing). */
async function twoDevices(browser: Browser, email: string) {
  const devices = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const page = await context.newPage();
    await signIn(page, email);
    devices.push(page);
  }
  return devices;
}

test('"Sign out everywhere" on one device signs out the other', async ({ browser, practice }) => {
  const { email, role } = practice.client;
  const [laptop, phone] = await twoDevices(browser, email);

  await laptop.goto('/account');
  await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(laptop).toHaveURL((url) => url.pathname === '/login');

  await phone.goto(HOME[role]);
  await expect(phone).toHaveURL((url) => url.pathname === '/login');
  await expect(phone.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});

test('changing the password signs out the other device but keeps this one', async ({ browser, practice }) => {
  const { email, role } = practice.therapist;
  const newPassword = 'lantern harbour quietly 42';
  const [laptop, phone] = await twoDevices(browser, email);

  await laptop.goto('/account');
  await laptop.getByLabel('Current password').fill(PASSWORD);
  await laptop.getByLabel('New password', { exact: true }).fill(newPassword);
  await laptop.getByLabel('Confirm new password').fill(newPassword);
  await laptop.getByRole('button', { name: 'Change password' }).click();
  await expect(laptop.getByRole('status')).toContainText('Your password has been changed');

  await phone.goto(HOME[role]);
  await expect(phone).toHaveURL((url) => url.pathname === '/login');

  await laptop.goto(HOME[role]);
  await expect(laptop).toHaveURL((url) => url.pathname === HOME[role]);

  // The new password is the one that works now.
  await submitSignIn(phone, email, PASSWORD);
  await expect(alertWith(phone, 'That email and password do not match an active account.')).toBeVisible();
  await submitSignIn(phone, email, newPassword);
  await expect(phone).toHaveURL((url) => url.pathname === HOME[role]);
});
