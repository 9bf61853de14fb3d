// Playwright fixtures: a fresh practice with its people for every test that changes state.
//
//   import { expect, test } from './fixtures';
//   test('…', async ({ practice, page }) => { await signIn(page, practice.admin.email); … });
//
// `practice` is a practice no other test touches (an admin, two therapists, a client in each
// one's care, a deactivated former client, a pending invitation, published policies that the
// clients have acknowledged). `otherPractice` is a second one, for "not your practice" checks.
// `test.use({ practiceKind: 'staff-mfa' })` leases a practice that requires two-step sign-in for
// staff. Both are leased from the pool that e2e/seed.ts creates before the server starts (see
// pool.ts for why a pool): lazily, only when a test asks for one.
import { test as base, type Browser, type Page, type TestInfo } from '@playwright/test';
import { signIn } from './helpers';
import { leasePractice, type PoolPerson, type PoolPractice, type PracticeKind } from './pool';

export { expect } from '@playwright/test';
export type { PoolPerson as Person, PoolPractice as Practice };

interface Fixtures {
  /** The kind of practice `practice` is (option). */
  practiceKind: PracticeKind;
  practice: PoolPractice;
  otherPractice: PoolPractice;
  /** A new browser window (its own cookies) signed in as this person. */
  signedInAs: (person: PoolPerson, options?: { viewport?: { width: number; height: number } }) => Promise<Page>;
}

const leaseName = (info: TestInfo, fixture: string) => `${info.titlePath.join(' › ')} (${fixture}, worker ${info.workerIndex})`;

export const test = base.extend<Fixtures>({
  practiceKind: ['standard', { option: true }],
  practice: async ({ practiceKind }, use, info) => {
    await use(leasePractice(practiceKind, leaseName(info, 'practice')));
  },
  otherPractice: async ({}, use, info) => {
    await use(leasePractice('standard', leaseName(info, 'otherPractice')));
  },
  signedInAs: async ({ browser }, use, info) => {
    const pages: Page[] = [];
    await use(async (person, options = {}) => {
      const page = await newPage(browser, info.project.use.baseURL, options.viewport);
      pages.push(page);
      await signIn(page, person.email);
      return page;
    });
    await Promise.all(pages.map((page) => page.context().close()));
  },
});

async function newPage(browser: Browser, baseURL: string | undefined, viewport?: { width: number; height: number }) {
  const context = await browser.newContext({ baseURL, ...(viewport ? { viewport } : {}) });
  return context.newPage();
}
