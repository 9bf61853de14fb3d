import { z } from 'zod';

export const CHOOSE_CLIENT = 'Choose a client from the list.';
export const CHOOSE_THERAPIST = 'Choose a therapist from the list.';
export const RELATIONSHIP_NOT_FOUND = 'We could not find that care relationship.';

export const assignCareSchema = z.object({
  clientId: z.uuid({ error: CHOOSE_CLIENT }),
  therapistId: z.uuid({ error: CHOOSE_THERAPIST }),
});

export const endCareSchema = z.object({ relationshipId: z.uuid({ error: RELATIONSHIP_NOT_FOUND }) });
