import 'server-only';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { getCurrentUser, requireUser } from './guards';
import { HOME_BY_ROLE, can, mustEnrolMfa, safeNextPath } from './permissions';
import { findUsableReset, getMfaStatus } from './queries';

/** The signed-in person for the account pages, which staff who must still enrol in MFA may use. */
export const requireAccountUser = () => requireUser('account:manage', { allowPendingMfa: true });

/** Someone already signed in does not need the sign-in page: they go where they were headed. */
export async function redirectIfSignedIn(next: string | undefined): Promise<void> {
  const user = await getCurrentUser();
  if (user) redirect(safeNextPath(user.role, next));
}

export async function getAccountOverview() {
  const user = await requireAccountUser();
  return { name: user.name, email: user.email, mfaEnabled: user.mfaEnabled, canSetLocation: can(user.role, 'location:set-own') };
}

export async function getSecuritySettings() {
  const user = await requireAccountUser();
  const status = await getMfaStatus(await getDb(), user.id);
  return {
    enabled: status.enabled,
    unusedRecoveryCodes: status.unusedRecoveryCodes,
    // The requirement is checked, not taken from ?required=1, so the notice is never shown to someone it does not apply to.
    mustEnrolNow: mustEnrolMfa({ ...user, mfaEnabled: status.enabled }),
    requiredByPractice: mustEnrolMfa({ ...user, mfaEnabled: false }),
    homeHref: HOME_BY_ROLE[user.role],
  };
}

/** Whether a reset link can still set a password; says nothing about whose it is. */
export async function isUsableResetLink(token: string): Promise<boolean> {
  return !!(await findUsableReset(await getDb(), token));
}
