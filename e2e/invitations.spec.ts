import { randomBytes } from 'node:crypto';
import type { Browser } from '@playwright/test';
import { expect, test } from './fixtures';
import { waitForLink } from './mailbox';

const INVITEE_PASSWORD = 'copper kettle morning walk';

// Every run invites people who have never existed, so the suite can run again on any database.
const uniqueSuffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

async function acceptInvitation(browser: Browser, link: string, name: string) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(INVITEE_PASSWORD);
  await page.getByLabel('Confirm password').fill(INVITEE_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  return page;
}

test('an admin invites a therapist, who accepts and lands on the practice dashboard', async ({ browser, practice, signedInAs }) => {
  const suffix = uniqueSuffix();
  const email = `therapist-${suffix}@e2e.test`;
  const admin = await signedInAs(practice.admin);

  await admin.goto('/admin/users/invite');
  await admin.getByLabel('Email').fill(email);
  await admin.getByLabel('Role').selectOption({ label: 'Therapist' });
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByRole('status')).toBeVisible();

  // No mail server in the suite: the invitee's mail arrives in the mailbox folder.
  const link = await waitForLink(email, '/invite/');
  const invitee = await acceptInvitation(browser, link, `Tess Therapist ${suffix}`);
  await expect(invitee).toHaveURL((url) => url.pathname === '/practice');
  await expect(invitee.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('a therapist invites a client, who accepts, acknowledges the practice policies, and is on the therapist list', async ({ browser, practice, signedInAs }) => {
  const suffix = uniqueSuffix();
  const email = `client-${suffix}@e2e.test`;
  const clientName = `Quinn Client ${suffix}`;
  const therapist = await signedInAs(practice.therapist);

  await therapist.goto('/practice/invite');
  await therapist.getByLabel('Email').fill(email);
  await therapist.getByRole('button', { name: 'Send invitation' }).click();
  await expect(therapist.getByRole('status')).toBeVisible();

  const link = await waitForLink(email, '/invite/');
  const client = await acceptInvitation(browser, link, clientName);
  // A new client reads and acknowledges the practice's policies before anything else.
  await expect(client).toHaveURL((url) => url.pathname === '/portal/policies');
  for (const checkbox of await client.getByRole('checkbox').all()) await checkbox.check();
  await client.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(client).toHaveURL((url) => url.pathname === '/portal');

  await therapist.goto('/practice');
  await expect(therapist.getByRole('link', { name: clientName })).toBeVisible();
});
