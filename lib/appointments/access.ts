import type { Role } from '@/db/schema';
import { can } from '../auth/permissions';

interface Person {
  id: string;
  practiceId: string;
  role: Role;
}

interface Relationship {
  practiceId: string;
  therapistId: string;
  clientId: string;
  /** Null while the relationship is open. */
  endedOn: string | null;
}

/**
 * Whether someone adds, imports, cancels and reschedules sessions in a care relationship: only its
 * therapist, only while it is open, only in its practice. An admin, another therapist, the client
 * and anyone after care has ended may not.
 */
export function mayManageSessions(actor: Person, relationship: Relationship): boolean {
  return (
    can(actor.role, 'appointments:manage') &&
    relationship.practiceId === actor.practiceId &&
    relationship.therapistId === actor.id &&
    relationship.endedOn === null
  );
}

/**
 * Whether someone sees a session: its therapist while their care is open, as above; its client,
 * always (it is their own history, also after care has ended). Nobody else.
 */
export function maySeeSession(viewer: Person, session: { practiceId: string; clientId: string }, relationship: Relationship): boolean {
  if (mayManageSessions(viewer, relationship)) return true;
  return can(viewer.role, 'appointments:view-own') && session.practiceId === viewer.practiceId && session.clientId === viewer.id;
}
