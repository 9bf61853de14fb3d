import type { Role } from '@/db/schema';
import { routes } from '@/lib/routes';

export type { Role };
export const ROLES = ['client', 'therapist', 'admin'] as const satisfies readonly Role[];

/**
 * Who may do what, as data. Route guards, actions and data-access functions ask `can()`;
 * nothing else in the code compares role names to grant access.
 */
export const PERMISSIONS = {
  'portal:use': ['client'],
  'practice:use': ['therapist'],
  'admin:use': ['admin'],
  'account:manage': ['client', 'therapist', 'admin'],
  'clients:view-assigned': ['therapist'],
  'clients:invite': ['therapist', 'admin'],
  'staff:invite': ['admin'],
  'users:manage': ['admin'],
  'care:manage': ['admin'],
  'practice:configure': ['admin'],
  'audit:view': ['admin'],
  'outbox:view': ['admin'],
  'policies:manage': ['admin'],
  'location:set-own': ['client'],
  'notifications:use': ['client', 'therapist', 'admin'],
  'jobs:view': ['admin'],
  'jobs:retry': ['admin'],
  'appointments:manage': ['therapist'],
  'appointments:view-own': ['client'],
  'recording:discuss': ['client', 'therapist'],
  'recording:register': ['admin'],
  'files:share': ['client', 'therapist'],
  'summaries:write': ['therapist'],
  'summaries:read': ['client'],
  'reminders:use': ['client'],
  'journal:write': ['client'],
  'journal:read-shared': ['therapist'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** Where each role lands after signing in, and the area it owns. */
export const HOME_BY_ROLE: Record<Role, string> = {
  client: routes.portal,
  therapist: routes.practice,
  admin: routes.admin,
};

// Pages every role has: a link to them (from a notification e-mail, say) survives signing in.
const SHARED_AREAS = [routes.account, routes.notifications];

/** A `next` value is honoured only if it is a local path inside the role's area (no open redirect). */
export function safeNextPath(role: Role, next: string | null | undefined): string {
  const home = HOME_BY_ROLE[role];
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return home;
  let url: URL;
  try {
    url = new URL(next, 'http://hearth.invalid');
  } catch {
    return home;
  }
  if (url.origin !== 'http://hearth.invalid') return home;
  const inArea = [home, ...SHARED_AREAS].some((area) => url.pathname === area || url.pathname.startsWith(`${area}/`));
  return inArea ? url.pathname + url.search : home;
}

// Roles that "require MFA for staff" applies to.
const STAFF_ROLES: readonly Role[] = ['therapist', 'admin'];

export function mustEnrolMfa(user: { role: Role; requireStaffMfa: boolean; mfaEnabled: boolean }): boolean {
  return user.requireStaffMfa && !user.mfaEnabled && STAFF_ROLES.includes(user.role);
}
