'use server';

import { revalidatePath } from 'next/cache';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import { updateRecordingSettings } from './commands';
import { recordingSettingsSchema } from './schemas';

export const saveRecordingSettingsAction = authedAction('practice:configure', recordingSettingsSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await updateRecordingSettings(db, user, input, request);
  if (result.status === 'unchanged') return { ok: true, message: 'Nothing to save: the recording settings were already like this.' };
  revalidatePath(routes.adminRecording);
  return { ok: true, message: 'Recording settings saved.' };
});
