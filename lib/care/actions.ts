'use server';

import { revalidatePath } from 'next/cache';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import { assignCare, endCare } from './commands';
import { assignCareSchema, CHOOSE_CLIENT, CHOOSE_THERAPIST, endCareSchema, RELATIONSHIP_NOT_FOUND } from './schemas';

export const assignCareAction = authedAction('care:manage', assignCareSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await assignCare(db, user, input, request);
  switch (result.status) {
    case 'invalid-client':
      return { errors: { clientId: [CHOOSE_CLIENT] }, message: 'Please check the highlighted fields.' };
    case 'invalid-therapist':
      return { errors: { therapistId: [CHOOSE_THERAPIST] }, message: 'Please check the highlighted fields.' };
    case 'already-open':
      return { message: 'This client is already in this therapist’s care. Nothing was changed.' };
    case 'assigned':
      revalidatePath(routes.adminRelationships);
      return { ok: true, message: `Care assigned, starting ${result.startedOn}.` };
  }
});

export const endCareAction = authedAction('care:manage', endCareSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await endCare(db, user, input, request);
  switch (result.status) {
    case 'not-found':
      return { message: RELATIONSHIP_NOT_FOUND };
    case 'already-ended':
      return { message: 'That care relationship has already ended.' };
    case 'ended':
      revalidatePath(routes.adminRelationships);
      return { ok: true, message: `Care ended on ${result.endedOn}.` };
  }
});
