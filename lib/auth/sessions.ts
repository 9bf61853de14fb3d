import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { practices, sessions, users, type Role } from '@/db/schema';
import { randomToken, sha256Hex } from '@/lib/platform/crypto/tokens';
import type { Actor } from '@/lib/platform/actor';
import type { RequestContext } from '@/lib/platform/http';

export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const HANDOFF_MS = 60 * 1000;
// Writing last_seen_at on every request would make each page view a write; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60 * 1000;

/** The signed-in person: an Actor (who acts, in which practice and time zone) and what the shell shows. */
export interface SessionUser extends Actor {
  sessionId: string;
  practiceName: string;
  email: string;
  name: string;
  mfaEnabled: boolean;
  requireStaffMfa: boolean;
}

/** Creates a server-side session and a one-minute, single-use ticket that Auth.js exchanges for it. */
export async function createSession(tx: DbOrTx, userId: string, context: RequestContext, now = new Date()) {
  const id = randomToken();
  const ticket = randomToken();
  await tx.insert(sessions).values({
    id,
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    handoffHash: sha256Hex(ticket),
    handoffExpiresAt: new Date(now.getTime() + HANDOFF_MS),
    ip: context.ip,
    userAgent: context.userAgent,
  });
  return { sessionId: id, ticket };
}

export async function consumeHandoff(db: DbOrTx, ticket: string, now = new Date()): Promise<string | null> {
  const [session] = await db
    .update(sessions)
    .set({ handoffHash: null, handoffExpiresAt: null })
    .where(and(eq(sessions.handoffHash, sha256Hex(ticket)), gt(sessions.handoffExpiresAt, now), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return session?.id ?? null;
}

/**
 * The user behind a session id, or null when the session is unknown, revoked, past its
 * absolute lifetime, idle for longer than the practice allows, or its user is deactivated.
 */
export async function validateSession(db: DbOrTx, sessionId: string, now = new Date()): Promise<SessionUser | null> {
  const [row] = await db
    .select({
      session: sessions,
      user: users,
      practice: practices,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(practices, eq(practices.id, users.practiceId))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  if (!row || row.session.revokedAt || row.session.handoffHash) return null;
  if (row.session.expiresAt <= now || row.user.status !== 'active') return null;
  const idleLimit = row.practice.idleTimeoutMinutes * 60 * 1000;
  if (now.getTime() - row.session.lastSeenAt.getTime() > idleLimit) {
    await revokeSession(db, sessionId, 'idle');
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
  }
  return {
    sessionId,
    id: row.user.id,
    practiceId: row.practice.id,
    practiceName: row.practice.name,
    email: row.user.email,
    name: row.user.name,
    role: row.user.role,
    mfaEnabled: !!row.user.mfaEnabledAt,
    requireStaffMfa: row.practice.requireStaffMfa,
    timeZone: row.practice.timeZone,
  };
}

export async function revokeSession(db: DbOrTx, sessionId: string, reason: string) {
  await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every session of a user, optionally keeping the one making the request. */
export async function revokeUserSessions(db: DbOrTx, userId: string, reason: string, keepSessionId?: string) {
  const result = await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        keepSessionId ? ne(sessions.id, keepSessionId) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return result.length;
}
