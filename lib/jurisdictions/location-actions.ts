'use server';

import { revalidatePath } from 'next/cache';
import { authedAction, type ActionState } from '../actions/safe-action';
import { setOwnLocation } from './location-service';
import { locationSchema } from './regions';

export const saveLocationAction = authedAction(
  'location:set-own',
  locationSchema,
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await setOwnLocation(db, user, input, request);
    if (result.status === 'invalid') return { errors: result.errors, message: 'Please check the highlighted fields.' };
    if (result.status === 'unchanged') return { ok: true, message: 'Nothing to save: your location was already this.' };
    // Recording guidance in the portal depends on it.
    revalidatePath('/', 'layout');
    return { ok: true, message: 'Location saved.' };
  },
);
