import 'server-only';
import { getDb } from '@/db/client';
import { requireUser } from '../auth/guards';
import { getUserLocation } from './queries';

/** The signed-in client's own location, for the "Where you are" card. */
export async function getMyLocation() {
  const user = await requireUser('location:set-own');
  return getUserLocation(await getDb(), user.id);
}
