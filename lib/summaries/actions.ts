'use server';

import { revalidatePath } from 'next/cache';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import { archiveExercise, saveExercise, saveSummary } from './commands';
import { SUMMARY_REFUSALS } from './model';
import { archiveExerciseSchema, saveExerciseSchema, saveSummarySchema } from './schemas';

const NOT_IN_LIBRARY = 'That exercise is not in your library.';

export const saveExerciseAction = authedAction('summaries:write', saveExerciseSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await saveExercise(db, user, input, request);
  if (result.status === 'not-found') return { message: NOT_IN_LIBRARY };
  revalidatePath(routes.practiceExercises);
  return { ok: true, message: input.exerciseId ? 'Exercise saved. Summaries that already include it keep their copy.' : 'Exercise added to your library.' };
});

export const archiveExerciseAction = authedAction('summaries:write', archiveExerciseSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await archiveExercise(db, user, input, request);
  if (result.status === 'not-found') return { message: NOT_IN_LIBRARY };
  revalidatePath(routes.practiceExercises);
  return { ok: true, message: 'Exercise archived. Summaries that include it keep their copy.' };
});

const SAVED_MESSAGES = {
  saved: 'Draft saved. Your client cannot see it until you share it.',
  shared: 'Shared. Your client has been told that notes from the session are waiting.',
  edited: 'Changes shared. Your client sees them as an edit, with the earlier version kept.',
} as const;

/** "Save draft" or "Share" in the summary editor; the answer carries the new revision for the next save. */
export const saveSummaryAction = authedAction('summaries:write', saveSummarySchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await saveSummary(db, user, input, request);
  switch (result.status) {
    case 'not-found':
      return { message: SUMMARY_REFUSALS.not_found };
    case 'refused':
      return { message: SUMMARY_REFUSALS[result.reason] };
    case 'conflict':
      return { message: SUMMARY_REFUSALS.conflict };
    default:
      revalidatePath(routes.practiceSessionSummary(input.clientId, input.appointmentId));
      revalidatePath(routes.practiceClientSessions(input.clientId));
      revalidatePath(routes.practice);
      revalidatePath(routes.portalSummaries, 'layout');
      return { ok: true, message: SAVED_MESSAGES[result.status], data: { revision: result.revision, status: result.status } };
  }
});
