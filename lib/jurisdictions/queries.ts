import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { practices, users } from '@/db/schema';
import type { LocationInput } from './regions';

/** Where a person says they are. */
export async function getUserLocation(db: DbOrTx, userId: string): Promise<LocationInput> {
  const [row] = await db.select({ country: users.country, region: users.region }).from(users).where(eq(users.id, userId));
  return row;
}

/** Where a practice says it sees clients. */
export async function getPracticeLocation(db: DbOrTx, practiceId: string): Promise<LocationInput> {
  const [row] = await db.select({ country: practices.country, region: practices.region }).from(practices).where(eq(practices.id, practiceId));
  return row;
}
