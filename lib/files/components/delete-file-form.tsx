'use client';

import { TwoClickForm } from '@/lib/ui/two-click-form';
import { deleteFileAction } from '../actions';

/**
 * Deleting a shared file in two clicks: "Delete", then "Delete for good". Rendered for a file that can no longer be
 * deleted too (without the buttons), so the confirmation stays on screen once the file has become a tombstone.
 */
export function DeleteFileForm({ fileId, label, active }: { fileId: string; label: string; active: boolean }) {
  return (
    <TwoClickForm
      action={deleteFileAction}
      fields={{ fileId }}
      active={active}
      opener="Delete"
      openerContext={label}
      question={`Delete ${label} for good?`}
      explanation="Its content is destroyed at once and cannot be brought back by anyone. You will both see when it was removed and why."
      confirm="Delete for good"
      pending="Deleting…"
      keep="Keep it"
    />
  );
}
