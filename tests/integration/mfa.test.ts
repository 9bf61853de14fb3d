import { and, eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents, mfaRecoveryCodes, practices, sessions, users } from '@/db/schema';
import { DEMO_PASSWORD, seedDemo } from '@/db/seed';
import { verifyAllChains } from '@/lib/platform/audit/verify';
import { open } from '@/lib/platform/crypto/secretbox';
import { sha256Hex } from '@/lib/platform/crypto/tokens';
import { confirmMfaEnrolment, disableMfa, regenerateRecoveryCodes, startMfaEnrolment } from '@/lib/auth/commands/mfa';
import { createSession } from '@/lib/auth/commands/sessions';
import { completeMfaSignIn, signInWithPassword } from '@/lib/auth/commands/signin';
import { normalizeRecoveryCode, type AccountActor } from '@/lib/auth/model';
import { getMfaStatus } from '@/lib/auth/queries';
import { testContext } from '../helpers/context';
import { testDatabases, useFreshDatabase } from '../helpers/database';

// The code of the step after the current one: still accepted (clock drift), and always newer
// than a code used a moment ago, so each test user can use one more code after enrolling.
const nextCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

/** The user acting on their own account, from the session `sessionId` when given. */
const actorOf = (user: typeof users.$inferSelect, sessionId?: string): AccountActor => ({
  id: user.id,
  practiceId: user.practiceId,
  role: user.role,
  timeZone: 'UTC',
  sessionId,
});

