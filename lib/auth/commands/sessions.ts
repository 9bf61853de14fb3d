import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { sessions } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import { todayInTimeZone } from '@/lib/platform/clock';
import { randomToken, sha256Hex } from '@/lib/platform/crypto/tokens';
import type { RequestContext } from '@/lib/platform/http';
import { policyToAcknowledgeOn } from '@/lib/policies/queries';
import { SESSION_ABSOLUTE_MS, type AccountActor, type SessionCheck, type SessionUser } from '../model';
import { findSession } from '../queries';

const HANDOFF_MS = 60 * 1000;
// Writing last_seen_at on every request would make each page view a write; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60 * 1000;

// The session id is derived from the hand-off ticket, so that exchanging the ticket (all Auth.js
// is given) yields the id, while the table stores neither the ticket nor the id, only hashes.
const sessionIdFor = (ticket: string) => sha256Hex(`hearth-session:${ticket}`);
/** What sessions.id holds for a session id. */
const stored = (sessionId: string) => sha256Hex(sessionId);

/** Creates a server-side session and a one-minute, single-use ticket that Auth.js exchanges for its id. */
export async function createSession(tx: DbOrTx, userId: string, context: RequestContext, now = new Date()) {
  const ticket = randomToken();
  const sessionId = sessionIdFor(ticket);
  await tx.insert(sessions).values({
    id: stored(sessionId),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    handoffHash: sha256Hex(ticket),
    handoffExpiresAt: new Date(now.getTime() + HANDOFF_MS),
    ip: context.ip,
    userAgent: context.userAgent,
  });
  return { sessionId, ticket };
}

/** The session id for a ticket, once, within its minute, or null. */
export async function consumeHandoff(db: DbOrTx, ticket: string, now = new Date()): Promise<string | null> {
  const [session] = await db
    .update(sessions)
    .set({ handoffHash: null, handoffExpiresAt: null })
    .where(and(eq(sessions.handoffHash, sha256Hex(ticket)), gt(sessions.handoffExpiresAt, now), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return session ? sessionIdFor(ticket) : null;
}

async function revokeStored(db: DbOrTx, id: string, reason: string, now: Date) {
  await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

// Every time zone's today (UTC-12 to UTC+14) is at the latest the UTC day after.
const latestToday = (now: Date) => new Date(now.getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/**
 * The session check of a request, in one query (and a write at most once a minute): the user behind a session id,
 * with their unread notifications and, for a client, whether a policy is to be acknowledged first; or null when the
 * session is unknown, revoked, past its absolute lifetime, idle for longer than the practice allows, or its user is
 * deactivated. `activity: false` checks without counting as activity: background polling (the notification bell)
 * must not keep an unattended screen signed in past the idle timeout.
 */
export async function checkSession(
  db: DbOrTx,
  sessionId: string,
  now = new Date(),
  options: { activity?: boolean } = {},
): Promise<SessionCheck | null> {
  const id = stored(sessionId);
  const row = await findSession(db, id, latestToday(now));
  if (!row || row.revokedAt || row.handoffHash) return null;
  if (row.expiresAt <= now || row.status !== 'active') return null;
  const idle = now.getTime() - row.lastSeenAt.getTime();
  if (idle > row.idleTimeoutMinutes * 60 * 1000) {
    await revokeStored(db, id, 'idle', now);
    return null;
  }
  if (options.activity !== false && idle > TOUCH_INTERVAL_MS) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  return {
    user: {
      sessionId,
      id: row.userId,
      practiceId: row.practiceId,
      practiceName: row.practiceName,
      email: row.email,
      name: row.name,
      role: row.role,
      mfaEnabled: !!row.mfaEnabledAt,
      requireStaffMfa: row.requireStaffMfa,
      timeZone: row.timeZone,
    },
    unreadNotifications: row.unreadNotifications,
    policyToAcknowledge: row.role === 'client' && policyToAcknowledgeOn(row.policyVersions ?? [], todayInTimeZone(row.timeZone, now)),
  };
}

/** The user behind a session id, checked as checkSession checks it; null when the session is not valid. */
export async function validateSession(db: DbOrTx, sessionId: string, now = new Date(), options: { activity?: boolean } = {}): Promise<SessionUser | null> {
  return (await checkSession(db, sessionId, now, options))?.user ?? null;
}

export async function revokeSession(db: DbOrTx, sessionId: string, reason: string, now = new Date()) {
  await revokeStored(db, stored(sessionId), reason, now);
}

/** Ends every session of a user, optionally keeping the one making the request; returns how many ended. */
export async function revokeUserSessions(db: DbOrTx, userId: string, reason: string, keepSessionId?: string, now = new Date()) {
  const result = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepSessionId ? ne(sessions.id, stored(keepSessionId)) : undefined))
    .returning({ id: sessions.id });
  return result.length;
}

export async function signOut(db: DbOrTx, actor: Required<AccountActor>, context: RequestContext, now = new Date()) {
  await db.transaction(async (tx) => {
    await revokeSession(tx, actor.sessionId, 'signed-out', now);
    await audit(tx, actor, context, 'auth.signout', { subjectType: 'user', subjectId: actor.id });
  });
  return { status: 'signed-out' } as const;
}

/** Ends every session of the actor, this one included. */
export async function signOutEverywhere(db: DbOrTx, actor: Actor, context: RequestContext, now = new Date()) {
  return db.transaction(async (tx) => {
    const sessionsEnded = await revokeUserSessions(tx, actor.id, 'signed-out-everywhere', undefined, now);
    await audit(tx, actor, context, 'auth.signout_everywhere', { subjectType: 'user', subjectId: actor.id, metadata: { sessionsEnded } });
    return { status: 'signed-out', sessionsEnded } as const;
  });
}
