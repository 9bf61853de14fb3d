'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedAction, type ActionState } from '../actions/safe-action';
import { assignCare, endCare } from './service';

const CHOOSE_CLIENT = 'Choose a client from the list.';
const CHOOSE_THERAPIST = 'Choose a therapist from the list.';

export const assignCareAction = authedAction(
  'care:manage',
  z.object({ clientId: z.uuid({ error: CHOOSE_CLIENT }), therapistId: z.uuid({ error: CHOOSE_THERAPIST }) }),
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await assignCare(db, user, input, request);
    switch (result.status) {
      case 'invalid-client':
        return { errors: { clientId: [CHOOSE_CLIENT] }, message: 'Please check the highlighted fields.' };
      case 'invalid-therapist':
        return { errors: { therapistId: [CHOOSE_THERAPIST] }, message: 'Please check the highlighted fields.' };
      case 'already-open':
        return { message: 'This client is already in this therapist’s care. Nothing was changed.' };
      case 'assigned':
        revalidatePath('/admin/relationships');
        return { ok: true, message: `Care assigned, starting ${result.startedOn}.` };
    }
  },
);

export const endCareAction = authedAction(
  'care:manage',
  z.object({ relationshipId: z.uuid({ error: 'We could not find that care relationship.' }) }),
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await endCare(db, user, input.relationshipId, request);
    switch (result.status) {
      case 'not-found':
        return { message: 'We could not find that care relationship.' };
      case 'already-ended':
        return { message: 'That care relationship has already ended.' };
      case 'ended':
        revalidatePath('/admin/relationships');
        return { ok: true, message: `Care ended on ${result.endedOn}.` };
    }
  },
);
