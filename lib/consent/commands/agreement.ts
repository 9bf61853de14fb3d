import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { recordingSignatures, sessionRecordingAnswers, users } from '@/db/schema';
import { consumeSecondFactor, type SecondFactor } from '@/lib/auth/commands/mfa';
import { verifyPassword } from '@/lib/auth/commands/password';
import { attemptFailed, countAttempt, type CountedAttempt, uncountAttempt } from '@/lib/auth/commands/throttle';
import { LOCK_MS } from '@/lib/auth/model';
import type { Actor } from '@/lib/platform/actor';
import { seal } from '@/lib/platform/crypto/secretbox';
import type { RequestContext } from '@/lib/platform/http';
import { mayAnswerSession } from '../access';
import { type Alternative, type SessionAnswer, type SignatureRefusal } from '../model';
import { coverage, loadConsentRequest, openTerms, policiesShown, requestForParty, scheduledSessions } from '../queries';
import { transition } from '../state';
import {
  type CommandResult,
  type Conflict,
  type NotFound,
  type Refused,
  applyEffects,
  auditRequest,
  persistTransition,
  refuse,
  runTransition,
  saved,
  withRequest,
} from './shared';

/** Names compared as people type them: Unicode-normalised, without surrounding spaces, in any case. */
export const normaliseName = (name: string) => name.normalize('NFC').trim().toLowerCase();

export type SignResult =
  | CommandResult
  | { status: 'signature-refused'; reason: SignatureRefusal }
  /** Too many wrong passwords or codes: like sign-in, the account is locked for a while. */
  | { status: 'locked'; until: Date };

/**
 * A wrong name, password or code is refused and audited as consent.signature_refused, and counts as a failed sign-in
 * attempt (five in fifteen minutes lock the account), like every other re-entry of a password: a stolen session cannot
 * be used to guess it.
 */
async function refuseSignature(
  db: Db,
  attempt: CountedAttempt,
  actor: Actor,
  context: RequestContext,
  requestId: string,
  reason: SignatureRefusal,
  now: Date,
): Promise<SignResult> {
  return db.transaction(async (tx) => {
    const { accountLocked, ipLocked } = await attemptFailed(tx, attempt, actor, context, now);
    await auditRequest(tx, actor, context, 'consent.signature_refused', requestId, { outcome: 'failure', metadata: { reason } });
    if (accountLocked || ipLocked) return { status: 'locked', until: new Date(now.getTime() + LOCK_MS) };
    return { status: 'signature-refused', reason };
  });
}

/**
 * Signs the exact terms shown (`termsSha256`), as an intent-to-sign step: the typed full name must match the account
 * name, the password is entered again, and a second factor too when the signer has two-step sign-in. The signature
 * records the time, address and browser, the terms' hash and version, and the hash of each policy version shown (the
 * recording and confidentiality policies in force). The second signature puts the agreement in force.
 */
export async function signAgreement(
  db: Db,
  actor: Actor,
  input: { requestId: string; termsSha256: string; fullName: string; password: string; code?: string | null },
  context: RequestContext,
  now = new Date(),
): Promise<SignResult> {
  const action = 'consent.signed';
  // In scope at all? Otherwise not-found, before any password is looked at.
  const inScope = await db.transaction(async (tx) => {
    const scoped = await requestForParty(tx, actor, input.requestId);
    if (!scoped) await auditRequest(tx, actor, context, action, input.requestId, { outcome: 'denied', metadata: { reason: 'not_found' } });
    return !!scoped;
  });
  if (!inScope) return { status: 'not-found' };

  const [account] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      passwordHash: users.passwordHash,
      mfaSecret: users.mfaSecret,
      mfaEnabledAt: users.mfaEnabledAt,
      mfaLastTimeStep: users.mfaLastTimeStep,
    })
    .from(users)
    .where(eq(users.id, actor.id));
  // Counted before the password is checked, so parallel guesses cannot outrun the limit.
  const attempt = await countAttempt(db, account.email, context.ip, now);
  if (attempt.status === 'locked') {
    await auditRequest(db, actor, context, 'consent.signature_refused', input.requestId, { outcome: 'denied', metadata: { reason: 'locked' } });
    return attempt;
  }
  // The password is checked whatever the name, so a wrong name costs as long as a wrong password.
  const passwordOk = !!account.passwordHash && (await verifyPassword(account.passwordHash, input.password));
  if (normaliseName(input.fullName) !== normaliseName(account.name)) return refuseSignature(db, attempt, actor, context, input.requestId, 'name_mismatch', now);
  if (!passwordOk) return refuseSignature(db, attempt, actor, context, input.requestId, 'wrong_password', now);

  const result = await withRequest(db, actor, context, action, input.requestId, now, async (tx, scoped): Promise<SignResult | 'wrong-code'> => {
    const before = await loadConsentRequest(tx, scoped.row);
    const outcome = transition(before, { type: 'sign', termsSha256: input.termsSha256 }, scoped.party);
    if (!outcome.ok) {
      // Refused by the rules, not a wrong credential: the attempt does not count.
      await uncountAttempt(tx, attempt);
      return refuse(tx, actor, context, action, scoped.row.id, outcome.reason);
    }
    let factor: SecondFactor | null = null;
    if (account.mfaEnabledAt) {
      factor = await consumeSecondFactor(tx, account, input.code ?? '', now);
      if (!factor) return 'wrong-code';
    }
    const policies = (await policiesShown(tx, actor, now)).map(({ kind, version, sha256 }) => ({ kind, version, sha256 }));
    const factors = factor ? `password+${factor === 'totp' ? 'totp' : 'recovery-code'}` : 'password';
    const row = await persistTransition(tx, scoped.row, before, outcome.next, outcome.effects, 'sign', actor.id, now);
    await tx.insert(recordingSignatures).values({
      requestId: row.id,
      party: scoped.party,
      signerId: actor.id,
      termsVersion: row.termsVersion,
      termsSha256: row.termsSha256,
      policies,
      fullNameSealed: seal(input.fullName.normalize('NFC').trim()),
      factors,
      ip: context.ip,
      userAgent: context.userAgent,
      signedAt: now,
    });
    await applyEffects(tx, row, outcome.effects, now);
    await uncountAttempt(tx, attempt);
    await auditRequest(tx, actor, context, action, row.id, {
      metadata: { party: scoped.party, termsVersion: row.termsVersion, factors, fromState: before.state, toState: row.state },
    });
    return saved(row);
  });
  if (result === 'wrong-code') return refuseSignature(db, attempt, actor, context, input.requestId, 'wrong_code', now);
  if (result.status === 'not-found') await uncountAttempt(db, attempt);
  return result;
}

