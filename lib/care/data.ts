import 'server-only';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { recordAudit } from '@/lib/platform/audit/record';
import { requireUser } from '../auth/guards';
import { getRequestContext } from '@/lib/platform/http';
import { assignedClient, currentClientsOf, currentTherapistsOf } from './queries';
import { careCandidates, listPracticeRelationships } from './service';

export async function getMyCareTeam() {
  const user = await requireUser('portal:use');
  return currentTherapistsOf(await getDb(), user.practiceId, user.id);
}

export async function getMyClients() {
  const user = await requireUser('clients:view-assigned');
  return currentClientsOf(await getDb(), user.practiceId, user.id);
}

/** A client's record for their therapist; any other client, in any practice, is simply not found. */
export async function getAssignedClient(clientId: string) {
  const user = await requireUser('clients:view-assigned');
  if (!z.uuid().safeParse(clientId).success) notFound();
  const db = await getDb();
  const context = await getRequestContext();
  const found = await db.transaction(async (tx) => {
    const row = await assignedClient(tx, user.practiceId, user.id, clientId);
    if (row) {
      await recordAudit(tx, { practiceId: user.practiceId, actorId: user.id, action: 'client.viewed', subjectType: 'user', subjectId: row.id, context });
    }
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
