import 'server-only';
import { getDb } from '@/db/client';
import { formatInTimeZone } from '@/lib/platform/clock';
import { requireUser } from '../auth/guards';
import { listJurisdictions } from '../jurisdictions/regions';
import { ROLE_LABELS } from '../users/model';
import { INVALID_INVITATION_MESSAGE, INVITATION_VALID_DAYS } from './model';
import { findOpenInvitation, listActiveTherapists, listPendingInvitations } from './queries';

/** What the admin's invitation page needs: therapists to assign, and the practice's open invitations. */
export async function getAdminInvitePage() {
  const admin = await requireUser('staff:invite');
  const db = await getDb();
  const [therapists, pending] = await Promise.all([listActiveTherapists(db, admin.practiceId), listPendingInvitations(db, admin.practiceId)]);
  return {
    therapists,
    pending: pending.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      roleLabel: ROLE_LABELS[invitation.role],
      therapistName: invitation.therapistName,
      invitedByName: invitation.invitedByName,
      expires: formatInTimeZone(invitation.expiresAt, admin.timeZone),
    })),
    validDays: INVITATION_VALID_DAYS,
  };
}

/** The therapist's "Invite a client" page. */
export async function getClientInvitePage() {
  await requireUser('clients:invite');
  return { validDays: INVITATION_VALID_DAYS };
}

/**
 * The acceptance page behind a link: who the account is for and, for a client, the places they
 * may say they are in; or the one message every link that no longer works gets.
 */
export async function getInvitationPage(token: string) {
  const invitation = await findOpenInvitation(await getDb(), token);
  if (!invitation) return { open: false as const, message: INVALID_INVITATION_MESSAGE };
  return {
    open: true as const,
    email: invitation.email,
    practiceName: invitation.practiceName,
    // Clients may say where they are now, for the recording guidance; staff are not asked.
    countries: invitation.role === 'client' ? listJurisdictions() : undefined,
  };
}
