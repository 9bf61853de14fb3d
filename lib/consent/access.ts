import type { Role } from '@/db/schema';
import { CLOSED_STATES, DISCUSSION_SECTIONS, type DiscussionSection, PARTIES, type Party, type RequestState } from './model';
import type { ConsentRequest, SectionTicks } from './state';

/**
 * Who may see or act on a recording request: only its two people. The client always (it is their agreement and their
 * record); the therapist only while their care relationship with the client is open, so a therapist whose care ended
 * loses access at once. Everyone else (another therapist or client, an admin, another practice) is nobody here, and is
 * answered exactly as for a request that does not exist.
 */
export function partyOf(
  viewer: { id: string; role: Role; practiceId: string },
  request: { practiceId: string; clientId: string; therapistId: string; careOpen: boolean },
): Party | null {
  if (viewer.practiceId !== request.practiceId) return null;
  if (viewer.role === 'client' && viewer.id === request.clientId) return 'client';
  if (viewer.role === 'therapist' && viewer.id === request.therapistId && request.careOpen) return 'therapist';
  return null;
}

export const otherParty = (party: Party): Party => (party === 'client' ? 'therapist' : 'client');

export const isClosed = (state: RequestState) => (CLOSED_STATES as readonly RequestState[]).includes(state);

/** The requests still open or in force: at most one per care relationship. */
export const LIVE_STATES = ['discussing', 'awaiting_signatures', 'active'] as const satisfies readonly RequestState[];

/** The sections both have ticked. */
export const sectionsDiscussed = (ticks: SectionTicks): DiscussionSection[] =>
  DISCUSSION_SECTIONS.filter((section) => PARTIES.every((party) => ticks[section][party]));

/**
 * Whose turn it is: in discussion, whoever has a section left to tick; waiting for signatures, whoever has not signed.
 * Nobody's once the agreement is in force or the request is closed.
 */
export function waitingOn(request: Pick<ConsentRequest, 'state' | 'ticks' | 'signatures'>): Party[] {
  if (request.state === 'discussing') return PARTIES.filter((party) => DISCUSSION_SECTIONS.some((section) => !request.ticks[section][party]));
  if (request.state === 'awaiting_signatures') return PARTIES.filter((party) => !request.signatures[party]);
  return [];
}

/** Section content other than the signed terms (the therapist's preferences, the alternatives) changes only in discussion. */
export const mayChangeSectionContent = (state: RequestState) => state === 'discussing';

/** The therapist's own preferences are the therapist's words. */
export const mayWritePreferences = (party: Party) => party === 'therapist';

/** "Still OK to record this session?" is the client's question. */
export const mayAnswerSession = (party: Party) => party === 'client';

/** Messages run beside the discussion and the agreement in force; a closed request's thread is a record. */
export const mayMessage = (state: RequestState) => !isClosed(state);
