import { z } from 'zod';
import { AUDIT_ACTIONS, isAuditAction, type AuditAction } from '@/lib/platform/audit/catalogue';
import { isIsoDate } from '@/lib/platform/clock';

export const AUDIT_PAGE_SIZE = 50;

/** What the viewer shows: filters plus a keyset cursor on the row id. */
export interface AuditQuery {
  actorId?: string;
  action?: AuditAction;
  /** Whole days (YYYY-MM-DD) in the practice's time zone, both inclusive. */
  from?: string;
  to?: string;
  /** Rows older than this id (the "Older" link) or newer than it (the "Newer" link). */
  before?: number;
  after?: number;
}

export type SearchParams = Record<string, string | string[] | undefined>;

/** The action filter's choices: every action in the catalogue, by its label. */
export const AUDIT_ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }));

const cursorSchema = z.string().regex(/^[1-9]\d{0,14}$/).transform(Number);

/**
 * Reads the viewer's URL. Anything unusable is dropped with a plain-language note, so a
 * mistyped or stale link still shows the trail. A person this practice does not have is treated
 * the same as a malformed one: no hint about other practices. An action must be in the catalogue.
 */
export function parseAuditQuery(params: SearchParams, known: { actorIds: ReadonlySet<string> }) {
  const query: AuditQuery = {};
  const problems: string[] = [];
  const single = (name: string) => {
    const value = params[name];
    if (Array.isArray(value)) return { given: true, value: undefined };
    return { given: !!value, value: value || undefined };
  };

  const actor = single('actor');
  if (actor.value && known.actorIds.has(actor.value)) query.actorId = actor.value;
  else if (actor.given) problems.push('The person filter was not recognised, so it was ignored.');

  const action = single('action');
  if (action.value && isAuditAction(action.value)) query.action = action.value;
  else if (action.given) problems.push('The action filter was not recognised, so it was ignored.');

  const from = single('from');
  const to = single('to');
  const fromOk = !!from.value && isIsoDate(from.value);
  const toOk = !!to.value && isIsoDate(to.value);
  if (from.given && !fromOk) problems.push('The From date was not a valid date, so it was ignored.');
  if (to.given && !toOk) problems.push('The To date was not a valid date, so it was ignored.');
  if (fromOk && toOk && to.value! < from.value!) {
    problems.push('The To date is before the From date, so the date range was ignored.');
  } else {
    if (fromOk) query.from = from.value;
    if (toOk) query.to = to.value;
  }

  const beforeParam = single('before');
  const afterParam = single('after');
  const before = cursorSchema.safeParse(beforeParam.value);
  const after = cursorSchema.safeParse(afterParam.value);
  if (before.success && !afterParam.given) query.before = before.data;
  else if (after.success && !beforeParam.given) query.after = after.data;
  else if (beforeParam.given || afterParam.given) problems.push('The page link was not valid, so the newest events are shown.');

  return { query, problems };
}

/** The query as URL parameters (filters only, or with a cursor), for links that keep the filters. */
export function auditQueryString(query: AuditQuery): string {
  const params = new URLSearchParams();
  if (query.actorId) params.set('actor', query.actorId);
  if (query.action) params.set('action', query.action);
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  if (query.before) params.set('before', String(query.before));
  if (query.after) params.set('after', String(query.after));
  const text = params.toString();
  return text ? `?${text}` : '';
}
