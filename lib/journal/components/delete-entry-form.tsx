'use client';

import { TwoClickForm } from '@/lib/ui/two-click-form';
import { deleteEntryAction } from '../actions';

/** Deleting the entry in two clicks: "Delete this entry", then "Delete for good". */
export function DeleteEntryForm({ entryId }: { entryId: string }) {
  return (
    <TwoClickForm
      action={deleteEntryAction}
      fields={{ entryId }}
      opener="Delete this entry"
      headingLevel={2}
      question="Delete this entry for good?"
      explanation="Its words cannot be brought back. If it is shared, your therapist can no longer open it."
      confirm="Delete for good"
      pending="Deleting…"
      keep="Keep it"
    />
  );
}
