import 'server-only';
import { and, count, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { requireUser } from '../auth/guards';
import { getPracticeSettings } from './service';

/** Active people in the admin's practice, by role. */
export async function getPracticeOverview() {
  const admin = await requireUser('admin:use');
  const db = await getDb();
  const rows = await db
    .select({ role: users.role, n: count() })
    .from(users)
    .where(and(eq(users.practiceId, admin.practiceId), eq(users.status, 'active')))
    .groupBy(users.role);
  const countOf = (role: string) => rows.find((row) => row.role === role)?.n ?? 0;
  return [
    { label: 'Clients', count: countOf('client') },
    { label: 'Therapists', count: countOf('therapist') },
    { label: 'Admins', count: countOf('admin') },
  ];
}

/** The signed-in admin's practice settings, for the settings form. */
export async function getMyPracticeSettings() {
  const admin = await requireUser('practice:configure');
  return getPracticeSettings(await getDb(), admin.practiceId);
}
