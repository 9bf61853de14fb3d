import { and, count, eq, ne } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { practices, users, type Role } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { revokeUserSessions } from '../auth/commands/sessions';
import { hasOpenCare } from '../care/queries';
import type { Refusal } from './model';

export type RoleChangeResult = { status: 'changed'; from: Role; to: Role } | { status: Refusal };
export type DeactivateResult = { status: 'deactivated'; sessionsEnded: number } | { status: Refusal };
export type ReactivateResult = { status: 'reactivated' } | { status: Refusal };

/**
 * Locks the practice row, so that changes to who is an admin run one at a time (two admins
 * demoting each other at once must not leave the practice with none), then loads the target
 * from the actor's practice only.
 */
async function lockPracticeAndFind(tx: Tx, actor: Actor, userId: string) {
  await tx.select({ id: practices.id }).from(practices).where(eq(practices.id, actor.practiceId)).for('update');
  const [target] = await tx
    .select({ id: users.id, role: users.role, status: users.status })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.practiceId, actor.practiceId)))
    .for('update');
  return target;
}

/** Whether the target is an active admin and nobody else in the practice is. */
async function isLastActiveAdmin(tx: Tx, practiceId: string, target: { id: string; role: Role; status: string }) {
  if (target.role !== 'admin' || target.status !== 'active') return false;
  const [others] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.practiceId, practiceId), eq(users.role, 'admin'), eq(users.status, 'active'), ne(users.id, target.id)));
  return others.n === 0;
}

/**
 * Changes someone's role. Refused for yourself, for the last active admin, and for anyone in
 * an open care relationship (a client turned therapist would keep a therapist, and vice versa).
 */
export function changeUserRole(
  db: DbOrTx,
  actor: Actor,
  input: { userId: string; role: Role },
  request: RequestContext,
): Promise<RoleChangeResult> {
  return db.transaction(async (tx) => {
    const target = await lockPracticeAndFind(tx, actor, input.userId);
    if (!target) return { status: 'not-found' };
    if (target.id === actor.id) return { status: 'self' };
    if (target.role === input.role) return { status: 'unchanged' };
    if (await isLastActiveAdmin(tx, actor.practiceId, target)) return { status: 'last-admin' };
    if (await hasOpenCare(tx, target.id)) return { status: 'open-care' };
    await tx.update(users).set({ role: input.role }).where(eq(users.id, target.id));
    await audit(tx, actor, request, 'user.role_changed', { subjectType: 'user', subjectId: target.id, metadata: { from: target.role, to: input.role } });
    return { status: 'changed', from: target.role, to: input.role };
  });
}

/**
 * Deactivates someone and ends all their sessions in the same transaction, so their next
 * request is refused. Care relationships and everything else stay as they are.
 */
export function deactivateUser(db: DbOrTx, actor: Actor, input: { userId: string }, request: RequestContext): Promise<DeactivateResult> {
  return db.transaction(async (tx) => {
    const target = await lockPracticeAndFind(tx, actor, input.userId);
    if (!target) return { status: 'not-found' };
    if (target.id === actor.id) return { status: 'self' };
    if (target.status === 'deactivated') return { status: 'unchanged' };
    if (await isLastActiveAdmin(tx, actor.practiceId, target)) return { status: 'last-admin' };
    await tx.update(users).set({ status: 'deactivated' }).where(eq(users.id, target.id));
    const sessionsEnded = await revokeUserSessions(tx, target.id, 'deactivated');
    await audit(tx, actor, request, 'user.deactivated', { subjectType: 'user', subjectId: target.id, metadata: { sessionsEnded } });
    return { status: 'deactivated', sessionsEnded };
  });
}

/** Lets someone sign in again. Their old sessions stay revoked: they sign in afresh. */
export function reactivateUser(db: DbOrTx, actor: Actor, input: { userId: string }, request: RequestContext): Promise<ReactivateResult> {
  return db.transaction(async (tx) => {
    const target = await lockPracticeAndFind(tx, actor, input.userId);
    if (!target) return { status: 'not-found' };
    if (target.status === 'active') return { status: 'unchanged' };
    await tx.update(users).set({ status: 'active' }).where(eq(users.id, target.id));
    await audit(tx, actor, request, 'user.reactivated', { subjectType: 'user', subjectId: target.id });
    return { status: 'reactivated' };
  });
}
