import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E } from './accounts';
import { signIn } from './helpers';

const INVITEE_PASSWORD = 'copper kettle morning walk';

// Every run invites people who have never existed, so the suite can run again on any database.
const uniqueSuffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

async function newSignedInPage(browser: Browser, email: string) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** The invitation link sent to `email`, as an admin reads it in the outbox. */
async function invitationLinkFromOutbox(adminPage: Page, email: string) {
  await adminPage.goto('/admin/outbox');
  const message = adminPage.getByRole('article').filter({ hasText: email });
  const link = await message.getByRole('link', { name: /\/invite\// }).getAttribute('href');
  expect(link, `invitation link for ${email}`).toMatch(/^https?:\/\/[^/]+\/invite\/[^/?#]+$/);
  return link!;
}

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

test('an admin invites a therapist, who accepts and lands on the practice dashboard', async ({ browser }) => {
  const suffix = uniqueSuffix();
  const email = `therapist-${suffix}@e2e.test`;
  const admin = await newSignedInPage(browser, E2E.invitingAdmin.email);

  await admin.goto('/admin/users/invite');
  await admin.getByLabel('Email').fill(email);
  await admin.getByLabel('Role').selectOption({ label: 'Therapist' });
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByRole('status')).toBeVisible();

  const link = await invitationLinkFromOutbox(admin, email);
  const invitee = await acceptInvitation(browser, link, `Tess Therapist ${suffix}`);
  await expect(invitee).toHaveURL((url) => url.pathname === '/practice');
  await expect(invitee.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('a therapist invites a client, who accepts, acknowledges the practice policies, and is on the therapist list', async ({ browser }) => {
  const suffix = uniqueSuffix();
  const email = `client-${suffix}@e2e.test`;
  const clientName = `Quinn Client ${suffix}`;
  const therapist = await newSignedInPage(browser, E2E.invitingTherapist.email);

  await therapist.goto('/practice/invite');
  await therapist.getByLabel('Email').fill(email);
  await therapist.getByRole('button', { name: 'Send invitation' }).click();
  await expect(therapist.getByRole('status')).toBeVisible();

  // Therapists cannot read the outbox; the practice's admin can.
  const admin = await newSignedInPage(browser, E2E.invitingAdmin.email);
  const link = await invitationLinkFromOutbox(admin, email);
  const client = await acceptInvitation(browser, link, clientName);
  // A new client reads and acknowledges the practice's policies before anything else.
  await expect(client).toHaveURL((url) => url.pathname === '/portal/policies');
  for (const checkbox of await client.getByRole('checkbox').all()) await checkbox.check();
  await client.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(client).toHaveURL((url) => url.pathname === '/portal');

  await therapist.goto('/practice');
  await expect(therapist.getByRole('link', { name: clientName })).toBeVisible();
});
