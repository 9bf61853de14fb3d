import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '@/db/client';
import { notifications, policyAcknowledgements, policyVersions, practices, sessions, users } from '@/db/schema';
import { checkSession, consumeHandoff, createSession, revokeSession, revokeUserSessions, validateSession } from '@/lib/auth/commands/sessions';
import { SESSION_ABSOLUTE_MS } from '@/lib/auth/model';
import { sha256Hex } from '@/lib/platform/crypto/tokens';
import { policyContentSha256 } from '@/lib/policies/hash';
import { hasPolicyToAcknowledge } from '@/lib/policies/queries';
import { testContext } from '../helpers/context';
import { testDatabases } from '../helpers/database';

const MINUTE = 60 * 1000;
let counter = 0;

async function addUser(db: Db, practiceId: string, role: 'client' | 'therapist' | 'admin' = 'client') {
  counter += 1;
  const [user] = await db
    .insert(users)
    .values({ practiceId, email: `person${counter}@sessions.test`, name: `Person ${counter}`, role })
    .returning();
  return user;
}

/** A session that went through the hand-off, as after a real sign-in. */
async function liveSession(db: Db, userId: string, now = new Date()) {
  const { sessionId, ticket } = await createSession(db, userId, testContext(), now);
  expect(await consumeHandoff(db, ticket, now)).toBe(sessionId);
  return sessionId;
}

// The table holds the SHA-256 of each session id, never the id itself.
async function sessionRow(db: Db, id: string) {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sha256Hex(id)));
  return row;
}

