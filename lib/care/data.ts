import 'server-only';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { audit } from '@/lib/platform/audit/record';
import { getRequestContext } from '@/lib/platform/http';
import { requireUser } from '../auth/guards';
import { assignedClient, careCandidates, currentClientsOf, currentTherapistsOf, listPracticeRelationships } from './queries';

export async function getMyCareTeam() {
  const user = await requireUser('portal:use');
  return currentTherapistsOf(await getDb(), user.practiceId, user.id);
}

/** The signed-in therapist's name and the clients currently in their care. */
export async function getMyClients() {
  const user = await requireUser('clients:view-assigned');
  return { name: user.name, clients: await currentClientsOf(await getDb(), user.practiceId, user.id) };
}

/** A client's record for their therapist; any other client, in any practice, is simply not found. */
export async function getAssignedClient(clientId: string) {
  const user = await requireUser('clients:view-assigned');
  if (!z.uuid().safeParse(clientId).success) notFound();
  const db = await getDb();
  const request = await getRequestContext();
  const found = await db.transaction(async (tx) => {
    const row = await assignedClient(tx, user.practiceId, user.id, clientId);
    if (row) await audit(tx, user, request, 'client.viewed', { subjectType: 'user', subjectId: row.id });
    return row;
  });
  return found ?? notFound();
}

/** The admin's view: every relationship of the practice, and who can be assigned. */
export async function getPracticeCare() {
  const admin = await requireUser('care:manage');
  const db = await getDb();
  const [relationships, candidates] = await Promise.all([listPracticeRelationships(db, admin.practiceId), careCandidates(db, admin.practiceId)]);
  return { relationships, ...candidates };
}