/**
 * The client says no to recording, at any point before the agreement is in force: no reason asked, none recorded,
 * only the alternatives chosen (if any). Never version-checked: saying no always works.
 */
export function declineRecording(
  db: Db,
  actor: Actor,
  input: { requestId: string; alternatives: Alternative[] },
  context: RequestContext,
  now = new Date(),
): Promise<CommandResult> {
  const action = 'consent.declined';
  return withRequest(db, actor, context, action, input.requestId, now, (tx, scoped) =>
    runTransition(tx, actor, context, scoped, { type: 'decline', alternatives: input.alternatives }, action, now, {
      metadata: { alternatives: input.alternatives.length },
    }),
  );
}

/**
 * Either person withdraws, with an optional reason (sealed). The agreement stops at once: nothing can be stored under
 * it any more, and the deletion of what was recorded is scheduled as its terms say (consent.delete_recordings). Never
 * version-checked: withdrawing is as easy as agreeing.
 */
export function withdrawAgreement(
  db: Db,
  actor: Actor,
  input: { requestId: string; reason?: string | null },
  context: RequestContext,
  now = new Date(),
): Promise<CommandResult> {
  const action = 'consent.withdrawn';
  return withRequest(db, actor, context, action, input.requestId, now, (tx, scoped) => {
    const deletion = scoped.row.state === 'active' && openTerms(scoped.row.termsSealed).storage === 'hearth_vault';
    return runTransition(tx, actor, context, scoped, { type: 'withdraw', reason: input.reason ?? null }, action, now, {
      metadata: { withReason: !!input.reason?.trim(), deletionScheduled: deletion },
    });
  });
}

export type AnswerResult = { status: 'answered'; answer: SessionAnswer } | Refused | Conflict | NotFound;

/**
 * "Still OK to record this session?": the client's yes or "not this time" for an upcoming session that an agreement in
 * force covers. "Not this time" is honoured and recorded; the agreement stays in force. The answer can change until the
 * session starts.
 */
export function answerSession(
  db: Db,
  actor: Actor,
  input: { requestId: string; appointmentId: string; answer: SessionAnswer },
  context: RequestContext,
  now = new Date(),
): Promise<AnswerResult> {
  const action = 'consent.session_answered';
  return withRequest(db, actor, context, action, input.requestId, now, async (tx, scoped): Promise<AnswerResult> => {
    const { row } = scoped;
    const no = (reason: Refused['reason']) => refuse(tx, actor, context, action, row.id, reason) as Promise<Refused>;
    if (!mayAnswerSession(scoped.party)) return no('client_only_answer');
    if (row.state !== 'active') return no(row.state === 'discussing' || row.state === 'awaiting_signatures' ? 'not_in_force' : 'closed');
    const sessions = await scheduledSessions(tx, [row.careRelationshipId]);
    const { covered } = coverage(row, openTerms(row.termsSealed), sessions, actor.timeZone, now);
    const session = covered.find((s) => s.id === input.appointmentId.toLowerCase());
    if (!session || session.startsAt <= now) return no('not_covered');
    await tx
      .insert(sessionRecordingAnswers)
      .values({ requestId: row.id, appointmentId: session.id, answer: input.answer, answeredById: actor.id, answeredAt: now })
      .onConflictDoUpdate({
        target: [sessionRecordingAnswers.requestId, sessionRecordingAnswers.appointmentId],
        set: { answer: input.answer, answeredById: actor.id, answeredAt: now },
      });
    await auditRequest(tx, actor, context, action, row.id, { metadata: { answer: input.answer, appointmentId: session.id } });
    return { status: 'answered', answer: input.answer };
  });
}
