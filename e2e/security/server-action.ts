// Calls a server action directly, the way an attacker would: no page, no button, just a POST with
// the action's id (from the build's server-reference manifest) and arguments encoded by React's own
// reply encoder. Anything a browser form can send, this can send; so every action must check who
// is calling on the server, and the authorization matrix proves it does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { REPO_ROOT } from '../support';

interface ManifestEntry {
  workers: Record<string, unknown>;
  filename: string;
  exportedName: string;
}

let manifest: Map<string, { id: string; pages: string[] }> | undefined;

/** `features/curation/actions.ts#publishAction` → action id and the pages that register it. */
export function serverActions(): Map<string, { id: string; pages: string[] }> {
  if (manifest) return manifest;
  const file = path.join(REPO_ROOT, 'apps/web/.next/server/server-reference-manifest.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { node: Record<string, ManifestEntry> };
  manifest = new Map();
  for (const [id, entry] of Object.entries(raw.node)) {
    manifest.set(`${entry.filename}#${entry.exportedName}`, {
      id,
      pages: Object.keys(entry.workers),
    });
  }
  return manifest;
}

// React's reply encoder, as Next's client uses it (vendored in next/dist/compiled).
const requireFromWeb = createRequire(path.join(REPO_ROOT, 'apps/web/package.json'));
const { encodeReply } = requireFromWeb(
  'next/dist/compiled/react-server-dom-webpack/client.node.js',
) as { encodeReply: (args: unknown[]) => Promise<string | FormData> };

export interface ActionOutcome {
  status: number;
  /** Where a redirect (e.g. to /sign-in) pointed, if the action redirected. */
  redirect: string | null;
  /** The `code` of an `{ ok: false, code | error.code }` result, if any. */
  code: string | null;
  /** `ok` of the action's result, when it returned one. */
  ok: boolean | null;
  body: string;
}

/**
 * POSTs `args` to the action `key` (`<file under src>#<export>`) on `pagePath`, with the
 * context's cookies and our own Origin (Next refuses cross-origin action calls by itself;
 * `options.origin` sends another one, to prove it).
 */
export async function callServerAction(
  request: APIRequestContext,
  baseURL: string,
  key: string,
  pagePath: string,
  args: unknown[],
  options: { origin?: string } = {},
): Promise<ActionOutcome> {
  const action = serverActions().get(key);
  if (!action) throw new Error(`no server action ${key} in the build's manifest`);
  const encoded = await encodeReply(args);
  const headers: Record<string, string> = {
    'Next-Action': action.id,
    Origin: options.origin ?? new URL(baseURL).origin,
    Accept: 'text/x-component',
  };
  let response;
  if (typeof encoded === 'string') {
    response = await request.post(pagePath, {
      headers: { ...headers, 'Content-Type': 'text/plain;charset=UTF-8' },
      data: encoded,
      maxRedirects: 0,
    });
  } else {
    // Passed as the FormData itself, in its order: Next decodes the reply as it streams in, so
    // the root field "0" must come after the fields it refers to (a plain object would put the
    // integer-like key "0" first, and a FormData argument would arrive empty).
    const multipart = encoded;
    response = await request.post(pagePath, { headers, multipart, maxRedirects: 0 });
  }
  const body = await response.text();
  const redirect =
    response.headers()['x-action-redirect'] ?? response.headers()['location'] ?? null;
  // The result is the last RSC row that is a JSON object; find its ok/code fields.
  const okMatch = /"ok":(true|false)/.exec(body);
  const codeMatch = /"code":"([A-Z_]+)"/.exec(body);
  return {
    status: response.status(),
    redirect,
    code: codeMatch?.[1] ?? null,
    ok: okMatch ? okMatch[1] === 'true' : null,
    body,
  };
}

/** Turns a page key of the manifest (`app/curate/[slug]/page`) into a path for `params`. */
export function pagePathFor(page: string, params: Record<string, string>): string {
  const route = page.replace(/^app/, '').replace(/\/page$/, '') || '/';
  return route.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for [${name}] in ${page}`);
    return encodeURIComponent(value);
  });
}
