'use client';

import { useActionState, useId } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import type { SessionAnswer } from '../model';
import { answerSessionAction } from '../actions';

const CURRENT: Record<SessionAnswer, string> = {
  yes: 'Your answer: yes, this session may be recorded.',
  not_this_time: 'Your answer: not this time. This session will not be recorded.',
};

/**
 * "Still OK to record this session?" for one upcoming session an agreement in force covers: "Yes" or "Not this time",
 * changeable until the session starts. `session` describes the session (when, how, with whom) in words.
 */
export function StatusSessionQuestionForm({
  requestId,
  appointmentId,
  answer,
  session,
}: {
  requestId: string;
  appointmentId: string;
  answer: SessionAnswer | null;
  session: string;
}) {
  const [state, action] = useActionState(answerSessionAction, initialActionState);
  const id = useId();
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <fieldset aria-describedby={`${id}-session ${id}-answer`} className="space-y-2">
        <legend className="font-medium text-stone-900">Still OK to record this session?</legend>
        <p id={`${id}-session`} className="text-sm text-stone-700">
          {session}
        </p>
        <p id={`${id}-answer`} className="text-sm text-stone-600">
          {answer ? CURRENT[answer] : 'Not answered yet. Nothing is recorded without your yes.'}
        </p>
        <div className="flex flex-wrap gap-2">
          <SubmitButton name="answer" value="yes" variant={answer === 'yes' ? 'primary' : 'secondary'} aria-pressed={answer === 'yes'}>
            Yes
          </SubmitButton>
          <SubmitButton
            name="answer"
            value="not_this_time"
            variant={answer === 'not_this_time' ? 'primary' : 'secondary'}
            aria-pressed={answer === 'not_this_time'}
          >
            Not this time
          </SubmitButton>
        </div>
      </fieldset>
      <FormMessage state={state} />
    </form>
  );
}
