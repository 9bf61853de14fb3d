'use server';

import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/guards';
import { authedAction } from '@/lib/actions/safe-action';
import { routes } from '@/lib/routes';
import { deleteFile } from './commands';
import { REFUSALS } from './model';
import { deleteFileSchema } from './schemas';

/**
 * Deleting a shared file: only the person who shared it (or the client, for a recording of their session). Its key is
 * destroyed at once and its content removed after; both people then see when and why in its place.
 */
export const deleteFileAction = authedAction('files:share', deleteFileSchema, async ({ fileId }, { user, request, db }) => {
  if (user.role === 'client') await requireUser('portal:use');
  const result = await deleteFile(db, user, fileId, request);
  if (result.status === 'not-found') return { message: REFUSALS.not_found };
  if (result.status === 'forbidden') return { message: 'Only the person who shared this file can delete it.' };
  revalidatePath(routes.portal, 'layout');
  revalidatePath(routes.practice, 'layout');
  return { ok: true, message: 'Deleted. Its content can no longer be opened by anyone.' };
});
