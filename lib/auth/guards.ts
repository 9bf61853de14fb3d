import 'server-only';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { routes } from '@/lib/routes';
import { sessionIdFromCookie } from './config/session-cookie';
import { can, mustEnrolMfa, type Action } from './permissions';
import { checkSession, validateSession } from './commands/sessions';
import type { SessionCheck, SessionUser } from './model';

const sessionIdOfRequest = async () => sessionIdFromCookie(await cookies(), await headers());

/**
 * The session check of this request, asked once: the layout, the page, its data and the shell all read this one
 * answer (the user, the portal gate's and the bell's), so a page view costs one query for them together.
 */
const checkThisRequest = cache(async (): Promise<SessionCheck | null> => {
  const sessionId = await sessionIdOfRequest();
  return sessionId ? checkSession(await getDb(), sessionId) : null;
});

/** The signed-in user for this request, checked against the sessions table; null when signed out. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  return (await checkThisRequest())?.user ?? null;
}

/** The signed-in user, checked like getCurrentUser but without counting as activity (for polling). */
export async function getCurrentUserWithoutActivity(): Promise<SessionUser | null> {
  const sessionId = await sessionIdOfRequest();
  return sessionId ? validateSession(await getDb(), sessionId, new Date(), { activity: false }) : null;
}

/** The signed-in user's unread notifications, as read with the session (the shell's bell costs no query of its own). */
export async function unreadNotificationCount(): Promise<number> {
  return (await checkThisRequest())?.unreadNotifications ?? 0;
}

export const MFA_ENROLMENT_PATH = '/account/security';

// The client portal's permissions: using any of them waits until the policies in force are acknowledged.
// Account and notification pages stay open, so a client can still manage the account and sign out.
const PORTAL_ACTIONS: ReadonlySet<Action> = new Set(['portal:use']);

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
  const check = await checkThisRequest();
  if (!check) {
    const here = (await headers()).get('x-hearth-path') ?? '/';
    redirect(`/login?next=${encodeURIComponent(here)}`);
  }
  const { user } = check;
  if (!can(user.role, action)) notFound();
  if (!options.allowPendingMfa && mustEnrolMfa(user)) redirect(`${MFA_ENROLMENT_PATH}?required=1`);
  if (!options.allowPendingPolicies && PORTAL_ACTIONS.has(action) && check.policyToAcknowledge) redirect(routes.portalPolicies);
  return user;
}

/**
 * The guard for routes that answer the browser's own requests (uploads, file content): a status instead of a
 * redirect. Signed out is 401; a role without the permission 404; staff who must enrol in MFA, and a client with a
 * policy to acknowledge, 403.
 */
export async function apiUser(action: Action): Promise<{ user: SessionUser; status?: undefined } | { status: 401 | 403 | 404 }> {
  const check = await checkThisRequest();
  if (!check) return { status: 401 };
  const { user } = check;
  if (!can(user.role, action)) return { status: 404 };
  if (mustEnrolMfa(user)) return { status: 403 };
  if (check.policyToAcknowledge) return { status: 403 };
  return { user };
}
