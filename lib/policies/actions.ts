'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { routes } from '@/lib/routes';
import { authedAction, type ActionState } from '../actions/safe-action';
import { acknowledgeVersions, publishDraft, saveDraft, startDraftFromVersion } from './commands';
import { acknowledgeSchema, draftSchema, publishSchema, versionIdSchema } from './schemas';

const CHECK_FIELDS = 'Please check the highlighted fields.';
const NOT_TICKED = 'Tick this box to confirm you have read this policy.';

export const saveDraftAction = authedAction('policies:manage', draftSchema, async (input, { db, user, request }): Promise<ActionState> => {
  await saveDraft(db, user, input, request);
  revalidatePath(routes.adminPolicies);
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
      revalidatePath(routes.adminPolicies);
      // The editor reopens on the new version; the page says what was published.
      redirect(`${routes.adminPolicy(input.kind)}?published=${result.version.version}`);
  }
});

export const startDraftFromVersionAction = authedAction('policies:manage', versionIdSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const result = await startDraftFromVersion(db, user, input, request);
  if (result.status === 'not-found') return { message: 'That version could not be found in your practice. Nothing was changed.' };
  revalidatePath(routes.adminPolicies);
  redirect(`${routes.adminPolicy(result.kind)}?from=${result.fromVersion}`);
});

// The acknowledgement page's own action: open to a client with policies pending, or it could never clear them.
export const acknowledgePoliciesAction = authedAction(
  'portal:use',
  acknowledgeSchema,
  async (input, { db, user, request }): Promise<ActionState> => {
    const unticked = input.versionIds.filter((id) => input[`confirm-${id}`] !== 'on');
    if (unticked.length > 0) {
      return {
        message: 'Please tick the box for every policy to confirm you have read it. Nothing was recorded.',
        errors: Object.fromEntries(unticked.map((id) => [`confirm-${id}`, [NOT_TICKED]])),
      };
    }
    const result = await acknowledgeVersions(db, user, input, request);
    if (result.status === 'refused') {
      return { message: 'A policy was updated while you were reading. Nothing was recorded: please reload the page and read the latest version.' };
    }
    redirect(routes.portal);
  },
  { allowPendingPolicies: true },
);
