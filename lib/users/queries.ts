import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';

/** Everyone in a practice, for the people page. */
export function listPracticeUsers(db: DbOrTx, practiceId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, status: users.status, mfaEnabledAt: users.mfaEnabledAt })
    .from(users)
    .where(eq(users.practiceId, practiceId))
    .orderBy(asc(users.name), asc(users.email));
}

/** The account of an e-mail address (stored lower-cased), in any practice, or null. */
export async function findAccountByEmail(db: DbOrTx, email: string) {
  const [row] = await db.select({ id: users.id, practiceId: users.practiceId }).from(users).where(eq(users.email, email)).limit(1);
  return row ?? null;
}

/** Whether someone is an active therapist of the practice. */
export async function isActiveTherapist(db: DbOrTx, practiceId: string, userId: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.practiceId, practiceId), eq(users.role, 'therapist'), eq(users.status, 'active')))
    .limit(1);
  return !!row;
}
