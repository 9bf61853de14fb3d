'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { formatInTimeZone } from '@/lib/platform/clock';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import { requireUser } from '../auth/guards';
import type { SessionUser } from '../auth/model';
import {
  type CommandResult,
  answerSession,
  changeTerms,
  declineRecording,
  openRequest,
  proposeAlternatives,
  savePreferences,
  sendMessage,
  signAgreement,
  tickSection,
  untickSection,
  withdrawAgreement,
} from './commands';
import { COMMAND_REFUSAL_MESSAGES, type CommandRefusal, REQUEST_NOT_FOUND, SIGNATURE_REFUSAL_MESSAGES, type SignatureRefusal } from './model';
import {
  alternativesSchema,
  answerSessionSchema,
  changeTermsSchema,
  declineSchema,
  messageSchema,
  openRequestSchema,
  preferencesSchema,
  sectionSchema,
  signSchema,
  TERMS_PROBLEM_FIELDS,
  withdrawSchema,
} from './schemas';
import { REFUSAL_MESSAGES, type RefusalReason } from './state';
import { TERMS_PROBLEM_MESSAGES, type TermsProblem } from './terms';

/*
 * Every recording-consent action: one permission ('recording:discuss', the client and the therapist), the input parsed
 * by its schema, the command, and its result in plain words. A refusal changes nothing and the form keeps what was
 * typed (the wrapper echoes every non-secret field back). Who may act on which request is the command's scope: anyone
 * else, including a replayed action from another account, gets the not-found message.
 */

const PERMISSION = 'recording:discuss';
const CHECK_FIELDS = 'Please check the highlighted fields.';

/** A client passes the portal's gate too (policies in force acknowledged first), as on every portal page. */
async function gate(user: SessionUser) {
  if (user.role === 'client') await requireUser('portal:use');
}

/** Both people's pages show the request: refresh both areas. */
function refresh() {
  revalidatePath(routes.portal, 'layout');
  revalidatePath(routes.practice, 'layout');
}

const refusalMessage = (reason: RefusalReason | CommandRefusal) =>
  (REFUSAL_MESSAGES as Record<string, string>)[reason] ?? (COMMAND_REFUSAL_MESSAGES as Record<string, string>)[reason];

function problemErrors(problems: TermsProblem[] | undefined): ActionState['errors'] {
  if (!problems?.length) return undefined;
  const errors: Record<string, string[]> = {};
  for (const problem of problems) (errors[TERMS_PROBLEM_FIELDS[problem]] ??= []).push(TERMS_PROBLEM_MESSAGES[problem]);
  return errors;
}

/** A command's result as form state; `done` is what a success says. */
function toState(result: CommandResult, done: string): ActionState {
  switch (result.status) {
    case 'saved':
      refresh();
      return { ok: true, message: done, data: { rowVersion: String(result.rowVersion), termsVersion: String(result.termsVersion), state: result.state } };
    case 'not-found':
      return { message: REQUEST_NOT_FOUND };
    case 'conflict':
      refresh();
      return { message: COMMAND_REFUSAL_MESSAGES.conflict };
    case 'refused': {
      const errors = problemErrors(result.problems);
      return { message: errors ? `${refusalMessage(result.reason)} ${CHECK_FIELDS}` : refusalMessage(result.reason), errors };
    }
  }
}

export const openRequestAction = authedAction(PERMISSION, openRequestSchema, async (input, { db, user, request }): Promise<ActionState> => {
  await gate(user);
  const result = await openRequest(db, user, input, request);
  if (result.status === 'saved') {
    refresh();
    redirect(user.role === 'client' ? routes.portalRecordingRequest(result.requestId) : routes.practiceRecordingRequest(input.clientId!, result.requestId));
  }
  switch (result.status) {
    case 'already-open':
      return { message: 'There is already a recording request with this person. Carry on with it there.', data: { requestId: result.requestId } };
    case 'not-found':
      return { message: user.role === 'client' ? 'Choose one of your therapists.' : 'Choose one of your clients.' };
    case 'refused': {
      const errors = problemErrors(result.problems);
      return { message: errors ? `${refusalMessage(result.reason)} ${CHECK_FIELDS}` : refusalMessage(result.reason), errors };
    }
  }
});

