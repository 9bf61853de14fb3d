import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, authLockouts, loginChallenges, outboxMessages, passwordResets, users } from '@/db/schema';
import { DEMO_PASSWORD, seedDemo } from '@/db/seed';
import { requestPasswordReset, resetPassword } from '@/lib/auth/commands/password-reset';
import { consumeHandoff, createSession, validateSession } from '@/lib/auth/commands/sessions';
import { signInWithPassword } from '@/lib/auth/commands/signin';
import { RESET_MAILS_PER_HOUR } from '@/lib/auth/model';
import { accountKey, findUsableReset } from '@/lib/auth/queries';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { open } from '@/lib/platform/crypto/secretbox';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { jobHandlers } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

const BASE_URL = 'https://portal.example.org';
const NEW_PASSWORD = 'copper kettle meadow';
const HOUR_MS = 60 * 60 * 1000;

describe.each(testDatabases)('password reset on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
  });
  afterAll(() => handle?.close());
  beforeEach(() => vi.stubEnv('APP_URL', BASE_URL));

  const mailsTo = (email: string) =>
    handle.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email)).orderBy(desc(outboxMessages.createdAt));
  const userByEmail = async (email: string) => (await handle.db.select().from(users).where(eq(users.email, email)))[0];

  /** Asks for a reset as the action does, then runs the queued jobs; returns the text of each mail delivered. */
  async function requestReset(email: string, now?: Date) {
    await requestPasswordReset(handle.db, email, testContext(), now);
    const delivered: string[] = [];
    await runDueJobs(handle.db, { handlers: { ...jobHandlers, 'mail.deliver': async (payload) => void delivered.push(open(payload.sealedBody)) } });
    return delivered;
  }

  async function requestAndReadToken(email: string, now?: Date) {
    const [text] = await requestReset(email, now);
    const match = new RegExp(`${BASE_URL}/reset-password/([A-Za-z0-9_-]+)`).exec(text ?? '');
    expect(match, `a reset link mailed to ${email}`).not.toBeNull();
    return match![1];
  }

  it('sends nothing for an unknown or deactivated account', async () => {
    const resetsBefore = await handle.db.select().from(passwordResets);
    await requestReset('nobody@example.test');
    expect(await mailsTo('nobody@example.test')).toHaveLength(0);

    await handle.db.update(users).set({ status: 'deactivated' }).where(eq(users.email, 'client2@demo.test'));
    await requestReset('client2@demo.test');
    expect(await mailsTo('client2@demo.test')).toHaveLength(0);
    expect(await handle.db.select().from(passwordResets)).toHaveLength(resetsBefore.length);
  });

  it('mails a one-hour link and audits the request', async () => {
    const user = await userByEmail('therapist2@demo.test');
    const [text] = await requestReset('therapist2@demo.test');
    const token = new RegExp(`${BASE_URL}/reset-password/([A-Za-z0-9_-]+)`).exec(text)![1];
    const [mail] = await mailsTo('therapist2@demo.test');
    expect(mail).toMatchObject({ subject: 'Reset your Hearth password', practiceId: user.practiceId });
    expect(text).toContain('works for one hour');
    const [reset] = await handle.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(reset.tokenHash).not.toBe(token);
    expect(reset.expiresAt.getTime() - reset.createdAt.getTime()).toBe(HOUR_MS);
    expect(await findUsableReset(handle.db, token)).toMatchObject({ userId: user.id });
    const audits = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.password_reset_requested'), eq(auditEvents.subjectId, user.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0].outcome).toBe('success');
  });

  it('sets the new password, ends every session and sign-in step, and works once', async () => {
    const email = 'client@demo.test';
    const user = await userByEmail(email);
    const sessionId = (await consumeHandoff(handle.db, (await createSession(handle.db, user.id, testContext())).ticket))!;
    expect(await validateSession(handle.db, sessionId)).not.toBeNull();
    await handle.db.insert(loginChallenges).values({ id: 'pending-challenge', userId: user.id, expiresAt: new Date(Date.now() + 5 * 60 * 1000) });
    await handle.db.insert(authLockouts).values({ scope: 'account', key: accountKey(email), lockedUntil: new Date(Date.now() + 10 * 60 * 1000) });

    const token = await requestAndReadToken(email);
    const spare = await requestAndReadToken(email);
    expect(await resetPassword(handle.db, { token, password: NEW_PASSWORD }, testContext())).toEqual({ status: 'reset' });

    expect(await validateSession(handle.db, sessionId)).toBeNull();
    const [challenge] = await handle.db.select().from(loginChallenges).where(eq(loginChallenges.id, 'pending-challenge'));
    expect(challenge.consumedAt).not.toBeNull();
    const after = await userByEmail(email);
    expect(after.passwordChangedAt!.getTime()).toBeGreaterThan(user.passwordChangedAt!.getTime());
    expect((await signInWithPassword(handle.db, { email, password: DEMO_PASSWORD }, testContext())).status).toBe('invalid');
    // Signs in despite the lockout set above: proving the mailbox lifts it.
    expect((await signInWithPassword(handle.db, { email, password: NEW_PASSWORD }, testContext())).status).toBe('signed-in');

    // Neither this link nor an older one still in the mailbox works again.
    expect(await resetPassword(handle.db, { token, password: 'another fine password' }, testContext())).toEqual({ status: 'invalid' });
    expect(await resetPassword(handle.db, { token: spare, password: 'another fine password' }, testContext())).toEqual({ status: 'invalid' });
    const audits = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.password_reset'), eq(auditEvents.subjectId, user.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0].metadata).toEqual({ sessionsEnded: 1 });
  });

  it('refuses an expired link', async () => {
    const email = 'admin@harbor.test';
    const token = await requestAndReadToken(email, new Date(Date.now() - 2 * HOUR_MS));
    const before = await userByEmail(email);
    expect(await findUsableReset(handle.db, token)).toBeNull();
    expect(await resetPassword(handle.db, { token, password: NEW_PASSWORD }, testContext())).toEqual({ status: 'invalid' });
    expect((await userByEmail(email)).passwordHash).toBe(before.passwordHash);
  });

  it('refuses a weak password and keeps the link usable', async () => {
    const email = 'therapist@harbor.test';
    const token = await requestAndReadToken(email);
    const before = await userByEmail(email);
    // Length and the blocklist are the input schema's (setNewPasswordSchema); the account's own email is the command's to refuse.
    const result = await resetPassword(handle.db, { token, password: email }, testContext());
    expect(result.status).toBe('weak-password');
    expect((await userByEmail(email)).passwordHash).toBe(before.passwordHash);
    expect(await findUsableReset(handle.db, token)).not.toBeNull();
  });

  it(`sends at most ${RESET_MAILS_PER_HOUR} mails an hour to one account`, async () => {
    const email = 'therapist@demo.test';
    const user = await userByEmail(email);
    for (let i = 0; i < RESET_MAILS_PER_HOUR + 2; i++) await requestReset(email);
    expect(await mailsTo(email)).toHaveLength(RESET_MAILS_PER_HOUR);
    expect(await handle.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id))).toHaveLength(RESET_MAILS_PER_HOUR);
    const denied = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.password_reset_requested'), eq(auditEvents.subjectId, user.id), eq(auditEvents.outcome, 'denied')));
    expect(denied).toHaveLength(2);

    // An hour later the account may ask again.
    await requestReset(email, new Date(Date.now() + HOUR_MS + 1000));
    expect(await mailsTo(email)).toHaveLength(RESET_MAILS_PER_HOUR + 1);
  });

  it('keeps every audit chain intact', async () => {
    const reports = await verifyAllChains(handle.db);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.verdict.ok)).toBe(true);
  });
});
