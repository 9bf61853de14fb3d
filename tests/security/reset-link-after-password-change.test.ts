// Issue 7, finding 8: a reset link still in a mailbox kept working after the password (or the
// second factor) was changed, so whoever could read the mailbox could undo the change.
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { confirmMfaEnrolment, disableMfa, regenerateRecoveryCodes, startMfaEnrolment } from '@/lib/auth/commands/mfa';
import { changePassword } from '@/lib/auth/commands/password';
import { requestPasswordReset, resetPassword } from '@/lib/auth/commands/password-reset';
import type { AccountActor } from '@/lib/auth/model';
import { findUsableReset } from '@/lib/auth/queries';
import { open } from '@/lib/platform/crypto/secretbox';
import { runDueJobs } from '@/lib/platform/jobs/worker';
import { jobHandlers } from '@/lib/runtime/jobs';
import { testContext } from '../helpers/context';
import { testDatabases } from '../helpers/database';
import { FACTORY_PASSWORD, createPractice, createPerson, type FactoryPerson } from '../helpers/factories';

const ORIGIN = 'https://portal.example.org';
const actorOf = (person: FactoryPerson): AccountActor => ({ id: person.id, practiceId: person.practiceId, role: person.role, timeZone: 'UTC' });
// The code of the step after the current one: accepted, and newer than one used a moment ago.
const nextCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

describe.each(testDatabases)('a reset link outliving a change of credentials on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());
  beforeEach(() => vi.stubEnv('APP_URL', ORIGIN));

  /** Asks for a reset link as the form does and reads it from the mail, as the mailbox owner would. */
  async function mailedResetToken(email: string) {
    await requestPasswordReset(handle.db, email, testContext());
    const delivered: string[] = [];
    await runDueJobs(handle.db, { handlers: { ...jobHandlers, 'mail.deliver': async (payload) => void delivered.push(open(payload.sealedBody)) } });
    const token = delivered.map((text) => new RegExp(`${ORIGIN}/reset-password/([A-Za-z0-9_-]+)`).exec(text)?.[1]).find(Boolean);
    expect(token).toBeTruthy();
    return token!;
  }

  async function person() {
    return createPerson(handle.db, await createPractice(handle.db), 'client');
  }

  async function expectLinkDead(token: string) {
    expect(await findUsableReset(handle.db, token)).toBeNull();
    expect(await resetPassword(handle.db, { token, password: 'attacker chosen passphrase' }, testContext())).toEqual({ status: 'invalid' });
  }

  async function enrol(someone: FactoryPerson) {
    const started = await startMfaEnrolment(handle.db, actorOf(someone), testContext());
    if (started.status !== 'started') throw new Error(started.status);
    const confirmed = await confirmMfaEnrolment(handle.db, actorOf(someone), { code: await generate({ secret: started.setupKey }) }, testContext());
    if (confirmed.status !== 'enabled') throw new Error(confirmed.status);
    return started.setupKey;
  }

  it('is cancelled when the password is changed', async () => {
    const someone = await person();
    const token = await mailedResetToken(someone.email);
    const changed = await changePassword(handle.db, actorOf(someone), { currentPassword: FACTORY_PASSWORD, newPassword: 'a brand new passphrase' }, testContext());
    expect(changed.status).toBe('changed');
    await expectLinkDead(token);
    const [audit] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.password_changed'));
    expect(audit.metadata).toMatchObject({ resetLinksCancelled: 1 });
  });

  it('is cancelled when two-step sign-in is turned on', async () => {
    const someone = await person();
    const token = await mailedResetToken(someone.email);
    await enrol(someone);
    await expectLinkDead(token);
  });

  it('is cancelled when recovery codes are replaced', async () => {
    const someone = await person();
    const secret = await enrol(someone);
    const token = await mailedResetToken(someone.email);
    expect((await regenerateRecoveryCodes(handle.db, actorOf(someone), { code: await nextCode(secret) }, testContext())).status).toBe('regenerated');
    await expectLinkDead(token);
  });

  it('is cancelled when two-step sign-in is turned off', async () => {
    const someone = await person();
    const secret = await enrol(someone);
    const token = await mailedResetToken(someone.email);
    const disabled = await disableMfa(handle.db, actorOf(someone), { password: FACTORY_PASSWORD, code: await nextCode(secret) }, testContext());
    expect(disabled.status).toBe('disabled');
    await expectLinkDead(token);
  });

  it('still works when nothing changed', async () => {
    const someone = await person();
    const token = await mailedResetToken(someone.email);
    expect(await resetPassword(handle.db, { token, password: 'a brand new passphrase' }, testContext())).toEqual({ status: 'reset' });
  });
});
