// Calling a server action as the browser does for a form with useActionState: a POST to a page
// whose form uses it, with the action's id (from the production build's server-reference
// manifest) in `Next-Action`, and [previous state, FormData] encoded by React's own encodeReply.
// Shared by the action matrix, the consent status spec and the security spec.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';

const ROOT = path.join(import.meta.dirname, '..');

export interface BuiltAction {
  id: string;
  /** The pages whose forms use it, as URL patterns (/admin/users). */
  pages: string[];
}

/** Actions in the production build, by `file#name`, from Next's server-reference manifest. */
export function actionsInBuild(): Map<string, BuiltAction> {
  const file = path.join(ROOT, '.next', 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string; workers: Record<string, unknown> }>;
  };
  const built = new Map<string, BuiltAction>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const pages = Object.keys(entry.workers)
      .filter((worker) => worker.startsWith('app/') && worker.endsWith('/page'))
      .map((worker) => '/' + worker.split('/').slice(1, -1).filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith('@')).join('/'));
    built.set(`${entry.filename}#${entry.exportedName}`, { id, pages });
  }
  return built;
}


const appRequire = createRequire(path.join(ROOT, 'package.json'));
// The browser bundle's own encoder (Next builds with Turbopack): the very bytes a form sends.
const { encodeReply } = appRequire('next/dist/compiled/react-server-dom-turbopack/client.node') as {
  encodeReply: (value: unknown) => Promise<FormData | string>;
};
// Next drops arguments an action's id marks as unused before encoding; so does this.
const { extractInfoFromServerReferenceId, omitUnusedArgs } = appRequire('next/dist/shared/lib/server-reference-info') as {
  extractInfoFromServerReferenceId: (id: string) => unknown;
  omitUnusedArgs: (args: unknown[], info: unknown) => unknown[];
};

export interface ActionStateAnswer {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string[] | undefined>;
  data?: Record<string, unknown>;
}

export interface Answer {
  status: number;
  /** From `x-action-redirect`: the path (and query) the browser is sent to. */
  redirect?: string;
  /** The action's resolved value (the new form state). */
  state?: ActionStateAnswer;
  /** The action threw (notFound() and the like): its digest. */
  rejected?: string;
  unrecognised?: boolean;
}

/**
 * The rows of a React Flight response, by id: `<hex id>:<payload>\n`, except text rows
 * `<hex id>:T<hex byte length>,<text>`, which carry long strings and end without a newline.
 */
function flightRows(body: Buffer) {
  const rows = new Map<string, string>();
  let at = 0;
  while (at < body.length) {
    const colon = body.indexOf(':', at);
    if (colon < 0) break;
    const id = body.toString('utf8', at, colon);
    if (body[colon + 1] === 'T'.charCodeAt(0)) {
      const comma = body.indexOf(',', colon + 2);
      const end = comma + 1 + parseInt(body.toString('utf8', colon + 2, comma), 16);
      rows.set(id, 'T' + body.toString('utf8', comma + 1, end));
      at = end;
    } else {
      const newline = body.indexOf('\n', colon + 1);
      const end = newline < 0 ? body.length : newline;
      if (!rows.has(id)) rows.set(id, body.toString('utf8', colon + 1, end));
      at = end + 1;
    }
  }
  return rows;
}

/** `extraHeaders` adds to or replaces what the browser would send (an attacker's forged headers, say). */
export async function callAction(
  context: APIRequestContext,
  baseURL: string,
  actionId: string,
  page: string,
  fields: Record<string, string>,
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const body = await encodeReply(omitUnusedArgs([{}, form], extractInfoFromServerReferenceId(actionId)));
  const response = await context.post(page, {
    headers: { 'Next-Action': actionId, Accept: 'text/x-component', Origin: new URL(baseURL).origin, ...extraHeaders },
    ...(typeof body === 'string' ? { data: body } : { multipart: body }),
    maxRedirects: 0,
  });
  const headers = response.headers();
  const answer: Answer = { status: response.status() };
  if (headers['x-nextjs-action-not-found']) return { ...answer, unrecognised: true };
  const redirect = headers['x-action-redirect'];
  if (redirect) {
    const target = new URL(redirect.replace(/;(push|replace)$/, ''), baseURL);
    answer.redirect = target.origin === new URL(baseURL).origin ? target.pathname + target.search : target.href;
    return answer;
  }
  const rows = flightRows(await response.body());
  const root = rows.get('0');
  const ref = root ? (JSON.parse(root) as { a?: string }).a : undefined;
  const resultRow = ref?.startsWith('$@') ? rows.get(ref.slice(2)) : undefined;
  if (resultRow?.startsWith('E')) answer.rejected = (JSON.parse(resultRow.slice(1)) as { digest?: string }).digest ?? 'error';
  else if (resultRow) answer.state = JSON.parse(resultRow) as ActionStateAnswer;
  return answer;
}

