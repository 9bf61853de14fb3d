import { and, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { practices, users, type Role } from '@/db/schema';
import type { PracticeSettings } from './schemas';

export const settingsColumns = {
  name: practices.name,
  timeZone: practices.timeZone,
  idleTimeoutMinutes: practices.idleTimeoutMinutes,
  requireStaffMfa: practices.requireStaffMfa,
  country: practices.country,
  region: practices.region,
};

/** A stored row as settings: an unset country or region is absent. */
export function settingsFromRow({ country, region, ...rest }: { country: string | null; region: string | null } & Omit<PracticeSettings, 'country' | 'region'>): PracticeSettings {
  return { ...rest, country: country ?? undefined, region: region ?? undefined };
}

export async function getPracticeSettings(db: DbOrTx, practiceId: string): Promise<PracticeSettings> {
  const [row] = await db.select(settingsColumns).from(practices).where(eq(practices.id, practiceId));
  return settingsFromRow(row);
}

/** How many active people of each role the practice has. */
export async function countActivePeople(db: DbOrTx, practiceId: string): Promise<Record<Role, number>> {
  const rows = await db
    .select({ role: users.role, n: count() })
    .from(users)
    .where(and(eq(users.practiceId, practiceId), eq(users.status, 'active')))
    .groupBy(users.role);
  const countOf = (role: Role) => rows.find((row) => row.role === role)?.n ?? 0;
  return { client: countOf('client'), therapist: countOf('therapist'), admin: countOf('admin') };
}

export async function getPracticeName(db: DbOrTx, practiceId: string): Promise<string> {
  const [row] = await db.select({ name: practices.name }).from(practices).where(eq(practices.id, practiceId));
  return row.name;
}
