import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { seedDemo } from '@/db/seed';

/** Seeds the demo practices and returns every user's id by email, and the demo practice's admin. */
export async function seedDemoWithIds(db: Db) {
  await seedDemo(db);
  const rows = await db.select({ id: users.id, email: users.email, practiceId: users.practiceId }).from(users);
  const idOf = new Map(rows.map((row) => [row.email, row.id]));
  const admin = rows.find((row) => row.email === 'admin@demo.test')!;
  return { idOf, admin: { id: admin.id, practiceId: admin.practiceId } };
}
