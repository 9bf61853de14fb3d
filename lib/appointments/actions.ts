'use server';

import { revalidatePath } from 'next/cache';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import { addAppointment, cancelAppointment, importAppointments, previewImport, rescheduleAppointment } from './commands';
import { IMPORT_FILE_MESSAGES, type ImportFileProblem, type ImportPreview } from './model';
import { addSessionSchema, cancelSessionSchema, CLIENT_NOT_FOUND, importSessionsSchema, rescheduleSessionSchema, SESSION_NOT_FOUND } from './schemas';

const CHECK_FIELDS = 'Please check the highlighted fields.';

// A session shows on the client's sessions page, the therapist's schedule and the client's portal.
function revalidateSessions() {
  revalidatePath(routes.practice, 'layout');
  revalidatePath(routes.portalSessions);
}

const sessionAt = (date: string, start: string) => `${date} at ${start}`;

export const addSessionAction = authedAction('appointments:manage', addSessionSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await addAppointment(db, user, input, request);
  switch (result.status) {
    case 'not-found':
      return { message: CLIENT_NOT_FOUND };
    case 'invalid':
      return { errors: result.errors, message: CHECK_FIELDS };
    case 'added': {
      revalidateSessions();
      const note = result.session.ambiguous ? ' The clocks go back that night, so this is the first of the two times with that name.' : '';
      return { ok: true, message: `Session added: ${sessionAt(input.date, input.start)}.${note}` };
    }
  }
});

function fileProblem(problem: ImportFileProblem, line?: number): ActionState {
  const where = line && problem !== 'too-large' && problem !== 'too-many-rows' ? ` (line ${line})` : '';
  return { errors: { csv: [IMPORT_FILE_MESSAGES[problem] + where] }, message: CHECK_FIELDS };
}

const withPreview = (preview: ImportPreview) => ({ preview: JSON.stringify(preview) });

/**
 * The import form's one action, in two steps chosen by the button pressed: "Preview" reads the
 * list and shows what would happen to each row; "Add N sessions" saves what that preview showed.
 */
export const importSessionsAction = authedAction('appointments:manage', importSessionsSchema, async (input, { db, user, request }): Promise<ActionState> => {
  if (input.step === 'preview') {
    const result = await previewImport(db, user, input, request);
    switch (result.status) {
      case 'not-found':
        return { message: CLIENT_NOT_FOUND };
      case 'file-problem':
        return fileProblem(result.problem, result.line);
      case 'preview':
        return { data: withPreview(result.preview) };
    }
  }
  const result = await importAppointments(db, user, input, request);
  switch (result.status) {
    case 'not-found':
      return { message: CLIENT_NOT_FOUND };
    case 'file-problem':
      return fileProblem(result.problem, result.line);
    case 'changed':
      return {
        message: 'Something changed since the preview, so nothing was added. Check the new preview below, then add the sessions again.',
        data: withPreview(result.preview),
      };
    case 'imported':
      revalidateSessions();
      return {
        ok: true,
        message: result.added === 0 ? 'There was nothing to add.' : `Added ${result.added} ${result.added === 1 ? 'session' : 'sessions'}.`,
      };
  }
});

export const cancelSessionAction = authedAction('appointments:manage', cancelSessionSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await cancelAppointment(db, user, input, request);
  switch (result.status) {
    case 'not-found':
      return { message: SESSION_NOT_FOUND };
    case 'already-cancelled':
      return { ok: true, message: 'This session was already cancelled.' };
    case 'cancelled':
      revalidateSessions();
      return { ok: true, message: 'Session cancelled.' };
  }
});

export const rescheduleSessionAction = authedAction('appointments:manage', rescheduleSessionSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await rescheduleAppointment(db, user, input, request);
  switch (result.status) {
    case 'not-found':
      return { message: SESSION_NOT_FOUND };
    case 'cancelled':
      return { message: 'This session has been cancelled, so it cannot be moved. Add a new session instead.' };
    case 'invalid':
      return { errors: result.errors, message: CHECK_FIELDS };
    case 'unchanged':
      return { ok: true, message: 'Nothing was changed: the session already had these details.' };
    case 'rescheduled':
      revalidateSessions();
      return { ok: true, message: `Session moved to ${sessionAt(input.date, input.start)}.` };
  }
});
