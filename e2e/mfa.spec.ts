import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { HOME } from './accounts';
import { expect, test } from './fixtures';
import { enrolInMfa, signIn, signOut, submitSignIn } from './helpers';

async function passwordStep(page: Page, email: string) {
  await submitSignIn(page, email);
  await expect(page.getByLabel('Authentication code')).toBeVisible();
}

async function codeStep(page: Page, code: string) {
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

test('after enrolling, signing in takes the password and a code from the authenticator', async ({ page, practice }) => {
  const { email, role } = practice.client;
  await signIn(page, email);
  const { secret } = await enrolInMfa(page);
  await signOut(page);

  await passwordStep(page, email);
  // Not signed in yet: the password alone must not open the portal.
  expect(new URL(page.url()).pathname).toBe('/login');
  // The enrolment used up this 30-second step's code (codes are single use), so the
  // authenticator's next code is entered, which the app accepts for clock drift.
  await codeStep(page, await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await expect(page).toHaveURL((url) => url.pathname === HOME[role]);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('a recovery code signs in once, and is refused the second time', async ({ page, practice }) => {
  const { email, role } = practice.therapist;
  await signIn(page, email);
  const { recoveryCodes } = await enrolInMfa(page);
  await signOut(page);

  await passwordStep(page, email);
  await codeStep(page, recoveryCodes[0]);
  await expect(page).toHaveURL((url) => url.pathname === HOME[role]);
  await signOut(page);

  await passwordStep(page, email);
  await codeStep(page, recoveryCodes[0]);
  await expect(page.getByLabel('Authentication code')).toHaveAccessibleDescription(/not right/i);
  expect(new URL(page.url()).pathname).toBe('/login');

  // Another unused code still works.
  await codeStep(page, recoveryCodes[1]);
  await expect(page).toHaveURL((url) => url.pathname === HOME[role]);
});
