'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedAction, type ActionState } from '../actions/safe-action';
import { HOME_BY_ROLE } from '../auth/permissions';
import { acknowledgeVersions } from './acknowledgements';

const NOT_TICKED = 'Tick this box to confirm you have read this policy.';

// One "confirm-<version id>" checkbox per version listed in "versionIds".
const acknowledgeSchema = z
  .object({
    versionIds: z
      .string()
      .transform((value) => value.split(','))
      .pipe(z.array(z.uuid()).min(1).max(20)),
  })
  .catchall(z.string());

export const acknowledgePoliciesAction = authedAction('portal:use', acknowledgeSchema, async (input, { db, user, request }): Promise<ActionState> => {
  const unticked = input.versionIds.filter((id) => input[`confirm-${id}`] !== 'on');
  if (unticked.length > 0) {
    return {
      message: 'Please tick the box for every policy to confirm you have read it. Nothing was recorded.',
      errors: Object.fromEntries(unticked.map((id) => [`confirm-${id}`, [NOT_TICKED]])),
    };
  }
  const result = await acknowledgeVersions(db, user, input.versionIds, request);
  if (result.status === 'refused') {
    return { message: 'A policy was updated while you were reading. Nothing was recorded: please reload the page and read the latest version.' };
  }
  redirect(HOME_BY_ROLE.client);
});
