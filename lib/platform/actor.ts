import type { Role } from '@/db/schema';

/**
 * Who is acting: the one shape every command, query scope and audit entry takes. Built once per
 * request from the signed-in session (lib/auth/guards.ts); background jobs act as `null`.
 */
export interface Actor {
  id: string;
  practiceId: string;
  role: Role;
  /** The practice's time zone, for "today in the practice" and for showing moments. */
  timeZone: string;
}
