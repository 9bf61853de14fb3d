import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { careRelationships, practices, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { todayInTimeZone } from '@/lib/platform/clock';

const therapist = alias(users, 'therapist');
const client = alias(users, 'client');

/** Every care relationship of a practice: open ones first, then the most recently started. */
export function listPracticeRelationships(db: DbOrTx, practiceId: string) {
  return db
    .select({
      id: careRelationships.id,
      clientId: client.id,
      clientName: client.name,
      therapistId: therapist.id,
      therapistName: therapist.name,
      startedOn: careRelationships.startedOn,
      endedOn: careRelationships.endedOn,
    })
    .from(careRelationships)
    .innerJoin(client, eq(client.id, careRelationships.clientId))
    .innerJoin(therapist, eq(therapist.id, careRelationships.therapistId))
    .where(eq(careRelationships.practiceId, practiceId))
    .orderBy(sql`${careRelationships.endedOn} is not null`, desc(careRelationships.endedOn), desc(careRelationships.startedOn), asc(client.name));
}

/** Active clients and therapists of a practice: the people a relationship can join. */
export async function careCandidates(db: DbOrTx, practiceId: string) {
  const people = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.practiceId, practiceId), eq(users.status, 'active'), inArray(users.role, ['client', 'therapist'])))
    .orderBy(asc(users.name));
  return {
    clients: people.filter((person) => person.role === 'client'),
    therapists: people.filter((person) => person.role === 'therapist'),
  };
}

export type AssignResult =
  | { status: 'assigned'; id: string; startedOn: string }
  | { status: 'invalid-client' | 'invalid-therapist' | 'already-open' };

/**
 * Starts care between an active client and an active therapist of the actor's practice, today
 * in the practice's time zone. Both people are locked first, so a concurrent role change or a
 * concurrent identical assignment waits and then sees this one.
 */
export function assignCare(
  db: DbOrTx,
  actor: { id: string; practiceId: string },
  input: { clientId: string; therapistId: string },
  context: RequestContext,
  now = new Date(),
): Promise<AssignResult> {
  return db.transaction(async (tx) => {
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
    const startedOn = await practiceToday(tx, actor.practiceId, now);
    const [created] = await tx
      .insert(careRelationships)
      .values({ practiceId: actor.practiceId, clientId: input.clientId, therapistId: input.therapistId, startedOn })
      .returning({ id: careRelationships.id });
    await recordAudit(tx, { practiceId: actor.practiceId, actorId: actor.id, action: 'care.assigned', subjectType: 'care_relationship', subjectId: created.id, context });
    return { status: 'assigned', id: created.id, startedOn };
  });
}

export type EndResult = { status: 'ended'; endedOn: string } | { status: 'not-found' | 'already-ended' };

/** Ends an open relationship of the actor's practice as of today in the practice's time zone. */
export function endCare(
  db: DbOrTx,
  actor: { id: string; practiceId: string },
  relationshipId: string,
  context: RequestContext,
  now = new Date(),
): Promise<EndResult> {
  return db.transaction(async (tx) => {
    const endedOn = await practiceToday(tx, actor.practiceId, now);
    const ofPractice = and(eq(careRelationships.id, relationshipId), eq(careRelationships.practiceId, actor.practiceId));
    const [ended] = await tx
      .update(careRelationships)
      .set({ endedOn })
      .where(and(ofPractice, isNull(careRelationships.endedOn)))
      .returning({ id: careRelationships.id });
    if (!ended) {
      const [exists] = await tx.select({ id: careRelationships.id }).from(careRelationships).where(ofPractice);
      return { status: exists ? 'already-ended' : 'not-found' };
    }
    await recordAudit(tx, { practiceId: actor.practiceId, actorId: actor.id, action: 'care.ended', subjectType: 'care_relationship', subjectId: ended.id, context });
    return { status: 'ended', endedOn };
  });
}

async function practiceToday(db: DbOrTx, practiceId: string, now: Date) {
  const [practice] = await db.select({ timeZone: practices.timeZone }).from(practices).where(eq(practices.id, practiceId));
  return todayInTimeZone(practice.timeZone, now);
}
