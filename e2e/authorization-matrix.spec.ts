// Who gets what on every page and route handler. The routes come from the file system, so a new
// page.tsx or route.ts without an entry in EXPECTED fails this spec, and so does an entry whose
// file is gone: nothing ships without someone deciding who may see it.
import fs from 'node:fs';
import path from 'node:path';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { HOME } from './accounts';
import { SIGNED_IN_ROLES, sampleIdsPath, storageStatePath, type SampleIds, type SignedInRole } from './roles';

type Viewer = 'anonymous' | SignedInRole;
const VIEWERS: Viewer[] = ['anonymous', ...(Object.keys(SIGNED_IN_ROLES) as SignedInRole[])];

const VIEWER_HOME: Record<Viewer, string> = {
  anonymous: '/login',
  client: HOME.client,
  therapist: HOME.therapist,
  admin: HOME.admin,
  otherPracticeAdmin: HOME.admin,
};

/**
 * 'ok': 200. 'not-found': 404. 'sign-in': redirect to /login?next=<this path>.
 * 'home': redirect to the viewer's own home. { redirect }: redirect to that path.
 */
type Outcome = 'ok' | 'not-found' | 'sign-in' | 'home' | { redirect: string };
type Expectation = Record<Viewer, Outcome>;

/** Signed-in pages open to exactly these roles; everyone else signed in gets a 404. */
function onlyFor(...allowed: SignedInRole[]): Expectation {
  const expectation = { anonymous: 'sign-in' } as Expectation;
  for (const viewer of Object.keys(SIGNED_IN_ROLES) as SignedInRole[]) {
    expectation[viewer] = allowed.includes(viewer) ? 'ok' : 'not-found';
  }
  return expectation;
}

const EVERYONE_SIGNED_IN = onlyFor('client', 'therapist', 'admin', 'otherPracticeAdmin');
// Admin pages show the admin's own practice, so the other practice's admin gets theirs too.
const ADMINS = onlyFor('admin', 'otherPracticeAdmin');
// Pages for people who are not signed in; signed-in people are sent home.
const SIGNED_OUT_ONLY: Expectation = {
  anonymous: 'ok',
  client: 'home',
  therapist: 'home',
  admin: 'home',
  otherPracticeAdmin: 'home',
};

// Pages that work the same whether or not someone is signed in (links from email).
const PUBLIC: Expectation = { anonymous: 'ok', client: 'ok', therapist: 'ok', admin: 'ok', otherPracticeAdmin: 'ok' };

// Route pattern (as in app/, route groups dropped) → what each viewer gets.
const EXPECTED: Record<string, Expectation> = {
  '/': { ...SIGNED_OUT_ONLY, anonymous: { redirect: '/login' } },
  '/login': SIGNED_OUT_ONLY,
  '/reset-password': PUBLIC,
  // Unknown tokens: the pages explain that the link is not valid.
  '/reset-password/[token]': PUBLIC,
  '/invite/[token]': PUBLIC,
  '/account': EVERYONE_SIGNED_IN,
  '/account/security': EVERYONE_SIGNED_IN,
  '/portal': onlyFor('client'),
  '/portal/recording': onlyFor('client'),
  // Seeded clients have acknowledged every version in force, so the page just says so.
  '/portal/policies': onlyFor('client'),
  '/practice': onlyFor('therapist'),
  '/practice/invite': onlyFor('therapist'),
  // The sample client is the demo therapist's own client.
  '/practice/clients/[clientId]': onlyFor('therapist'),
  '/admin': ADMINS,
  '/admin/users': ADMINS,
  '/admin/users/invite': ADMINS,
  '/admin/relationships': ADMINS,
  '/admin/settings': ADMINS,
  '/admin/audit': ADMINS,
  '/admin/outbox': ADMINS,
  '/admin/recording': ADMINS,
  // Every seeded practice has its own policies, so the other practice's admin sees theirs.
  '/admin/policies': ADMINS,
  '/admin/policies/acknowledgements': ADMINS,
  '/admin/policies/[kind]': ADMINS,
  '/admin/policies/[kind]/versions/[version]': ADMINS,
  '/admin/policies/[kind]/compare': ADMINS,
};

// Values for dynamic segments: real ids from the demo practice, tokens that match nothing.
function sampleValues(): Record<string, string> {
  const ids = JSON.parse(fs.readFileSync(sampleIdsPath, 'utf8')) as SampleIds;
  return {
    clientId: ids.demoClientId,
    userId: ids.demoClientId,
    token: 'e2e-unknown-token-0000000000000000',
    kind: 'recording',
    version: '1',
  };
}

const APP_DIR = path.join(import.meta.dirname, '..', 'app');
const ROUTE_FILE = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/;

/** Every page and route handler under app/, as a URL pattern such as /practice/clients/[clientId]. */
function routesOnDisk(dir = APP_DIR, segments: string[] = []): string[] {
  const routes: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && ROUTE_FILE.test(entry.name)) {
      routes.push('/' + segments.join('/'));
    } else if (entry.isDirectory() && !entry.name.startsWith('_')) {
      // Route groups (x) and parallel-route slots @x do not appear in the URL.
      const inUrl = !/^\(.*\)$/.test(entry.name) && !entry.name.startsWith('@');
      routes.push(...routesOnDisk(path.join(dir, entry.name), inUrl ? [...segments, entry.name] : segments));
    }
  }
  return routes;
}

function fillSegments(pattern: string, values: Record<string, string>) {
  return pattern.replace(/\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`No sample value for [${name}] in ${pattern}: add one to sampleValues().`);
    return encodeURIComponent(values[name]);
  });
}

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
      const url = fillSegments(pattern, sampleValues());
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
  return `307 → ${outcome.redirect}`;
}
