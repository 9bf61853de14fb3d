'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { answerSessionAction } from '../actions';
import { type SessionAnswer, SESSION_ANSWER_LABELS } from '../model';

/** "Still OK to record this session?": yes, or not this time. The answer can change until the session starts. */
export function SessionAnswerForm({ requestId, appointmentId, when, answer }: { requestId: string; appointmentId: string; when: string; answer: SessionAnswer | null }) {
  const [state, action] = useActionState(answerSessionAction, initialActionState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-2">
        {(['yes', 'not_this_time'] as const)
          .filter((option) => option !== answer)
          .map((option) => (
            <SubmitButton
              key={option}
              name="answer"
              value={option}
              variant={option === 'yes' ? 'primary' : 'secondary'}
              pendingText="Saving…"
              aria-label={`${SESSION_ANSWER_LABELS[option]} (${when})`}
            >
              {SESSION_ANSWER_LABELS[option]}
            </SubmitButton>
          ))}
      </div>
    </form>
  );
}
