import { and, asc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { careRelationships, users } from '@/db/schema';

const therapist = alias(users, 'therapist');
const client = alias(users, 'client');

/** A client's current therapists, within the client's practice. */
export function currentTherapistsOf(db: DbOrTx, practiceId: string, clientId: string) {
  return db
    .select({ id: therapist.id, name: therapist.name, email: therapist.email, since: careRelationships.startedOn })
    .from(careRelationships)
    .innerJoin(therapist, eq(therapist.id, careRelationships.therapistId))
    .where(and(eq(careRelationships.practiceId, practiceId), eq(careRelationships.clientId, clientId), isNull(careRelationships.endedOn), eq(therapist.status, 'active')))
    .orderBy(asc(therapist.name));
}

/** A therapist's current clients, within the therapist's practice. */
export function currentClientsOf(db: DbOrTx, practiceId: string, therapistId: string) {
  return db
    .select({ id: client.id, name: client.name, email: client.email, status: client.status, since: careRelationships.startedOn })
    .from(careRelationships)
    .innerJoin(client, eq(client.id, careRelationships.clientId))
    .where(and(eq(careRelationships.practiceId, practiceId), eq(careRelationships.therapistId, therapistId), isNull(careRelationships.endedOn)))
    .orderBy(asc(client.name));
}

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
