// /admin/queues — the queue dashboard (bull-board) for site admins: its page, its static assets
// and its API (/admin/queues/api/…). Everyone else gets the same 404 as the admin page gives
// them, before bull-board sees the request. State changes (PUT, POST, PATCH, DELETE) made with
// the session cookie must come from our own origin (CSRF); which actions exist at all is
// decided by features/queue-dashboard/action-policy.ts. The page runs under the site's own
// nonce-based CSP (dashboard-html.ts).
import { AppError } from '@medrank/core';
import { dashboardHtml, nonceOfPolicy } from '@/features/queue-dashboard/dashboard-html';
import { queueDashboard } from '@/features/queue-dashboard/dashboard';
import { createNonce, htmlContentSecurityPolicy } from '@/security/headers';
import { isDevelopment } from '@/security/env';
import { handle } from '@/server/http';
import { assertSameOriginWrite, getUser } from '@/server/require-user';

export const dynamic = 'force-dynamic';

/** A signed-in site admin (session cookie or API token), or the 404 of a page that does not exist. */
async function requireDashboardAdmin(request: Request): Promise<void> {
  const user = await getUser().catch(() => null);
  if (!user || user.role !== 'admin') throw new AppError('NOT_FOUND', 'not found');
  // Tokens are not sent by browsers on their own; a cookie-authenticated write must be ours.
  if (!request.headers.get('authorization')) assertSameOriginWrite(request);
}

async function serve(request: Request): Promise<Response> {
  await requireDashboardAdmin(request);
  const response = await queueDashboard().fetch(request);
  const headers = new Headers(response.headers);
  if (!headers.has('cache-control')) headers.set('Cache-Control', 'private, no-store');
  if (!(headers.get('content-type') ?? '').startsWith('text/html'))
    return new Response(response.body, { status: response.status, headers });
  // The proxy put a nonce-based policy on the request (and will on the response); without one
  // (a prefetch skips the proxy) the page gets a fresh nonce and the same policy.
  const nonce = nonceOfPolicy(request.headers.get('content-security-policy')) ?? createNonce();
  headers.set(
    'Content-Security-Policy',
    htmlContentSecurityPolicy({ nonce, isDevelopment: isDevelopment() }),
  );
  headers.set('Cache-Control', 'private, no-store');
  headers.delete('content-length');
  return new Response(dashboardHtml(await response.text(), nonce), {
    status: response.status,
    headers,
  });
}

export const GET = handle(serve);
export const POST = handle(serve);
export const PUT = handle(serve);
export const PATCH = handle(serve);
export const DELETE = handle(serve);
