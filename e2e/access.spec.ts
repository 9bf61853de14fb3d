import { expect, test, type Page } from '@playwright/test';
import { DEMO, DEMO_CLIENT2_NAME, HARBOR_CLIENT_NAME } from './accounts';
import { clientIdFromList, signIn } from './helpers';
import { readSampleIds, storageStatePath, type SignedInRole } from './roles';

async function expectNotFound(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(path);
}

const WRONG_AREAS: { role: SignedInRole; path: string }[] = [
  { role: 'client', path: '/admin' },
  { role: 'therapist', path: '/admin' },
  { role: 'admin', path: '/portal' },
];

for (const { role, path } of WRONG_AREAS) {
  test.describe(`signed in as ${role}`, () => {
    test.use({ storageState: storageStatePath(role) });
    test(`${path} is not found`, async ({ page }) => {
      await expectNotFound(page, path);
    });
  });
}

test.describe('a client page', () => {
  test("is not found for a therapist who is not the client's therapist", async ({ page }) => {
    await signIn(page, DEMO.therapist2);
    // therapist2 can open their own client, so the 404 below is about the relationship.
    const ownClientId = await clientIdFromList(page, DEMO_CLIENT2_NAME);
    expect((await page.goto(`/practice/clients/${ownClientId}`))?.status()).toBe(200);
    await expectNotFound(page, `/practice/clients/${readSampleIds().demoClientId}`);
  });

  // A therapist, not an admin: an admin gets a 404 on every client page for the role alone, so
  // only a therapist shows that the practice boundary holds.
  test('is not found for a therapist of another practice', async ({ page }) => {
    await signIn(page, DEMO.harborTherapist);
    // They can open their own client's page, so the 404 below is about the practice.
    const ownClientId = await clientIdFromList(page, HARBOR_CLIENT_NAME);
    expect((await page.goto(`/practice/clients/${ownClientId}`))?.status()).toBe(200);
    await expectNotFound(page, `/practice/clients/${readSampleIds().demoClientId}`);
  });
});
