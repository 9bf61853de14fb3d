// Who gets what on every page and route handler: the one table that the authorization matrix,
// the security-header check and the accessibility check all read, so a new page joins all three.
// The routes come from the file system, so a new page.tsx or route.ts without an entry in
// EXPECTED fails the authorization matrix, and so does an entry whose file is gone: nothing ships
// without someone deciding who may see it.
import fs from 'node:fs';
import path from 'node:path';
import { HOME } from './accounts';
import { SIGNED_IN_ROLES, readSampleIds, type SignedInRole } from './roles';

export type Viewer = 'anonymous' | SignedInRole;
export const VIEWERS: Viewer[] = ['anonymous', ...(Object.keys(SIGNED_IN_ROLES) as SignedInRole[])];

export const VIEWER_HOME: Record<Viewer, string> = {
  anonymous: '/login',
  client: HOME.client,
  therapist: HOME.therapist,
  admin: HOME.admin,
  otherPracticeAdmin: HOME.admin,
};

/**
 * 'ok': 200. 'not-found': 404. 'sign-in': redirect to /login?next=<this path>.
 * 'home': redirect to the viewer's own home. { redirect }: redirect to that path.
 * { status }: that status and no redirect (route handlers answer 401 rather than redirect).
 */
export type Outcome = 'ok' | 'not-found' | 'sign-in' | 'home' | { redirect: string } | { status: number };
export type Expectation = Record<Viewer, Outcome>;

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
export const EXPECTED: Record<string, Expectation> = {
  '/': { ...SIGNED_OUT_ONLY, anonymous: { redirect: '/login' } },
  '/login': SIGNED_OUT_ONLY,
  '/reset-password': PUBLIC,
  // Unknown tokens: the pages explain that the link is not valid.
  '/reset-password/[token]': PUBLIC,
  '/invite/[token]': PUBLIC,
  '/account': EVERYONE_SIGNED_IN,
  '/account/security': EVERYONE_SIGNED_IN,
  '/account/notifications': EVERYONE_SIGNED_IN,
  '/notifications': EVERYONE_SIGNED_IN,
  // The bell's count (JSON): signed out is 401, not a redirect.
  '/api/notifications/unread': { ...EVERYONE_SIGNED_IN, anonymous: { status: 401 } },
  '/portal': onlyFor('client'),
  '/portal/recording': onlyFor('client'),
  // Seeded clients have acknowledged every version in force, so the page just says so.
  '/portal/policies': onlyFor('client'),
  '/portal/sessions': onlyFor('client'),
  // The client's own reflection reminders.
  '/portal/reminders': onlyFor('client'),
  '/practice': onlyFor('therapist'),
  '/practice/invite': onlyFor('therapist'),
  '/practice/schedule': onlyFor('therapist'),
  // The sample client is the demo therapist's own client.
  '/practice/clients/[clientId]': onlyFor('therapist'),
  '/practice/clients/[clientId]/sessions': onlyFor('therapist'),
  // Recording consent. The client's new-request page and the therapist's recording page for their own client are theirs.
  '/portal/recording/new': onlyFor('client'),
  '/practice/clients/[clientId]/recording': onlyFor('therapist'),
  // A request, its notification link and its receipts: the sample request id matches no request, so every signed-in
  // viewer gets the same 404 as for a request that is not theirs (who may see a real one: e2e/consent.spec.ts).
  '/portal/recording/requests/[requestId]': onlyFor(),
  '/practice/clients/[clientId]/recording/[requestId]': onlyFor(),
  '/notifications/recording/[requestId]': onlyFor(),
  // A download: signed out is sent to sign in (and back), like a page.
  '/api/recording/[requestId]/receipt/[format]': onlyFor(),
  // Shared files. The client's list of spaces and the therapist's space with their own client are theirs; the sample
  // space, file, upload and session ids match nothing, so every signed-in viewer gets the 404 of "not yours" (who may
  // see real ones: e2e/files.spec.ts).
  '/portal/files': onlyFor('client'),
  '/portal/files/[spaceId]': onlyFor(),
  '/portal/files/[spaceId]/[fileId]': onlyFor(),
  '/practice/clients/[clientId]/files': onlyFor('therapist'),
  '/practice/clients/[clientId]/files/[fileId]': onlyFor(),
  '/notifications/files/[spaceId]': onlyFor(),
  '/portal/sessions/[appointmentId]/record': onlyFor(),
  '/practice/clients/[clientId]/sessions/[appointmentId]/record': onlyFor(),
  // Session summaries and the between-session companion. The exercise library and the client's session notes are their
  // owners'; the sample session, summary and episode ids match nothing, so every signed-in viewer gets the 404 of "not
  // yours" (who may see real ones: e2e/summaries.spec.ts and tests/integration/summaries.test.ts).
  '/practice/exercises': onlyFor('therapist'),
  '/practice/clients/[clientId]/sessions/[appointmentId]/summary': onlyFor(),
  '/practice/clients/[clientId]/sessions/[appointmentId]/companion': onlyFor(),
  '/portal/summaries': onlyFor('client'),
  '/portal/summaries/[summaryId]': onlyFor(),
  '/portal/companion/[episodeId]': onlyFor(),
  // The client's journal: their list, a new entry and the exports are theirs, and the therapist's list of what their own
  // client shares (none in the demo e2e seed: the page says so). The sample entry id matches nothing, so every signed-in
  // viewer gets the 404 of "not yours" (who may see real ones: e2e/journal.spec.ts and tests/integration/journal.test.ts).
  '/portal/journal': onlyFor('client'),
  '/portal/journal/new': onlyFor('client'),
  '/portal/journal/[entryId]': onlyFor(),
  '/practice/clients/[clientId]/journal': onlyFor('therapist'),
  '/practice/clients/[clientId]/journal/[entryId]': onlyFor(),
  // A download (the sample format is pdf): signed out is sent to sign in (and back), like a page.
  '/api/journal/export/[format]': onlyFor('client'),
  // The editor's autosave takes PUT and the search POST (e2e/journal.spec.ts): a GET is not a method they have.
  '/api/journal/entries/[entryId]': { anonymous: { status: 405 }, client: { status: 405 }, therapist: { status: 405 }, admin: { status: 405 }, otherPracticeAdmin: { status: 405 } },
  '/api/journal/search': { anonymous: { status: 405 }, client: { status: 405 }, therapist: { status: 405 }, admin: { status: 405 }, otherPracticeAdmin: { status: 405 } },
  // Routes the browser calls itself: signed out is 401; anyone else is told the file does not exist.
  '/api/files/[fileId]/content': { ...onlyFor(), anonymous: { status: 401 } },
  '/api/files/spaces/[spaceId]/recording': { ...onlyFor(), anonymous: { status: 401 } },
  // The tus endpoint takes POST, HEAD, PATCH and DELETE only (e2e/files.spec.ts): a GET is not a method it has.
  '/api/files/uploads': { anonymous: { status: 405 }, client: { status: 405 }, therapist: { status: 405 }, admin: { status: 405 }, otherPracticeAdmin: { status: 405 } },
  '/api/files/uploads/[uploadId]': { anonymous: { status: 405 }, client: { status: 405 }, therapist: { status: 405 }, admin: { status: 405 }, otherPracticeAdmin: { status: 405 } },
  '/admin': ADMINS,
  '/admin/users': ADMINS,
  '/admin/users/invite': ADMINS,
  '/admin/relationships': ADMINS,
  '/admin/settings': ADMINS,
  '/admin/audit': ADMINS,
  '/admin/outbox': ADMINS,
  '/admin/jobs': ADMINS,
  '/admin/recording': ADMINS,
  // Each admin sees their own practice's register (metadata only).
  '/admin/recording/register': ADMINS,
  // Every seeded practice has its own policies, so the other practice's admin sees theirs.
  '/admin/policies': ADMINS,
  '/admin/policies/acknowledgements': ADMINS,
  '/admin/policies/[kind]': ADMINS,
  '/admin/policies/[kind]/versions/[version]': ADMINS,
  '/admin/policies/[kind]/compare': ADMINS,
};

