// axe-core on every page of the authorization matrix (page-matrix.ts), as each role that reaches
// it (the shell differs by role), in a real browser: no serious or critical violation. A new page
// joins as soon as it has its row in the matrix.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { EXPECTED, fillSegments, isRouteHandler, type Viewer } from './page-matrix';
import { storageStatePath } from './roles';

// The other practice's admin sees the same pages as the admin; one admin is enough.
const ROLES_TO_CHECK: Viewer[] = ['anonymous', 'client', 'therapist', 'admin'];

for (const viewer of ROLES_TO_CHECK) {
  test.describe(`as ${viewer}`, () => {
    test.use({ storageState: viewer === 'anonymous' ? { cookies: [], origins: [] } : storageStatePath(viewer) });
    for (const [pattern, expectation] of Object.entries(EXPECTED)) {
      if (expectation[viewer] !== 'ok' || isRouteHandler(pattern)) continue;
      test(`${pattern} has no serious or critical accessibility violation`, async ({ page }) => {
        const url = fillSegments(pattern);
        const response = await page.goto(url);
        expect(response?.status(), `status of ${url}`).toBe(200);
        await page.waitForLoadState('networkidle');
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
        const serious = results.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => ({
            rule: violation.id,
            impact: violation.impact,
            help: violation.help,
            nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
          }));
        expect(serious, `axe on ${url} as ${viewer}`).toEqual([]);
      });
    }
  });
}
