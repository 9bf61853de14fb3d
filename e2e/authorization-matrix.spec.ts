// Who gets what on every page and route handler (the table is in page-matrix.ts). The routes come
// from the file system, so a new page.tsx or route.ts without an entry in EXPECTED fails this
// spec, and so does an entry whose file is gone: nothing ships without someone deciding who may see it.
// Server actions have a matrix of their own: action-matrix.spec.ts.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { EXPECTED, VIEWERS, VIEWER_HOME, fillSegments, routesOnDisk, type Outcome, type Viewer } from './page-matrix';
import { storageStatePath } from './roles';

test('every page and route handler has an entry in the matrix, and every entry a file', () => {
  const onDisk = [...new Set(routesOnDisk())].sort();
  const inTable = Object.keys(EXPECTED).sort();
  expect(onDisk.filter((route) => !inTable.includes(route)), 'routes without an expected row').toEqual([]);
  expect(inTable.filter((route) => !onDisk.includes(route)), 'expected rows without a route file').toEqual([]);
});

test.describe('authorization matrix', () => {
  const contexts = {} as Record<Viewer, APIRequestContext>;

  test.beforeAll(async () => {
    const baseURL = test.info().project.use.baseURL;
    for (const viewer of VIEWERS) {
      contexts[viewer] = await request.newContext({
        baseURL,
        storageState: viewer === 'anonymous' ? undefined : storageStatePath(viewer),
      });
    }
  });

  test.afterAll(async () => {
    await Promise.all(Object.values(contexts).map((context) => context.dispose()));
  });

  for (const [pattern, expectation] of Object.entries(EXPECTED)) {
    test(`GET ${pattern}`, async () => {
      const url = fillSegments(pattern);
      const results: string[] = [];
      const wanted: string[] = [];
      for (const viewer of VIEWERS) {
        const response = await contexts[viewer].get(url, { maxRedirects: 0 });
        results.push(`${viewer}: ${describeResponse(response.status(), response.headers().location)}`);
        wanted.push(`${viewer}: ${describeOutcome(expectation[viewer], viewer, url)}`);
      }
      expect(results).toEqual(wanted);
    });
  }
});

/** The status, and for a redirect where it goes (the path alone when it stays on this site). */
function describeResponse(status: number, location: string | undefined) {
  if (status >= 300 && status < 400 && location) {
    const base = new URL(test.info().project.use.baseURL!);
    const target = new URL(location, base);
    return `${status} → ${target.origin === base.origin ? '' : target.origin}${target.pathname}${target.search}`;
  }
  return String(status);
}

function describeOutcome(outcome: Outcome, viewer: Viewer, url: string) {
  if (outcome === 'ok') return '200';
  if (outcome === 'not-found') return '404';
  // Server components redirect with 307 Temporary Redirect.
  if (outcome === 'sign-in') return `307 → /login?next=${encodeURIComponent(url)}`;
  if (outcome === 'home') return `307 → ${VIEWER_HOME[viewer]}`;
  if ('status' in outcome) return String(outcome.status);
  return `307 → ${outcome.redirect}`;
}