/**
 * Pages that show health information or other personal data once signed in: their responses
 * must not be stored by the browser or any cache (Cache-Control: no-store). Every page that
 * needs a signed-in viewer counts, since each shows at least the viewer's own account.
 */
export const holdsPersonalData = (pattern: string) =>
  Object.values(EXPECTED[pattern]).some((outcome) => outcome === 'sign-in' || (typeof outcome === 'object' && 'status' in outcome && outcome.status === 401));

/** Route handlers (route.ts) answer data, not pages: no HTML, no scripts, nothing for axe. */
export const isRouteHandler = (pattern: string) => routeFiles().get(pattern) === 'route';

// Values for dynamic segments: real ids from the demo practice, tokens that match nothing.
export function sampleValues(): Record<string, string> {
  const ids = readSampleIds();
  return {
    clientId: ids.demoClientId,
    userId: ids.demoClientId,
    token: 'e2e-unknown-token-0000000000000000',
    kind: 'recording',
    version: '1',
    requestId: '00000000-0000-4000-8000-000000000000',
    format: 'pdf',
    spaceId: '00000000-0000-4000-8000-000000000001',
    fileId: '00000000-0000-4000-8000-000000000002',
    uploadId: '00000000-0000-4000-8000-000000000003',
    appointmentId: '00000000-0000-4000-8000-000000000004',
    summaryId: '00000000-0000-4000-8000-000000000005',
    episodeId: '00000000-0000-4000-8000-000000000006',
    entryId: '00000000-0000-4000-8000-000000000007',
  };
}

const APP_DIR = path.join(import.meta.dirname, '..', 'app');
const ROUTE_FILE = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/;

/** Every page and route handler under app/, as a URL pattern such as /practice/clients/[clientId]. */
export function routesOnDisk(): string[] {
  return [...routeFiles().keys()];
}

function routeFiles(dir = APP_DIR, segments: string[] = [], found = new Map<string, 'page' | 'route'>()) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = entry.isFile() ? entry.name.match(ROUTE_FILE) : null;
    if (file) {
      found.set('/' + segments.join('/'), file[1] as 'page' | 'route');
    } else if (entry.isDirectory() && !entry.name.startsWith('_')) {
      // Route groups (x) and parallel-route slots @x do not appear in the URL.
      const inUrl = !/^\(.*\)$/.test(entry.name) && !entry.name.startsWith('@');
      routeFiles(path.join(dir, entry.name), inUrl ? [...segments, entry.name] : segments, found);
    }
  }
  return found;
}

export function fillSegments(pattern: string, values: Record<string, string> = sampleValues()) {
  return pattern.replace(/\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`No sample value for [${name}] in ${pattern}: add one to sampleValues().`);
    return encodeURIComponent(values[name]);
  });
}

