import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireUser } from '../auth/guards';
import { clientPolicyStatus, pendingAcknowledgements, practiceAcknowledgementSummary } from './acknowledgements';

/** Where a client reads and acknowledges the policies that changed. */
export const ACKNOWLEDGEMENT_PATH = '/portal/policies';

/** The signed-in client's policies waiting for acknowledgement, with what to compare each against. */
export async function getMyPendingAcknowledgements() {
  const user = await requireUser('portal:use');
  return pendingAcknowledgements(await getDb(), user);
}

/**
 * The guard for the client portal: a client with policies to acknowledge is sent to do that
 * first. The acknowledgement page itself is outside the portal's layout, so this never loops.
 * Layout and page both call it; the check runs once per request.
 */
export const requirePortalClient = cache(async () => {
  const user = await requireUser('portal:use');
  if ((await pendingAcknowledgements(await getDb(), user)).length > 0) redirect(ACKNOWLEDGEMENT_PATH);
  return user;
});

/**
 * Where one of the signed-in therapist's clients stands on each policy (with the practice's time
 * zone to show the moments in); anyone else's client is not found.
 */
export async function getClientPolicyStatus(clientId: string) {
  const user = await requireUser('clients:view-assigned');
  if (!z.uuid().safeParse(clientId).success) notFound();
  const policies = (await clientPolicyStatus(await getDb(), user, clientId)) ?? notFound();
  return { policies, timeZone: user.timeZone };
}

/** The practice-wide picture for an admin: who is on each policy's version in force. */
export async function getPracticeAcknowledgementSummary() {
  const user = await requireUser('policies:manage');
  return practiceAcknowledgementSummary(await getDb(), user.practiceId);
}
