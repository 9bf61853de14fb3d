import type { Role } from '@/db/schema';

export const ROLE_LABELS: Record<Role, string> = { client: 'Client', therapist: 'Therapist', admin: 'Admin' };
