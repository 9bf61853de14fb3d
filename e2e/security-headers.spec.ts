// The security headers of every page of the authorization matrix (page-matrix.ts), for every
// viewer, so the proxy (proxy.ts) and next.config.ts cannot regress unseen:
// - a Content-Security-Policy whose script nonce is fresh on every response and is the one on
//   every script tag of the page, and frame-ancestors 'none' (no framing, no clickjacking);
// - X-Content-Type-Options: nosniff and Referrer-Policy: same-origin on every answer;
// - Cache-Control: no-store on every signed-in page, since each shows personal or health data.
import { expect, request, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { EXPECTED, VIEWERS, fillSegments, holdsPersonalData, isRouteHandler, type Viewer } from './page-matrix';
import { storageStatePath } from './roles';

function directives(csp: string) {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

/** The problems with one response's headers (an empty list when all is well). */
function headerProblems(response: APIResponse, { personal, page }: { personal: boolean; page: boolean }) {
  const headers = response.headers();
  const problems: string[] = [];
  const csp = headers['content-security-policy'];
  if (!csp) {
    if (page) problems.push('no Content-Security-Policy');
  } else {
    const policy = directives(csp);
    if (policy.get('frame-ancestors')?.join(' ') !== "'none'") problems.push(`frame-ancestors is ${policy.get('frame-ancestors')?.join(' ') ?? 'missing'}`);
    if (page && !policy.get('script-src')?.some((source) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(source))) problems.push('script-src has no nonce');
  }
  if (headers['x-content-type-options'] !== 'nosniff') problems.push(`X-Content-Type-Options is ${headers['x-content-type-options'] ?? 'missing'}`);
  if (headers['referrer-policy'] !== 'same-origin') problems.push(`Referrer-Policy is ${headers['referrer-policy'] ?? 'missing'}`);
  if (personal && response.status() === 200 && !/\bno-store\b/.test(headers['cache-control'] ?? '')) {
    problems.push(`Cache-Control is "${headers['cache-control'] ?? ''}", not no-store`);
  }
  return problems;
}

const nonceOf = (response: APIResponse) => response.headers()['content-security-policy']?.match(/'nonce-([^']+)'/)?.[1];

test.describe('security headers', () => {
  const contexts = {} as Record<Viewer, APIRequestContext>;

  test.beforeAll(async () => {
    const baseURL = test.info().project.use.baseURL;
    for (const viewer of VIEWERS) {
      contexts[viewer] = await request.newContext({ baseURL, storageState: viewer === 'anonymous' ? undefined : storageStatePath(viewer) });
    }
  });

  test.afterAll(async () => {
    await Promise.all(Object.values(contexts).map((context) => context.dispose()));
  });

  for (const [pattern, expectation] of Object.entries(EXPECTED)) {
    test(`GET ${pattern}`, async () => {
      const url = fillSegments(pattern);
      const personal = holdsPersonalData(pattern);
      const page = !isRouteHandler(pattern);
      const problems: string[] = [];
      for (const viewer of VIEWERS) {
        const first = await contexts[viewer].get(url, { maxRedirects: 0 });
        for (const problem of headerProblems(first, { personal, page })) problems.push(`${viewer} (${first.status()}): ${problem}`);
        if (!page || expectation[viewer] !== 'ok' || first.status() !== 200) continue;

        // A fresh nonce on every response, and the page's scripts carry the one of their response.
        const second = await contexts[viewer].get(url, { maxRedirects: 0 });
        const [nonce, nextNonce] = [nonceOf(first), nonceOf(second)];
        if (nonce && nonce === nextNonce) problems.push(`${viewer}: the same nonce twice (${nonce})`);
        const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
        if (scripts.length === 0) problems.push(`${viewer}: no script tags to check`);
        const without = scripts.filter((tag) => tag.match(/\snonce="([^"]*)"/)?.[1] !== nonce);
        if (without.length) problems.push(`${viewer}: ${without.length} of ${scripts.length} script tags lack the response's nonce, e.g. ${without[0].slice(0, 120)}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
