import { describe, expect, it } from 'vitest';
import { HOME_BY_ROLE, PERMISSIONS, ROLES, can, mustEnrolMfa, safeNextPath, type Action } from '@/lib/auth/permissions';

// The whole table, written out: any change to who may do what must change this test too.
const EXPECTED: Record<Action, { client: boolean; therapist: boolean; admin: boolean }> = {
  'portal:use': { client: true, therapist: false, admin: false },
  'practice:use': { client: false, therapist: true, admin: false },
  'admin:use': { client: false, therapist: false, admin: true },
  'account:manage': { client: true, therapist: true, admin: true },
  'clients:view-assigned': { client: false, therapist: true, admin: false },
  'clients:invite': { client: false, therapist: true, admin: true },
  'staff:invite': { client: false, therapist: false, admin: true },
  'users:manage': { client: false, therapist: false, admin: true },
  'care:manage': { client: false, therapist: false, admin: true },
  'practice:configure': { client: false, therapist: false, admin: true },
  'audit:view': { client: false, therapist: false, admin: true },
  'outbox:view': { client: false, therapist: false, admin: true },
  'policies:manage': { client: false, therapist: false, admin: true },
  'location:set-own': { client: true, therapist: false, admin: false },
  'notifications:use': { client: true, therapist: true, admin: true },
  'jobs:view': { client: false, therapist: false, admin: true },
  'jobs:retry': { client: false, therapist: false, admin: true },
  'appointments:manage': { client: false, therapist: true, admin: false },
  'appointments:view-own': { client: true, therapist: false, admin: false },
  'recording:discuss': { client: true, therapist: true, admin: false },
  'recording:register': { client: false, therapist: false, admin: true },
  'files:share': { client: true, therapist: true, admin: false },
  'summaries:write': { client: false, therapist: true, admin: false },
  'summaries:read': { client: true, therapist: false, admin: false },
  'reminders:use': { client: true, therapist: false, admin: false },
  'journal:write': { client: true, therapist: false, admin: false },
  'journal:read-shared': { client: false, therapist: true, admin: false },
};

describe('can', () => {
  it('matches the permission table for every role and action', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const action of Object.keys(EXPECTED) as Action[]) {
      for (const role of ROLES) expect(can(role, action), `${role} ${action}`).toBe(EXPECTED[action][role]);
    }
  });

  it('gives clients nothing of staff or admin', () => {
    expect(can('client', 'clients:view-assigned')).toBe(false);
    expect(can('client', 'audit:view')).toBe(false);
    expect(can('therapist', 'audit:view')).toBe(false);
    expect(can('therapist', 'users:manage')).toBe(false);
  });
});

describe('safeNextPath', () => {
  it('allows a path inside the role area and keeps its query string', () => {
    expect(safeNextPath('client', '/portal/x')).toBe('/portal/x');
    expect(safeNextPath('client', '/portal')).toBe('/portal');
    expect(safeNextPath('client', '/portal/messages?thread=3&page=2')).toBe('/portal/messages?thread=3&page=2');
    expect(safeNextPath('therapist', '/practice/clients?q=a')).toBe('/practice/clients?q=a');
    expect(safeNextPath('admin', '/admin/audit')).toBe('/admin/audit');
  });

  it('allows the shared account area to every role', () => {
    for (const role of ROLES) expect(safeNextPath(role, '/account/security')).toBe('/account/security');
    // A notification e-mail links to /notifications; signing in on the way keeps the destination.
    for (const role of ROLES) expect(safeNextPath(role, '/notifications')).toBe('/notifications');
  });

  it('falls back to the role home when next is missing', () => {
    for (const role of ROLES) {
      expect(safeNextPath(role, undefined)).toBe(HOME_BY_ROLE[role]);
      expect(safeNextPath(role, null)).toBe(HOME_BY_ROLE[role]);
      expect(safeNextPath(role, '')).toBe(HOME_BY_ROLE[role]);
    }
  });

  it.each([
    '//evil.com',
    '//evil.com/portal',
    '/\\evil.com',
    '/\\/evil.com',
    'https://evil.com/portal',
    'http://evil.com',
    'javascript:alert(1)',
    'portal/x',
    '/\t/evil.com',
    '/\n/evil.com',
    ' //evil.com',
  ])('refuses an off-site or malformed target %j', (next) => {
    expect(safeNextPath('client', next)).toBe('/portal');
  });

  it("refuses another role's area, also through dot segments and look-alike prefixes", () => {
    expect(safeNextPath('client', '/admin')).toBe('/portal');
    expect(safeNextPath('client', '/admin/users')).toBe('/portal');
    expect(safeNextPath('client', '/practice/clients')).toBe('/portal');
    expect(safeNextPath('therapist', '/admin/audit')).toBe('/practice');
    expect(safeNextPath('admin', '/portal')).toBe('/admin');
    expect(safeNextPath('client', '/portal/../admin/users')).toBe('/portal');
    expect(safeNextPath('client', '/portal/%2e%2e/admin')).toBe('/portal');
    expect(safeNextPath('client', '/portalx/evil')).toBe('/portal');
    expect(safeNextPath('client', '/accounts')).toBe('/portal');
  });

  it('never returns something a browser would read as another origin', () => {
    for (const next of ['/portal//evil.com', '/portal/\t/evil.com', '/portal?next=//evil.com']) {
      const result = safeNextPath('client', next);
      expect(result.startsWith('/portal')).toBe(true);
      expect(new URL(result, 'https://hearth.example').origin).toBe('https://hearth.example');
    }
  });
});

describe('mustEnrolMfa', () => {
  it('applies only to staff without MFA when the practice requires it', () => {
    expect(mustEnrolMfa({ role: 'therapist', requireStaffMfa: true, mfaEnabled: false })).toBe(true);
    expect(mustEnrolMfa({ role: 'admin', requireStaffMfa: true, mfaEnabled: false })).toBe(true);
    expect(mustEnrolMfa({ role: 'client', requireStaffMfa: true, mfaEnabled: false })).toBe(false);
    expect(mustEnrolMfa({ role: 'admin', requireStaffMfa: true, mfaEnabled: true })).toBe(false);
    expect(mustEnrolMfa({ role: 'admin', requireStaffMfa: false, mfaEnabled: false })).toBe(false);
    expect(mustEnrolMfa({ role: 'therapist', requireStaffMfa: false, mfaEnabled: false })).toBe(false);
  });
});
