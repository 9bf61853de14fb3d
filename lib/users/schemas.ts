import { z } from 'zod';
import { ROLES } from '../auth/permissions';

export const PERSON_NOT_FOUND = 'We could not find that person in your practice.';
const userId = z.uuid({ error: PERSON_NOT_FOUND });

export const changeRoleSchema = z.object({ userId, role: z.enum(ROLES, { error: 'Choose a role.' }) });

export const accountStatusSchema = z.object({ userId });
