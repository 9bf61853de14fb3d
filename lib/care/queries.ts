import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { cache } from 'react';
import type { DbOrTx } from '@/db/client';
import { careRelationships, users } from '@/db/schema';

const therapist = alias(users, 'therapist');
const client = alias(users, 'client');

// Both read through React's per-request cache: a page view that shows them in two places (the care team and the
// recording status, the client list and its statuses) reads them once. Outside a render, and inside a transaction (its
// own handle), every call reads.

/** A client's current therapists, within the client's practice, by name. Callers must not change the array. */
export const currentTherapistsOf = cache(async (db: DbOrTx, practiceId: string, clientId: string) =>
  db
    .select({ id: therapist.id, name: therapist.name, since: careRelationships.startedOn, careRelationshipId: careRelationships.id })
    .from(careRelationships)
    .innerJoin(therapist, eq(therapist.id, careRelationships.therapistId))
    .where(and(eq(careRelationships.practiceId, practiceId), eq(careRelationships.clientId, clientId), isNull(careRelationships.endedOn), eq(therapist.status, 'active')))
    .orderBy(asc(therapist.name), asc(therapist.id)),
);

/** A therapist's current clients, within the therapist's practice, by name. Callers must not change the array. */
export const currentClientsOf = cache(async (db: DbOrTx, practiceId: string, therapistId: string) =>
  db
    .select({ id: client.id, name: client.name, since: careRelationships.startedOn, careRelationshipId: careRelationships.id })
    .from(careRelationships)
    .innerJoin(client, eq(client.id, careRelationships.clientId))
    .where(and(eq(careRelationships.practiceId, practiceId), eq(careRelationships.therapistId, therapistId), isNull(careRelationships.endedOn)))
    .orderBy(asc(client.name), asc(client.id)),
);

/** One client, only if currently in this therapist's care in this practice. */
export async function assignedClient(db: DbOrTx, practiceId: string, therapistId: string, clientId: string) {
  const [row] = await db
    .select({ id: client.id, name: client.name, email: client.email, status: client.status, since: careRelationships.startedOn })
    .from(careRelationships)
    .innerJoin(client, eq(client.id, careRelationships.clientId))
    .where(
      and(
        eq(careRelationships.practiceId, practiceId),
        eq(careRelationships.therapistId, therapistId),
        eq(careRelationships.clientId, clientId),
        isNull(careRelationships.endedOn),
      ),
    )
    .limit(1);
  return row ?? null;
}

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

/** Whether someone is, as client or as therapist, in a care relationship that has not ended. */
export async function hasOpenCare(db: DbOrTx, userId: string) {
  const [open] = await db
    .select({ id: careRelationships.id })
    .from(careRelationships)
    .where(and(or(eq(careRelationships.clientId, userId), eq(careRelationships.therapistId, userId)), isNull(careRelationships.endedOn)))
    .limit(1);
  return !!open;
}
