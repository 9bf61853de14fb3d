import type { Role } from '@/db/schema';

export const ROLE_LABELS: Record<Role, string> = { client: 'Client', therapist: 'Therapist', admin: 'Admin' };

/** Why a change to someone's account was refused; a refused change writes nothing. */
export type Refusal = 'unchanged' | 'not-found' | 'self' | 'last-admin' | 'open-care';