export const changeTermsAction = authedAction(PERMISSION, changeTermsSchema, async (input, { db, user, request }) => {
  await gate(user);
  return toState(await changeTerms(db, user, input, request), 'The new terms are saved. The other person has been told.');
});

export const tickSectionAction = authedAction(PERMISSION, sectionSchema, async (input, { db, user, request }) => {
  await gate(user);
  return toState(await tickSection(db, user, input, request), 'Ticked as discussed.');
});

export const untickSectionAction = authedAction(PERMISSION, sectionSchema, async (input, { db, user, request }) => {
  await gate(user);
  return toState(await untickSection(db, user, input, request), 'Open for discussion again.');
});

export const savePreferencesAction = authedAction(PERMISSION, preferencesSchema, async (input, { db, user, request }) => {
  await gate(user);
  return toState(await savePreferences(db, user, input, request), 'Your preferences are saved.');
});

export const proposeAlternativesAction = authedAction(PERMISSION, alternativesSchema, async (input, { db, user, request }) => {
  await gate(user);
  return toState(await proposeAlternatives(db, user, input, request), 'The alternatives are proposed.');
});

export const sendMessageAction = authedAction(PERMISSION, messageSchema, async (input, { db, user, request }): Promise<ActionState> => {
  await gate(user);
  const result = await sendMessage(db, user, input, request);
  if (result.status === 'sent') {
    refresh();
    return { ok: true, message: 'Message sent.' };
  }
  if (result.status === 'refused' && (result.reason === 'message_too_long' || result.reason === 'message_empty')) {
    return { errors: { body: [refusalMessage(result.reason)] }, message: CHECK_FIELDS };
  }
  return toState(result, '');
});

const SIGNATURE_FIELDS: Record<SignatureRefusal, string> = { name_mismatch: 'fullName', wrong_password: 'password', wrong_code: 'totpCode' };

export const signAction = authedAction(PERMISSION, signSchema, async (input, { db, user, request }): Promise<ActionState> => {
  await gate(user);
  const result = await signAgreement(db, user, { ...input, code: input.totpCode }, request);
  if (result.status === 'signature-refused') {
    return { errors: { [SIGNATURE_FIELDS[result.reason]]: [SIGNATURE_REFUSAL_MESSAGES[result.reason]] }, message: 'Nothing was signed.' };
  }
  if (result.status === 'locked') {
    return { message: `Too many attempts. For your safety, try again after ${formatInTimeZone(result.until, user.timeZone)}. Nothing was signed.` };
  }
  return toState(result, result.status === 'saved' && result.state === 'active' ? 'Signed. The agreement is now in force.' : 'Signed. Waiting for the other signature.');
});

export const declineAction = authedAction(PERMISSION, declineSchema, async (input, { db, user, request }) => {
  await gate(user);
  return toState(await declineRecording(db, user, input, request), 'Recording is declined. Nothing will be recorded.');
});

export const withdrawAction = authedAction(PERMISSION, withdrawSchema, async (input, { db, user, request }) => {
  await gate(user);
  return toState(await withdrawAgreement(db, user, input, request), 'Withdrawn. Nothing more will be recorded under this agreement.');
});

export const answerSessionAction = authedAction(PERMISSION, answerSessionSchema, async (input, { db, user, request }): Promise<ActionState> => {
  await gate(user);
  const result = await answerSession(db, user, input, request);
  if (result.status === 'answered') {
    refresh();
    return { ok: true, message: result.answer === 'yes' ? 'Thank you: this session may be recorded.' : 'Noted: this session will not be recorded.' };
  }
  return toState(result, '');
});
