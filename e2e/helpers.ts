import { expect, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { PASSWORD } from './accounts';

/** Fills the sign-in form; does not wait for where it leads (callers assert that). */
export async function submitSignIn(page: Page, email: string, password = PASSWORD, path = '/login') {
  await page.goto(path);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in with email and password and waits until the signed-in shell is shown. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await submitSignIn(page, email, password);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** The path of a URL, with its query, for comparing where a browser ended up. */
export const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

/** The id in the link to a client's page on the signed-in therapist's list. */
export async function clientIdFromList(page: Page, clientName: string) {
  await page.goto('/practice');
  const href = await page.getByRole('link', { name: clientName }).getAttribute('href');
  const id = href?.match(/^\/practice\/clients\/([^/?#]+)$/)?.[1];
  expect(id, `link to ${clientName} on /practice`).toBeTruthy();
  return id!;
}

/** The form's alert with this text (Next's route announcer is an empty alert on every page too). */
export const alertWith = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });

/** Turns on two-step sign-in the way a person would; returns the secret and the recovery codes. */
export async function enrolInMfa(page: Page) {
  await page.goto('/account/security');
  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByLabel('Setup key').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await page.getByLabel('Authentication code').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes.first()).toBeVisible();
  const recoveryCodes = (await codes.allInnerTexts()).map((code) => code.trim());
  expect(recoveryCodes.length).toBeGreaterThanOrEqual(5);
  return { secret, recoveryCodes };
}
