import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { getCurrentUser, requireUser, type GuardOptions } from '../auth/guards';
import type { Action } from '../auth/permissions';
import type { SessionUser } from '../auth/model';
import { getRequestContext, type RequestContext } from '@/lib/platform/http';
import { logError } from '@/lib/platform/log';
import type { ActionState } from './state';

export type { ActionState };

const SECRET_FIELD = /password|code|token|ticket|secret|challenge/i;

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (!key.startsWith('$ACTION') && typeof value === 'string') values[key] = value;
  }
  return values;
}

function echoable(values: Record<string, string>) {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET_FIELD.test(key)));
}

interface Context<U> {
  user: U;
  request: RequestContext;
  db: Db;
}

type Handler<S extends z.ZodType, U> = (input: z.output<S>, context: Context<U>) => Promise<ActionState | void>;

export const GENERIC_FAILURE = 'Something went wrong on our side and nothing was changed. Please try again.';

function wrap<S extends z.ZodType, U>(schema: S, resolveUser: () => Promise<U>, handler: Handler<S, U>) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const raw = formValues(formData);
    try {
      const user = await resolveUser();
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        return {
          errors: z.flattenError(parsed.error).fieldErrors as ActionState['errors'],
          message: 'Please check the highlighted fields.',
          values: echoable(raw),
        };
      }
      const result = await handler(parsed.data, { user, request: await getRequestContext(), db: await getDb() });
      return result ? { values: result.ok ? undefined : echoable(raw), ...result } : { ok: true };
    } catch (error) {
      // redirect() and notFound() are control flow, not failures.
      unstable_rethrow(error);
      logError('action failed', error);
      return { message: GENERIC_FAILURE, values: echoable(raw) };
    }
  };
}

/**
 * An action for a signed-in user holding `permission`: authenticate, authorise (through the same
 * guard as pages, so the MFA and portal gates hold for actions too), validate, run.
 */
export function authedAction<S extends z.ZodType>(permission: Action, schema: S, handler: Handler<S, SessionUser>, options: GuardOptions = {}) {
  return wrap(schema, () => requireUser(permission, options), handler);
}

/** An action open to anyone (sign-in, password reset, accepting an invitation). */
export function publicAction<S extends z.ZodType>(schema: S, handler: Handler<S, SessionUser | null>) {
  return wrap(schema, getCurrentUser, handler);
}