describe.each(testDatabases)('sessions on $name', (database) => {
  let handle: DatabaseHandle;
  let db: Db;
  let practiceId: string;
  beforeAll(async () => {
    handle = await database.open();
    db = handle.db;
    const [practice] = await db
      .insert(practices)
      .values({ slug: 'sessions', name: 'Sessions Practice', timeZone: 'Europe/Dublin', idleTimeoutMinutes: 5 })
      .returning();
    practiceId = practice.id;
  });
  afterAll(() => handle?.close());

  it('validates a live session and returns its user and practice', async () => {
    const user = await addUser(db, practiceId, 'therapist');
    const id = await liveSession(db, user.id);
    expect(await validateSession(db, id)).toEqual({
      sessionId: id,
      id: user.id,
      practiceId,
      practiceName: 'Sessions Practice',
      email: user.email,
      name: user.name,
      role: 'therapist',
      mfaEnabled: false,
      requireStaffMfa: false,
      timeZone: 'Europe/Dublin',
    });
  });

  it('does not validate an unknown session id', async () => {
    expect(await validateSession(db, 'no-such-session')).toBeNull();
  });

  it('does not validate a revoked session', async () => {
    const user = await addUser(db, practiceId);
    const id = await liveSession(db, user.id);
    await revokeSession(db, id, 'signout');
    expect(await validateSession(db, id)).toBeNull();
    expect(await sessionRow(db, id)).toMatchObject({ revokedReason: 'signout', revokedAt: expect.any(Date) });
  });

  it("revokes a user's other sessions but keeps the one asked for, and leaves other users alone", async () => {
    const user = await addUser(db, practiceId);
    const other = await addUser(db, practiceId);
    const kept = await liveSession(db, user.id);
    const gone1 = await liveSession(db, user.id);
    const gone2 = await liveSession(db, user.id);
    const otherUsers = await liveSession(db, other.id);
    expect(await revokeUserSessions(db, user.id, 'password-changed', kept)).toBe(2);
    expect(await validateSession(db, gone1)).toBeNull();
    expect(await validateSession(db, gone2)).toBeNull();
    expect(await validateSession(db, kept)).toMatchObject({ id: user.id });
    expect(await validateSession(db, otherUsers)).toMatchObject({ id: other.id });
    expect((await sessionRow(db, gone1)).revokedReason).toBe('password-changed');
    // Without a session to keep, all of them end.
    expect(await revokeUserSessions(db, user.id, 'deactivated')).toBe(1);
    expect(await validateSession(db, kept)).toBeNull();
  });

  it("ends a session idle for longer than the practice's timeout and records why", async () => {
    const user = await addUser(db, practiceId);
    const start = new Date(Date.now() - 10 * MINUTE);
    const active = await liveSession(db, user.id, start);
    const idle = await liveSession(db, user.id, start);
    // Four minutes of silence is within the five-minute limit.
    expect(await validateSession(db, active, new Date(start.getTime() + 4 * MINUTE))).toMatchObject({ id: user.id });
    expect(await validateSession(db, idle, new Date(start.getTime() + 6 * MINUTE))).toBeNull();
    const row = await sessionRow(db, idle);
    expect(row.revokedReason).toBe('idle');
    expect(row.revokedAt).toBeInstanceOf(Date);
    // Once ended for idleness it stays ended, even for an earlier clock.
    expect(await validateSession(db, idle, new Date(start.getTime() + MINUTE))).toBeNull();
  });

  it('reads the idle timeout from the practice settings', async () => {
    const user = await addUser(db, practiceId);
    const start = new Date(Date.now() - 60 * MINUTE);
    const id = await liveSession(db, user.id, start);
    await db.update(practices).set({ idleTimeoutMinutes: 30 }).where(eq(practices.id, practiceId));
    try {
      expect(await validateSession(db, id, new Date(start.getTime() + 20 * MINUTE))).toMatchObject({ id: user.id });
    } finally {
      await db.update(practices).set({ idleTimeoutMinutes: 5 }).where(eq(practices.id, practiceId));
    }
  });

  it('moves last_seen_at forward on use, so an active session does not idle out', async () => {
    const user = await addUser(db, practiceId);
    const start = new Date(Date.now() - 20 * MINUTE);
    const id = await liveSession(db, user.id, start);
    for (let minute = 4; minute <= 16; minute += 4) {
      expect(await validateSession(db, id, new Date(start.getTime() + minute * MINUTE)), `minute ${minute}`).not.toBeNull();
    }
    expect((await sessionRow(db, id)).lastSeenAt.getTime()).toBe(start.getTime() + 16 * MINUTE);
  });

  it('does not count background polling as activity, so an unattended screen still idles out', async () => {
    const user = await addUser(db, practiceId);
    const start = new Date(Date.now() - 20 * MINUTE);
    const id = await liveSession(db, user.id, start);
    // The bell polls every few minutes while nobody is at the screen (idle timeout: 5 minutes).
    for (let minute = 2; minute <= 4; minute += 2) {
      expect(await validateSession(db, id, new Date(start.getTime() + minute * MINUTE), { activity: false })).not.toBeNull();
    }
    expect((await sessionRow(db, id)).lastSeenAt.getTime()).toBe(start.getTime());
    expect(await validateSession(db, id, new Date(start.getTime() + 6 * MINUTE), { activity: false })).toBeNull();
  });

  it('ends a session past its absolute lifetime of 12 hours, however active', async () => {
    expect(SESSION_ABSOLUTE_MS).toBe(12 * 60 * MINUTE);
    const user = await addUser(db, practiceId);
    const start = new Date(Date.now() - 13 * 60 * MINUTE);
    const id = await liveSession(db, user.id, start);
    const row = await sessionRow(db, id);
    expect(row.expiresAt.getTime()).toBe(start.getTime() + SESSION_ABSOLUTE_MS);
    // Recent activity, so the idle timeout is not what ends it.
    await db.update(sessions).set({ lastSeenAt: new Date(row.expiresAt.getTime() - MINUTE) }).where(eq(sessions.id, row.id));
    expect(await validateSession(db, id, new Date(row.expiresAt.getTime() - 30 * 1000))).toMatchObject({ id: user.id });
    expect(await validateSession(db, id, new Date(row.expiresAt.getTime() + 1000))).toBeNull();
  });

  it('does not validate the session of a deactivated user', async () => {
    const user = await addUser(db, practiceId);
    const id = await liveSession(db, user.id);
    expect(await validateSession(db, id)).not.toBeNull();
    await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, user.id));
    expect(await validateSession(db, id)).toBeNull();
  });

  it('does not validate a session whose hand-off ticket was never consumed', async () => {
    const user = await addUser(db, practiceId);
    const { sessionId } = await createSession(db, user.id, testContext());
    expect(await validateSession(db, sessionId)).toBeNull();
  });

  it('consumes a hand-off ticket only once', async () => {
    const user = await addUser(db, practiceId);
    const { sessionId, ticket } = await createSession(db, user.id, testContext());
    expect(await consumeHandoff(db, ticket)).toBe(sessionId);
    expect(await consumeHandoff(db, ticket)).toBeNull();
    expect(await consumeHandoff(db, 'not-a-ticket')).toBeNull();
  });

  it('consumes a hand-off ticket once even when two requests race for it', async () => {
    const user = await addUser(db, practiceId);
    const { sessionId, ticket } = await createSession(db, user.id, testContext());
    const results = await Promise.all([consumeHandoff(db, ticket), consumeHandoff(db, ticket), consumeHandoff(db, ticket)]);
    expect(results.filter((r) => r === sessionId)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(2);
  });

  it('refuses a hand-off ticket after 60 seconds, and the session never becomes valid', async () => {
    const user = await addUser(db, practiceId);
    const start = new Date();
    const { sessionId, ticket } = await createSession(db, user.id, testContext(), start);
    expect(await consumeHandoff(db, ticket, new Date(start.getTime() + 61 * 1000))).toBeNull();
    expect(await validateSession(db, sessionId)).toBeNull();
    // Within the minute it would have worked.
    const second = await createSession(db, user.id, testContext(), start);
    expect(await consumeHandoff(db, second.ticket, new Date(start.getTime() + 59 * 1000))).toBe(second.sessionId);
  });

  it("answers with the user the bell's unread count and, for a client, the portal gate in the practice's own day", async () => {
    // Around the day version 2 takes effect (2026-03-11), in the zones furthest ahead of and behind UTC, and one between.
    const instants = ['2026-03-10T09:00:00Z', '2026-03-10T11:00:00Z', '2026-03-11T06:00:00Z', '2026-03-11T10:00:00Z', '2026-03-11T12:00:00Z'];
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Los_Angeles']) {
      counter += 1;
      const [practice] = await db.insert(practices).values({ slug: `gate-${counter}`, name: 'Gate Practice', timeZone }).returning();
      const admin = await addUser(db, practice.id, 'admin');
      const client = await addUser(db, practice.id, 'client');
      const publish = async (version: number, effectiveOn: string) => {
        const content = { title: 'Privacy', body: `Version ${version}.` };
        const [row] = await db
          .insert(policyVersions)
          .values({ practiceId: practice.id, kind: 'privacy', version, ...content, contentSha256: policyContentSha256(content), effectiveOn, changeSummary: 'New', publishedById: admin.id })
          .returning();
        return row;
      };
      const v1 = await publish(1, '2026-01-01');
      await publish(2, '2026-03-11');
      await db.insert(policyAcknowledgements).values({ userId: client.id, versionId: v1.id, contentSha256: v1.contentSha256 });
      await db.insert(notifications).values([
        { practiceId: practice.id, userId: client.id, kind: 'policy.version_published' },
        { practiceId: practice.id, userId: client.id, kind: 'policy.version_published' },
        { practiceId: practice.id, userId: client.id, kind: 'policy.version_published', readAt: new Date() },
        { practiceId: practice.id, userId: admin.id, kind: 'policy.version_published' },
      ]);
      const answers: boolean[] = [];
      for (const instant of instants) {
        const now = new Date(instant);
        const check = await checkSession(db, await liveSession(db, client.id, now), now);
        const gate = await hasPolicyToAcknowledge(db, { id: client.id, practiceId: practice.id, role: 'client', timeZone }, now);
        expect(check, `${timeZone} at ${instant}`).toMatchObject({ user: { id: client.id }, unreadNotifications: 2, policyToAcknowledge: gate });
        answers.push(gate);
      }
      // Each zone sees version 2 take effect at its own midnight: pending at some of the instants, not at others.
      expect(answers, timeZone).toContain(true);
      expect(answers, timeZone).toContain(false);
      // Staff are never held at the portal gate.
      const now = new Date(instants[4]);
      expect(await checkSession(db, await liveSession(db, admin.id, now), now)).toMatchObject({ unreadNotifications: 1, policyToAcknowledge: false });
    }
  });

  it('refuses the hand-off of a session revoked before it was consumed', async () => {
    const user = await addUser(db, practiceId);
    const { sessionId, ticket } = await createSession(db, user.id, testContext());
    await revokeSession(db, sessionId, 'test');
    expect(await consumeHandoff(db, ticket)).toBeNull();
  });
});
