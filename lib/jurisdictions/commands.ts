import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/platform/actor';
import { audit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import type { LocationInput } from './regions';

export type LocationResult = { status: 'saved' } | { status: 'unchanged' };

/**
 * Saves where the actor says they are (checked against the reference data by `locationSchema`).
 * The audit entry keeps only the codes.
 */
export function setOwnLocation(db: DbOrTx, actor: Actor, input: LocationInput, request: RequestContext): Promise<LocationResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ country: users.country, region: users.region }).from(users).where(eq(users.id, actor.id)).for('update');
    if (current.country === input.country && current.region === input.region) return { status: 'unchanged' };
    await tx.update(users).set({ country: input.country, region: input.region }).where(eq(users.id, actor.id));
    await audit(tx, actor, request, 'user.location_changed', {
      subjectType: 'user',
      subjectId: actor.id,
      metadata: { country: input.country, region: input.region },
    });
    return { status: 'saved' };
  });
}
