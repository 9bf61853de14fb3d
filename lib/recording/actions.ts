'use server';

import { revalidatePath } from 'next/cache';
import { authedAction, type ActionState } from '../actions/safe-action';
import { recordingSettingsSchema, updateRecordingSettings } from './settings';

export const saveRecordingSettingsAction = authedAction(
  'practice:configure',
  recordingSettingsSchema,
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await updateRecordingSettings(db, user, input, request);
    if (result.status === 'invalid') return { errors: result.errors, message: 'Please check the highlighted fields.' };
    if (result.status === 'unchanged') return { ok: true, message: 'Nothing to save: the recording settings were already like this.' };
    revalidatePath('/admin/recording');
    return { ok: true, message: 'Recording settings saved.' };
  },
);
