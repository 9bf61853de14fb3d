import { createHmac } from 'node:crypto';
import { and, count, desc, eq, gt, gte, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authLockouts, loginAttempts, mfaRecoveryCodes, passwordResets, practices, sessions, users } from '@/db/schema';
import { unreadCountQuery } from '@/lib/notifications/queries';
import { derivedKey } from '@/lib/platform/crypto/keys';
import { sha256Hex } from '@/lib/platform/crypto/tokens';
import { UNKNOWN_ADDRESS } from '@/lib/platform/http';
import { gateVersions, type GateVersion } from '@/lib/policies/queries';
import { SIGN_IN_RECORDS_KEPT_MS, WINDOW_MS } from './model';

/**
 * What sign-in attempts and account lockouts are filed under instead of the email typed: an
 * HMAC of it, so the records never hold an address (mistyped ones may be someone else's), and
 * without the key a guessed address cannot be checked against them.
 */
export function accountKey(email: string): string {
  return createHmac('sha256', derivedKey('sign-in account key')).update(email, 'utf8').digest('hex');
}

export type LockScope = 'account' | 'ip' | 'global';
export const GLOBAL_KEY = '*';

/** With no trusted proxy the address is unknown, and then not something to count or lock by. */
export const countsByAddress = (ip: string) => ip !== UNKNOWN_ADDRESS;

async function latestLock(db: DbOrTx, scope: LockScope, key: string): Promise<Date | null> {
  const [lock] = await db
    .select({ lockedUntil: authLockouts.lockedUntil })
    .from(authLockouts)
    .where(and(eq(authLockouts.scope, scope), eq(authLockouts.key, key)))
    .orderBy(desc(authLockouts.lockedUntil))
    .limit(1);
  return lock?.lockedUntil ?? null;
}

/** True when the address signed someone in within the time sign-in records are kept. */
export async function isKnownAddress(db: DbOrTx, ip: string, now: Date): Promise<boolean> {
  if (!countsByAddress(ip)) return false;
  const [row] = await db
    .select({ id: loginAttempts.id })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, true), gt(loginAttempts.createdAt, new Date(now.getTime() - SIGN_IN_RECORDS_KEPT_MS))))
    .limit(1);
  return !!row;
}

/**
 * The time sign-in opens again for this email from this address, or null when it is open: the
 * account or the address is locked, or sign-in as a whole is, for an address not known.
 */
export async function lockedUntil(db: DbOrTx, email: string, ip: string, now = new Date()): Promise<Date | null> {
  const [account, address, global] = await Promise.all([
    latestLock(db, 'account', accountKey(email)),
    countsByAddress(ip) ? latestLock(db, 'ip', ip) : null,
    latestLock(db, 'global', GLOBAL_KEY),
  ]);
  const active = [account, address].filter((until): until is Date => !!until && until > now);
  if (global && global > now && !(await isKnownAddress(db, ip, now))) active.push(global);
  return active.length ? new Date(Math.max(...active.map((d) => d.getTime()))) : null;
}

const latest = (...dates: (Date | null)[]) => new Date(Math.max(...dates.map((d) => d?.getTime() ?? 0)));

async function lastSuccess(db: DbOrTx, key: string) {
  const [row] = await db
    .select({ at: loginAttempts.createdAt })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.accountKey, key), eq(loginAttempts.succeeded, true)))
    .orderBy(desc(loginAttempts.createdAt))
    .limit(1);
  return row?.at ?? null;
}

/**
 * Failures that count towards each limit: those within the window, and after the scope's last
 * lock ended (and, for an account, after its last successful sign-in). An attempt still being
 * checked counts as a failure until it succeeds.
 */
