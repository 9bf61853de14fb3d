import 'server-only';
import { getDb } from '@/db/client';
import { TIME_ZONES } from '@/lib/platform/clock';
import { requireUser } from '../auth/guards';
import { listJurisdictions } from '../jurisdictions/regions';
import { countActivePeople, getPracticeSettings } from './queries';

/** Active people in the admin's practice, by role. */
export async function getPracticeOverview() {
  const admin = await requireUser('admin:use');
  const counts = await countActivePeople(await getDb(), admin.practiceId);
  return [
    { label: 'Clients', count: counts.client },
    { label: 'Therapists', count: counts.therapist },
    { label: 'Admins', count: counts.admin },
  ];
}

/** The signed-in admin's practice settings, with the choices the save is checked against. */
export async function getMyPracticeSettings() {
  const admin = await requireUser('practice:configure');
  return { settings: await getPracticeSettings(await getDb(), admin.practiceId), timeZones: TIME_ZONES, countries: listJurisdictions() };
}
