import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { careRelationships, users } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import { todayInTimeZone } from '@/lib/platform/clock';
import type { RequestContext } from '@/lib/platform/http';

export type AssignResult =
  | { status: 'assigned'; id: string; startedOn: string }
  | { status: 'invalid-client' | 'invalid-therapist' | 'already-open' };

/** An admin assigns a therapist to a client: `startCare` in a transaction of its own. */
export function assignCare(
  db: DbOrTx,
  actor: Actor,
  input: { clientId: string; therapistId: string },
  request: RequestContext,
  now = new Date(),
): Promise<AssignResult> {
  return db.transaction((tx) => startCare(tx, actor, input, request, now));
}

/**
 * Starts care between an active client and an active therapist of the actor's practice, today in
 * the practice's time zone, inside the caller's transaction (accepting an invitation uses it too).
 * Both people are locked first, so a concurrent role change or a concurrent identical assignment
 * waits and then sees this one. A refusal writes nothing.
 */
export async function startCare(
  tx: Tx,
  actor: Actor,
  input: { clientId: string; therapistId: string },
  request: RequestContext,
  now = new Date(),
): Promise<AssignResult> {
  const people = await tx
    .select({ id: users.id, role: users.role, status: users.status })
    .from(users)
    .where(and(eq(users.practiceId, actor.practiceId), inArray(users.id, [input.clientId, input.therapistId])))
    .orderBy(asc(users.id))
    .for('update');
  const isActive = (id: string, role: 'client' | 'therapist') =>
    people.some((person) => person.id === id && person.role === role && person.status === 'active');
  if (!isActive(input.clientId, 'client')) return { status: 'invalid-client' };
  if (!isActive(input.therapistId, 'therapist')) return { status: 'invalid-therapist' };
  const [open] = await tx
    .select({ id: careRelationships.id })
    .from(careRelationships)
    .where(and(eq(careRelationships.clientId, input.clientId), eq(careRelationships.therapistId, input.therapistId), isNull(careRelationships.endedOn)));
  if (open) return { status: 'already-open' };
  const startedOn = todayInTimeZone(actor.timeZone, now);
  const [created] = await tx
    .insert(careRelationships)
    .values({ practiceId: actor.practiceId, clientId: input.clientId, therapistId: input.therapistId, startedOn })
    .returning({ id: careRelationships.id });
  await audit(tx, actor, request, 'care.assigned', { subjectType: 'care_relationship', subjectId: created.id });
  return { status: 'assigned', id: created.id, startedOn };
}

export type EndResult = { status: 'ended'; endedOn: string } | { status: 'not-found' | 'already-ended' };

/** Ends an open relationship of the actor's practice as of today in the practice's time zone. */
export function endCare(db: DbOrTx, actor: Actor, input: { relationshipId: string }, request: RequestContext, now = new Date()): Promise<EndResult> {
  return db.transaction(async (tx) => {
    const endedOn = todayInTimeZone(actor.timeZone, now);
    const ofPractice = and(eq(careRelationships.id, input.relationshipId), eq(careRelationships.practiceId, actor.practiceId));
    const [ended] = await tx
      .update(careRelationships)
      .set({ endedOn })
      .where(and(ofPractice, isNull(careRelationships.endedOn)))
      .returning({ id: careRelationships.id });
    if (!ended) {
      const [exists] = await tx.select({ id: careRelationships.id }).from(careRelationships).where(ofPractice);
      return { status: exists ? 'already-ended' : 'not-found' };
    }
    await audit(tx, actor, request, 'care.ended', { subjectType: 'care_relationship', subjectId: ended.id });
    return { status: 'ended', endedOn };
  });
}