export async function countedFailures(db: DbOrTx, key: string, ip: string, now: Date) {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const failed = eq(loginAttempts.succeeded, false);
  const accountSince = latest(windowStart, await latestLock(db, 'account', key), await lastSuccess(db, key));
  const [account] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.accountKey, key), failed, gte(loginAttempts.createdAt, accountSince)));
  const [address] = countsByAddress(ip)
    ? await db
        .select({ n: count() })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.ip, ip), failed, gte(loginAttempts.createdAt, latest(windowStart, await latestLock(db, 'ip', ip)))))
    : [{ n: 0 }];
  const globalSince = latest(windowStart, await latestLock(db, 'global', GLOBAL_KEY));
  const [global] = await db.select({ n: count() }).from(loginAttempts).where(and(failed, gte(loginAttempts.createdAt, globalSince)));
  return { account: account.n, address: address.n, global: global.n };
}

function prepareSessionCheck(db: DbOrTx) {
  const person = { id: users.id, practiceId: users.practiceId };
  return db
    .select({
      revokedAt: sessions.revokedAt,
      handoffHash: sessions.handoffHash,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      status: users.status,
      mfaEnabledAt: users.mfaEnabledAt,
      practiceId: practices.id,
      practiceName: practices.name,
      timeZone: practices.timeZone,
      idleTimeoutMinutes: practices.idleTimeoutMinutes,
      requireStaffMfa: practices.requireStaffMfa,
      unreadNotifications: sql<number>`(${unreadCountQuery(db, person)})`.mapWith(Number),
      policyVersions: sql<GateVersion[] | null>`case when ${users.role} = 'client' then (${gateVersions(db, person, sql.placeholder('lastDay'))}) end`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(practices, eq(practices.id, users.practiceId))
    .where(eq(sessions.id, sql.placeholder('idHash')))
    .limit(1)
    .prepare('session_check');
}

// Built once per database handle: it runs on every request, and building it costs as much as a small query.
const sessionChecks = new WeakMap<DbOrTx, ReturnType<typeof prepareSessionCheck>>();

/**
 * Everything a request asks of its session, in one query: the session, its user and practice (never a password hash
 * or an MFA secret), the user's unread notifications (the shell's bell) and, for a client, the policy versions that
 * have taken effect by `lastDay` (the portal gate decides from them once the practice's time zone says which day it is).
 */
export async function findSession(db: DbOrTx, idHash: string, lastDay: string) {
  let query = sessionChecks.get(db);
  if (!query) {
    query = prepareSessionCheck(db);
    sessionChecks.set(db, query);
  }
  const [row] = await query.execute({ idHash, lastDay });
  return row ?? null;
}

/** An account changing its own second factor, with what the change is checked against. */
export async function findAccountForMfa(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      practiceId: users.practiceId,
      email: users.email,
      role: users.role,
      passwordHash: users.passwordHash,
      mfaSecret: users.mfaSecret,
      mfaPendingSecret: users.mfaPendingSecret,
      mfaEnabledAt: users.mfaEnabledAt,
      mfaLastTimeStep: users.mfaLastTimeStep,
      requireStaffMfa: practices.requireStaffMfa,
    })
    .from(users)
    .innerJoin(practices, eq(practices.id, users.practiceId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new Error('MFA change for an unknown user');
  return row;
}

export async function getMfaStatus(db: DbOrTx, userId: string) {
  const [user] = await db.select({ enabledAt: users.mfaEnabledAt }).from(users).where(eq(users.id, userId));
  const [codes] = await db
    .select({ unused: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return { enabled: !!user?.enabledAt, unusedRecoveryCodes: user?.enabledAt ? codes.unused : 0 };
}

export const usableReset = (now: Date) => and(isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now));

/** The account a reset link belongs to, or null for an unknown, used, cancelled or expired link. */
export async function findUsableReset(db: DbOrTx, token: string, now = new Date()) {
  const [row] = await db
    .select({ id: passwordResets.id, userId: users.id, email: users.email, practiceId: users.practiceId })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, sha256Hex(token)), usableReset(now), eq(users.status, 'active')))
    .limit(1);
  return row ?? null;
}
