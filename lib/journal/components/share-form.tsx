'use client';

import { useActionState } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { FormMessage, SelectField, SubmitButton } from '@/lib/ui/form';
import { revokeShareAction, shareEntryAction } from '../actions';
import type { ShareStatus } from '../model';
import { formatMoment } from './dates';

/** Whether and when the therapist opened a shared entry, in words. */
export function openedWords(share: ShareStatus, timeZone: string): string {
  if (!share.firstOpenedAt) return `${share.therapistName} has not opened it yet.`;
  const first = formatMoment(share.firstOpenedAt, timeZone);
  const last = share.lastOpenedAt && share.lastOpenedAt !== share.firstOpenedAt ? `, most recently on ${formatMoment(share.lastOpenedAt, timeZone)}` : '';
  return `${share.therapistName} first opened it on ${first}${last}.`;
}

/**
 * Sharing this one entry with one of the client's therapists, and stopping that: private until shared, and shared
 * with one person at a time. Once shared, the client sees whether and when it was opened.
 */
export function ShareForm({ entryId, therapists, share, timeZone }: { entryId: string; therapists: { id: string; name: string }[]; share: ShareStatus | null; timeZone: string }) {
  const [shareState, shareAction] = useActionState(shareEntryAction, initialActionState);
  const [revokeState, revokeAction] = useActionState(revokeShareAction, initialActionState);
  return (
    <section aria-labelledby="journal-share-heading" className="space-y-3 rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
      <h2 id="journal-share-heading" className="text-lg font-semibold text-stone-900">
        Sharing
      </h2>
      {share ? (
        <>
          <p className="text-stone-800">
            Shared with {share.therapistName} on {formatMoment(share.sharedAt, timeZone)}.
          </p>
          <p className="text-stone-700">{openedWords(share, timeZone)}</p>
          <form action={revokeAction} className="space-y-2">
            <input type="hidden" name="entryId" value={entryId} />
            <SubmitButton variant="secondary" pendingText="Stopping…">
              Stop sharing
            </SubmitButton>
          </form>
          <FormMessage state={shareState.ok ? shareState : revokeState} />
        </>
      ) : therapists.length === 0 ? (
        <>
          <p className="text-stone-700">This entry is private. You have no therapist in Hearth to share it with at the moment.</p>
          <FormMessage state={revokeState} />
        </>
      ) : (
        <form action={shareAction} className="space-y-3">
          <p className="text-stone-700">This entry is private. You can share it with one of your therapists, who can then read it, and stop sharing at any time.</p>
          {revokeState.ok && <FormMessage state={revokeState} />}
          <input type="hidden" name="entryId" value={entryId} />
          <SelectField
            label="Share with"
            name="therapistId"
            state={shareState}
            defaultValue={therapists[0].id}
            options={therapists.map((therapist) => ({ value: therapist.id, label: therapist.name }))}
          />
          <SubmitButton pendingText="Sharing…">Share this entry</SubmitButton>
          {!shareState.errors && <FormMessage state={shareState} />}
        </form>
      )}
    </section>
  );
}
