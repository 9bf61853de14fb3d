'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/guards';
import { authedAction } from '@/lib/actions/safe-action';
import { routes } from '@/lib/routes';
import { deleteEntry, revokeShare, shareEntry } from './commands';
import { NOT_FOUND_MESSAGE } from './model';
import { entryIdSchema, shareEntrySchema } from './schemas';

const SHARE_REFUSALS = {
  not_your_therapist: 'You can share an entry with one of your current therapists only.',
  already_shared: 'This entry is shared with someone else. Stop sharing it first.',
} as const;

/** Sharing one entry with one of the client's current therapists; they see it, marked with today's date. */
export const shareEntryAction = authedAction('journal:write', shareEntrySchema, async (input, { user, request, db }) => {
  await requireUser('portal:use');
  const result = await shareEntry(db, user, input, request);
  if (result.status === 'not-found') return { message: NOT_FOUND_MESSAGE };
  if (result.status === 'refused') return { message: SHARE_REFUSALS[result.reason], errors: { therapistId: [SHARE_REFUSALS[result.reason]] } };
  revalidatePath(routes.portalJournal, 'layout');
  return { ok: true, message: 'Shared. You can stop sharing at any time.' };
});

/** Stopping a share: from now on the therapist cannot open the entry. */
export const revokeShareAction = authedAction('journal:write', entryIdSchema, async (input, { user, request, db }) => {
  await requireUser('portal:use');
  const result = await revokeShare(db, user, input, request);
  if (result.status === 'not-found') return { message: NOT_FOUND_MESSAGE };
  revalidatePath(routes.portalJournal, 'layout');
  return { ok: true, message: result.status === 'revoked' ? 'No longer shared. Your therapist can no longer open this entry.' : 'This entry was not shared.' };
});

/** Deleting an entry for good; back to the journal. */
export const deleteEntryAction = authedAction('journal:write', entryIdSchema, async (input, { user, request, db }) => {
  await requireUser('portal:use');
  const result = await deleteEntry(db, user, input, request);
  if (result.status === 'not-found') return { message: NOT_FOUND_MESSAGE };
  revalidatePath(routes.portalJournal, 'layout');
  redirect(`${routes.portalJournal}?deleted=1`);
});
