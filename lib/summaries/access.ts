// Who may write and read a session summary: pure rules, unit-tested without a database.
import type { SummaryRefusal } from './model';

export interface SummarySession {
  startsAt: Date;
  durationMinutes: number;
  status: 'scheduled' | 'cancelled';
}

/** A session is summarised once it has started (a summary written in its last minutes is fine); never a cancelled one. */
export function summaryRefusal(session: SummarySession, now: Date): SummaryRefusal | null {
  if (session.status === 'cancelled') return 'cancelled';
  if (session.startsAt.getTime() > now.getTime()) return 'not_started';
  return null;
}

/** The moment a session ends. */
export const sessionEnd = (session: Pick<SummarySession, 'startsAt' | 'durationMinutes'>) => new Date(session.startsAt.getTime() + session.durationMinutes * 60_000);

export interface SummaryFacts {
  clientId: string;
  practiceId: string;
  sharedAt: Date | null;
}

/** The client reads a summary of theirs once it is shared, also after care has ended (it is their own record). */
export const clientMayRead = (viewer: { id: string; practiceId: string }, summary: SummaryFacts) =>
  summary.clientId === viewer.id && summary.practiceId === viewer.practiceId && summary.sharedAt !== null;

/**
 * How a save is stored: before sharing, the one draft version is edited in place; from the moment of sharing, each
 * save is a new version the client sees as an edit, and the earlier text is kept.
 */
export function saveKind(summary: { sharedAt: Date | null } | null, intent: 'draft' | 'share'): 'created' | 'draft_updated' | 'shared' | 'new_version' {
  if (!summary) return intent === 'share' ? 'shared' : 'created';
  if (summary.sharedAt) return 'new_version';
  return intent === 'share' ? 'shared' : 'draft_updated';
}

/** The revision a save names: the summary's last change, in milliseconds, or 'new' for a session without one. */
export const revisionOf = (summary: { updatedAt: Date } | null) => (summary ? String(summary.updatedAt.getTime()) : 'new');
