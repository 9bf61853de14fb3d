import 'server-only';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { hasPolicyToAcknowledge } from '@/lib/policies/queries';
import { routes } from '@/lib/routes';
import { auth } from './config';
import { can, mustEnrolMfa, type Action } from './permissions';
import { validateSession } from './commands/sessions';
import type { SessionUser } from './model';

/** The signed-in user for this request, checked against the sessions table; null when signed out. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.sid) return null;
  return validateSession(await getDb(), session.sid);
});

/** The signed-in user, checked like getCurrentUser but without counting as activity (for polling). */
export async function getCurrentUserWithoutActivity(): Promise<SessionUser | null> {
  const session = await auth();
  if (!session?.sid) return null;
  return validateSession(await getDb(), session.sid, new Date(), { activity: false });
}

export const MFA_ENROLMENT_PATH = '/account/security';

// The client portal's permissions: using any of them waits until the policies in force are acknowledged.
// Account and notification pages stay open, so a client can still manage the account and sign out.
const PORTAL_ACTIONS: ReadonlySet<Action> = new Set(['portal:use']);

// Layout, page, page data and actions of one request all pass the gate; the database is asked once.
const hasPendingPolicies = cache(async (user: SessionUser) => hasPolicyToAcknowledge(await getDb(), user));

export interface GuardOptions {
  /** For the page where staff enrol in MFA, and what it needs. */
  allowPendingMfa?: boolean;
  /** For the page where a client acknowledges policies, its data and its action. */
  allowPendingPolicies?: boolean;
}

/**
 * The guard for every page and action: signed out goes to sign-in (and comes back), a role
 * without the permission gets a plain 404, staff who must enrol in MFA are sent to do so, and a
 * client with a policy version in force not yet acknowledged is sent to acknowledge it before
 * using the portal.
 */
export async function requireUser(action: Action, options: GuardOptions = {}): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    const here = (await headers()).get('x-hearth-path') ?? '/';
    redirect(`/login?next=${encodeURIComponent(here)}`);
  }
  if (!can(user.role, action)) notFound();
  if (!options.allowPendingMfa && mustEnrolMfa(user)) redirect(`${MFA_ENROLMENT_PATH}?required=1`);
  if (!options.allowPendingPolicies && PORTAL_ACTIONS.has(action) && (await hasPendingPolicies(user))) redirect(routes.portalPolicies);
  return user;
}

/**
 * The guard for routes that answer the browser's own requests (uploads, file content): a status instead of a
 * redirect. Signed out is 401; a role without the permission 404; staff who must enrol in MFA, and a client with a
 * policy to acknowledge, 403.
 */
export async function apiUser(action: Action): Promise<{ user: SessionUser; status?: undefined } | { status: 401 | 403 | 404 }> {
  const user = await getCurrentUser();
  if (!user) return { status: 401 };
  if (!can(user.role, action)) return { status: 404 };
  if (mustEnrolMfa(user)) return { status: 403 };
  if (user.role === 'client' && (await hasPendingPolicies(user))) return { status: 403 };
  return { user };
}
