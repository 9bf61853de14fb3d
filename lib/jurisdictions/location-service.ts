import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import type { RequestContext } from '@/lib/platform/http';
import { locationSchema, type LocationInput } from './regions';

export type Location = LocationInput;

export async function getUserLocation(db: DbOrTx, userId: string): Promise<Location> {
  const [row] = await db.select({ country: users.country, region: users.region }).from(users).where(eq(users.id, userId));
  return row;
}

export type LocationResult =
  | { status: 'saved' }
  | { status: 'unchanged' }
  | { status: 'invalid'; errors: Partial<Record<keyof Location, string[]>> };

/**
 * Saves where a person says they are, checked against the reference data; an invalid location saves nothing. The audit
 * entry keeps only the codes.
 */
export async function setOwnLocation(
  db: DbOrTx,
  actor: { id: string; practiceId: string },
  input: { country?: string | null; region?: string | null },
  context: RequestContext,
): Promise<LocationResult> {
  const parsed = locationSchema.safeParse({ country: input.country ?? undefined, region: input.region ?? undefined });
  if (!parsed.success) return { status: 'invalid', errors: z.flattenError(parsed.error).fieldErrors };
  const location = parsed.data;
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ country: users.country, region: users.region }).from(users).where(eq(users.id, actor.id)).for('update');
    if (current.country === location.country && current.region === location.region) return { status: 'unchanged' };
    await tx.update(users).set(location).where(eq(users.id, actor.id));
    await recordAudit(tx, {
      practiceId: actor.practiceId,
      actorId: actor.id,
      action: 'user.location_changed',
      subjectType: 'user',
      subjectId: actor.id,
      metadata: { country: location.country, region: location.region },
      context,
    });
    return { status: 'saved' };
  });
}
