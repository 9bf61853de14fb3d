'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { authedAction, type ActionState } from '../actions/safe-action';
import { draftSchema, editPublishedVersion, publishDraft, publishSchema, saveDraft, startDraftFromVersion, versionIdSchema } from './service';

const CHECK_FIELDS = 'Please check the highlighted fields.';
const NOT_FOUND = 'That version could not be found in your practice. Nothing was changed.';

export const saveDraftAction = authedAction('policies:manage', draftSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await saveDraft(db, user, input, request);
  if (result.status === 'invalid') return { errors: result.errors, message: CHECK_FIELDS };
  revalidatePath('/admin/policies');
  return { ok: true, message: 'Draft saved. Clients see nothing until you publish it.' };
});

export const publishDraftAction = authedAction('policies:manage', publishSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await publishDraft(db, user, input, request);
  switch (result.status) {
    case 'invalid':
      return { errors: result.errors, message: CHECK_FIELDS };
    case 'no-draft':
      return { message: 'There is no saved draft to publish. Save the draft first.' };
    case 'identical':
      return { message: `The draft is the same as version ${result.version}, so there is nothing new to publish. Change the draft first.` };
    case 'published':
      revalidatePath('/admin/policies');
      // The editor reopens on the new version; the page says what was published.
      redirect(`/admin/policies/${input.kind}?published=${result.version.version}`);
  }
});

export const startDraftFromVersionAction = authedAction('policies:manage', versionIdSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await startDraftFromVersion(db, user, input.versionId, request);
  if (result.status === 'not-found') return { message: NOT_FOUND };
  revalidatePath('/admin/policies');
  redirect(`/admin/policies/${result.kind}?from=${result.fromVersion}`);
});

/** A posted edit of a published version: always refused, and recorded. */
export const editPublishedVersionAction = authedAction(
  'policies:manage',
  versionIdSchema.extend({ title: draftSchema.shape.title, body: draftSchema.shape.body }),
  async (input, { db, user, request }): Promise<ActionState> => {
    const result = await editPublishedVersion(db, user, input, request);
    if (result.status === 'not-found') return { message: NOT_FOUND };
    return {
      message: `Version ${result.version} is published and cannot be changed. Start a new draft from it and publish that as the next version instead.`,
    };
  },
);