describe.each(testDatabases)('MFA enrolment and management on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await useFreshDatabase(database);
    await seedDemo(handle.db);
  });
  afterAll(() => handle?.close());

  const userByEmail = async (email: string) => (await handle.db.select().from(users).where(eq(users.email, email)))[0];
  const auditsFor = async (userId: string, action: string) =>
    handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, userId), eq(auditEvents.action, action)));
  const codeHashes = async (userId: string) =>
    (await handle.db.select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId))).map((row) => row.codeHash);
  const liveSession = async (userId: string) => (await createSession(handle.db, userId, testContext())).sessionId;
  const isRevoked = async (sessionId: string) =>
    !!(await handle.db.select().from(sessions).where(eq(sessions.id, sha256Hex(sessionId))))[0].revokedAt;

  /** Enrols a demo user with the current code; returns the secret and recovery codes. */
  async function enrol(email: string) {
    const user = await userByEmail(email);
    const started = await startMfaEnrolment(handle.db, actorOf(user), testContext());
    if (started.status !== 'started') throw new Error(`could not start enrolment: ${started.status}`);
    const confirmed = await confirmMfaEnrolment(handle.db, actorOf(user), { code: await generate({ secret: started.setupKey }) }, testContext());
    if (confirmed.status !== 'enabled') throw new Error(`could not enrol: ${confirmed.status}`);
    return { user, secret: started.setupKey, recoveryCodes: confirmed.recoveryCodes };
  }

  async function mfaChallenge(email: string) {
    const result = await signInWithPassword(handle.db, { email, password: DEMO_PASSWORD }, testContext());
    if (result.status !== 'mfa-required') throw new Error(`expected an MFA challenge, got ${result.status}`);
    return result.challenge;
  }

  it('keeps a started setup as a sealed pending secret and changes nothing on a wrong code', async () => {
    const user = await userByEmail('client@demo.test');
    const started = await startMfaEnrolment(handle.db, actorOf(user), testContext());
    expect(started.status).toBe('started');
    if (started.status !== 'started') return;
    expect(started.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(started.otpauthUri).toContain('issuer=Hearth');
    expect(started.otpauthUri).toContain(encodeURIComponent('client@demo.test'));

    const pending = await userByEmail('client@demo.test');
    expect(pending.mfaPendingSecret).toBeTruthy();
    expect(pending.mfaPendingSecret).not.toContain(started.setupKey);
    expect(open(pending.mfaPendingSecret!)).toBe(started.setupKey);
    expect(pending.mfaSecret).toBeNull();
    expect(pending.mfaEnabledAt).toBeNull();
    expect(await auditsFor(user.id, 'mfa.enrolment_started')).toHaveLength(1);

    const wrong = await confirmMfaEnrolment(handle.db, actorOf(user), { code: '000000' }, testContext());
    expect(wrong).toEqual({ status: 'wrong-code' });
    const after = await userByEmail('client@demo.test');
    expect(after).toEqual(pending);
    expect(await codeHashes(user.id)).toEqual([]);
    expect(await auditsFor(user.id, 'mfa.enrolled')).toEqual([]);
    expect(await getMfaStatus(handle.db, user.id)).toEqual({ enabled: false, unusedRecoveryCodes: 0 });
    // Without MFA on, password sign-in still completes in one step.
    expect((await signInWithPassword(handle.db, { email: 'client@demo.test', password: DEMO_PASSWORD }, testContext())).status).toBe('signed-in');
  });

  it('turns MFA on with the right code (typed with a space), stores hashed recovery codes and signs out other devices', async () => {
    const user = await userByEmail('client@demo.test');
    const otherDevice = await liveSession(user.id);
    const thisDevice = await liveSession(user.id);
    const started = await startMfaEnrolment(handle.db, actorOf(user), testContext());
    if (started.status !== 'started') throw new Error(started.status);
    const code = await generate({ secret: started.setupKey });

    const result = await confirmMfaEnrolment(
      handle.db,
      actorOf(user, thisDevice),
      { code: `${code.slice(0, 3)} ${code.slice(3)}` },
      testContext(),
    );
    expect(result.status).toBe('enabled');
    if (result.status !== 'enabled') return;
    expect(result.recoveryCodes).toHaveLength(10);

    const enabled = await userByEmail('client@demo.test');
    expect(enabled.mfaEnabledAt).toBeInstanceOf(Date);
    expect(enabled.mfaPendingSecret).toBeNull();
    expect(open(enabled.mfaSecret!)).toBe(started.setupKey);
    expect(enabled.mfaLastTimeStep).toBeGreaterThan(0);
    const hashes = await codeHashes(user.id);
    expect(hashes.sort()).toEqual(result.recoveryCodes.map((c) => sha256Hex(normalizeRecoveryCode(c))).sort());
    expect(hashes.some((hash) => result.recoveryCodes.includes(hash))).toBe(false);
    expect(await auditsFor(user.id, 'mfa.enrolled')).toHaveLength(1);
    expect(await isRevoked(otherDevice)).toBe(true);
    expect(await isRevoked(thisDevice)).toBe(false);
    expect(await getMfaStatus(handle.db, user.id)).toEqual({ enabled: true, unusedRecoveryCodes: 10 });
    expect((await startMfaEnrolment(handle.db, actorOf(user), testContext())).status).toBe('already-enabled');

    // The enrolment code was used up: replaying it at sign-in fails, a newer code works.
    const challenge = await mfaChallenge('client@demo.test');
    expect((await completeMfaSignIn(handle.db, { challenge, code }, testContext())).status).toBe('invalid');
    const signedIn = await completeMfaSignIn(handle.db, { challenge, code: await nextCode(started.setupKey) }, testContext());
    expect(signedIn.status).toBe('signed-in');

    // A recovery code signs in once, however it is typed.
    const recovery = result.recoveryCodes[3];
    const withRecovery = await completeMfaSignIn(
      handle.db,
      { challenge: await mfaChallenge('client@demo.test'), code: recovery.toUpperCase().replace('-', ' ') },
      testContext(),
    );
    expect(withRecovery.status).toBe('signed-in');
    expect(await auditsFor(user.id, 'mfa.recovery_code_used')).toHaveLength(1);
    const reused = await completeMfaSignIn(handle.db, { challenge: await mfaChallenge('client@demo.test'), code: recovery }, testContext());
    expect(reused.status).toBe('invalid');
    expect(await getMfaStatus(handle.db, user.id)).toEqual({ enabled: true, unusedRecoveryCodes: 9 });
  });

  it('regenerates recovery codes only with a valid code, replacing the old ones', async () => {
    const { user, secret, recoveryCodes } = await enrol('client2@demo.test');
    const oldHashes = await codeHashes(user.id);

    expect(await regenerateRecoveryCodes(handle.db, actorOf(user), { code: '123456' }, testContext())).toEqual({ status: 'wrong-code' });
    expect(await codeHashes(user.id)).toEqual(oldHashes);
    const failures = await auditsFor(user.id, 'mfa.recovery_codes_regenerated');
    expect(failures.map((row) => [row.outcome, row.metadata])).toEqual([['failure', { reason: 'wrong-code' }]]);

    const otherDevice = await liveSession(user.id);
    const thisDevice = await liveSession(user.id);
    const result = await regenerateRecoveryCodes(handle.db, actorOf(user, thisDevice), { code: await nextCode(secret) }, testContext());
    expect(result.status).toBe('regenerated');
    if (result.status !== 'regenerated') return;
    const newHashes = await codeHashes(user.id);
    expect(newHashes).toHaveLength(10);
    expect(newHashes.some((hash) => oldHashes.includes(hash))).toBe(false);
    expect(newHashes.sort()).toEqual(result.recoveryCodes.map((c) => sha256Hex(normalizeRecoveryCode(c))).sort());
    expect((await auditsFor(user.id, 'mfa.recovery_codes_regenerated')).filter((row) => row.outcome === 'success')).toHaveLength(1);
    expect(await isRevoked(otherDevice)).toBe(true);
    expect(await isRevoked(thisDevice)).toBe(false);

    // An old recovery code no longer signs in; a new one does.
    const challenge = await mfaChallenge('client2@demo.test');
    expect((await completeMfaSignIn(handle.db, { challenge, code: recoveryCodes[0] }, testContext())).status).toBe('invalid');
    expect((await completeMfaSignIn(handle.db, { challenge, code: result.recoveryCodes[0] }, testContext())).status).toBe('signed-in');
  });

  it('turns MFA off only with the right password and code, then signs in with the password alone', async () => {
    const { user, secret } = await enrol('therapist@demo.test');

    const wrongPassword = await disableMfa(handle.db, actorOf(user), { password: 'not-my-password', code: await nextCode(secret) }, testContext());
    expect(wrongPassword).toEqual({ status: 'wrong-password' });
    const wrongCode = await disableMfa(handle.db, actorOf(user), { password: DEMO_PASSWORD, code: '000000' }, testContext());
    expect(wrongCode).toEqual({ status: 'wrong-code' });
    expect((await userByEmail('therapist@demo.test')).mfaEnabledAt).toBeInstanceOf(Date);
    expect(await codeHashes(user.id)).toHaveLength(10);

    const otherDevice = await liveSession(user.id);
    const thisDevice = await liveSession(user.id);
    const result = await disableMfa(handle.db, actorOf(user, thisDevice), { password: DEMO_PASSWORD, code: await nextCode(secret) }, testContext());
    expect(result).toEqual({ status: 'disabled' });
    const after = await userByEmail('therapist@demo.test');
    expect([after.mfaSecret, after.mfaPendingSecret, after.mfaEnabledAt]).toEqual([null, null, null]);
    expect(await codeHashes(user.id)).toEqual([]);
    const audits = await auditsFor(user.id, 'mfa.disabled');
    expect(audits.map((row) => row.outcome).sort()).toEqual(['failure', 'failure', 'success']);
    expect(await isRevoked(otherDevice)).toBe(true);
    expect(await isRevoked(thisDevice)).toBe(false);
    expect((await signInWithPassword(handle.db, { email: 'therapist@demo.test', password: DEMO_PASSWORD }, testContext())).status).toBe('signed-in');
  });

  it('refuses to turn MFA off for staff of a practice that requires it, but lets its clients use a recovery code to do so', async () => {
    await handle.db.update(practices).set({ requireStaffMfa: true }).where(eq(practices.slug, 'harbor'));
    const staff = await enrol('therapist@harbor.test');
    const refused = await disableMfa(handle.db, actorOf(staff.user), { password: DEMO_PASSWORD, code: await nextCode(staff.secret) }, testContext());
    expect(refused).toEqual({ status: 'required-by-practice' });
    expect((await userByEmail('therapist@harbor.test')).mfaEnabledAt).toBeInstanceOf(Date);
    expect((await auditsFor(staff.user.id, 'mfa.disabled')).map((row) => row.outcome)).toEqual(['denied']);

    const client = await enrol('client@harbor.test');
    const disabled = await disableMfa(handle.db, actorOf(client.user), { password: DEMO_PASSWORD, code: client.recoveryCodes[0] }, testContext());
    expect(disabled).toEqual({ status: 'disabled' });
    expect((await userByEmail('client@harbor.test')).mfaEnabledAt).toBeNull();
  });

  it('locks the account after five wrong codes, even for a right one', async () => {
    const { user, secret } = await enrol('admin@demo.test');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await regenerateRecoveryCodes(handle.db, actorOf(user), { code: `00000${i}` }, testContext('10.77.0.1'))).status);
    expect(statuses).toEqual(['wrong-code', 'wrong-code', 'wrong-code', 'wrong-code', 'locked']);
    const retry = await regenerateRecoveryCodes(handle.db, actorOf(user), { code: await nextCode(secret) }, testContext('10.77.0.2'));
    expect(retry.status).toBe('locked');
    expect((await signInWithPassword(handle.db, { email: 'admin@demo.test', password: DEMO_PASSWORD }, testContext())).status).toBe('locked');
  });

  it('keeps every audit chain intact', async () => {
    const reports = await verifyAllChains(handle.db);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.verdict.ok)).toBe(true);
  });
});
