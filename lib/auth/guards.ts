import 'server-only';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { auth } from './config';
import { can, mustEnrolMfa, type Action } from './permissions';
import { validateSession, type SessionUser } from './sessions';

/** The signed-in user for this request, checked against the sessions table; null when signed out. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.sid) return null;
  return validateSession(await getDb(), session.sid);
});

export const MFA_ENROLMENT_PATH = '/account/security';

/**
 * The guard for every page and action: signed out goes to sign-in (and comes back), a role
 * without the permission gets a plain 404, and staff who must enrol in MFA are sent to do so.
 */
export async function requireUser(action: Action, options: { allowPendingMfa?: boolean } = {}): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    const here = (await headers()).get('x-hearth-path') ?? '/';
    redirect(`/login?next=${encodeURIComponent(here)}`);
  }
  if (!can(user.role, action)) notFound();
  if (!options.allowPendingMfa && mustEnrolMfa(user)) redirect(`${MFA_ENROLMENT_PATH}?required=1`);
  return user;
}
