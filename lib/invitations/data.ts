import 'server-only';
import { getDb } from '@/db/client';
import { requireUser } from '../auth/guards';
import { findOpenInvitation, listActiveTherapists, listPendingInvitations } from './service';

/** What the admin's invitation page needs: therapists to assign, and the practice's open invitations. */
export async function getAdminInvitePage() {
  const admin = await requireUser('staff:invite');
  const db = await getDb();
  const [therapists, pending] = await Promise.all([
    listActiveTherapists(db, admin.practiceId),
    listPendingInvitations(db, admin.practiceId),
  ]);
  return { therapists, pending, timeZone: admin.timeZone };
}

/** The invitation behind an acceptance link, or null when the link no longer works. */
export async function getOpenInvitation(token: string) {
  return findOpenInvitation(await getDb(), token);
}
