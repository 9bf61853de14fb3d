'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { retryJobAction } from '../actions';

export function RetryJobForm({ job }: { job: { id: number; label: string } }) {
  const [state, action] = useActionState(retryJobAction, initialActionState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="jobId" value={String(job.id)} />
      <SubmitButton variant="secondary" pendingText="Retrying…">
        <span aria-hidden="true">Retry</span>
        <span className="sr-only">
          Retry job {job.id}: {job.label}
        </span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
