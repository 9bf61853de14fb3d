'use server';

import { revalidatePath } from 'next/cache';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import { setOwnLocation } from './commands';
import { locationSchema } from './schemas';

export const saveLocationAction = authedAction('location:set-own', locationSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await setOwnLocation(db, user, input, request);
  if (result.status === 'unchanged') return { ok: true, message: 'Nothing to save: your location was already this.' };
  // Recording guidance in the portal depends on it.
  revalidatePath(routes.home, 'layout');
  return { ok: true, message: 'Location saved.' };
});
