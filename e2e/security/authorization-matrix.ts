// The authorization matrix: every route handler, page and server action of the web app × every
// kind of caller, with what must happen. ONE table; the spec (e2e/authorization-matrix.spec.ts)
// checks that it names every route, page and action in the source (and nothing that no longer
// exists) and runs every cell against the real platform.
//
// "allow" = the caller gets past authorization: a 2xx/3xx, or a refusal of the request's content
// (400, 409, 413, 422) — calls for allowed callers use harmless payloads on purpose.
// "deny" = 401/403/404, a redirect to sign-in, or an action result with code UNAUTHORIZED,
// FORBIDDEN or NOT_FOUND. Denied calls always carry a well-formed payload, so a refusal cannot
// come from validation that runs before the permission check.
import type { APIRequestContext } from '@playwright/test';
import { callServerAction, pagePathFor, serverActions } from './server-action';
import { ROLES, type Actor, type Role, type World } from './world';

export type Expectation = 'allow' | 'deny';

export interface Outcome {
  status: number;
  location: string | null;
  /** For server actions: the result's error code, if any. */
  code?: string | null;
  body?: string;
}

export type Surface =
  | { kind: 'route'; file: string; method: string }
  | { kind: 'page'; file: string }
  | { kind: 'action'; file: string; exportName: string };

export interface MatrixRow {
  surface: Surface;
  /** What this row exercises, when a surface has several rows (e.g. a draft benchmark). */
  variant: string;
  expect: Record<Role, Expectation>;
  call: (world: World, actor: Actor) => Promise<Outcome>;
  /** Overrides the default reading of an outcome (see the header comment). */
  classify?: (outcome: Outcome) => Expectation | 'error';
}

// ───────────────────────── expectations ─────────────────────────

const expectFor = (allowed: readonly Role[]): Record<Role, Expectation> =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'allow' : 'deny'])) as Record<
    Role,
    Expectation
  >;
const EVERYONE = expectFor(ROLES);
const NOBODY = expectFor([]);
const SIGNED_IN = expectFor(ROLES.filter((r) => r !== 'anonymous'));
const CURATORS = expectFor(['curatorOfThis', 'admin']);
const ADMIN = expectFor(['admin']);
const OWNER = expectFor(['participant', 'admin']);

// ───────────────────────── calls ─────────────────────────

const auth = (actor: Actor): Record<string, string> =>
  actor.token ? { Authorization: `Bearer ${actor.token}` } : {};

async function outcomeOf(response: Awaited<ReturnType<APIRequestContext['get']>>) {
  return {
    status: response.status(),
    location: response.headers()['location'] ?? null,
    body: (await response.text()).slice(0, 2000),
  };
}

type PathOf = (w: World) => string;

/** A REST call with the actor's API token (the anonymous visitor sends none). */
function rest(
  method: 'GET' | 'POST' | 'DELETE',
  path: PathOf,
  body?: (w: World, a: Actor) => { data?: unknown; multipart?: Record<string, unknown> },
) {
  return async (w: World, a: Actor): Promise<Outcome> => {
    const options = {
      headers: auth(a),
      maxRedirects: 0,
      ...(body?.(w, a) ?? {}),
    } as Parameters<APIRequestContext['post']>[1];
    const response =
      method === 'GET'
        ? await a.session.get(path(w), options)
        : method === 'DELETE'
          ? await a.session.delete(path(w), options)
          : await a.session.post(path(w), options);
    return outcomeOf(response);
  };
}

/** A page as a browser asks for it, with the actor's session cookie. */
function page(path: PathOf) {
  return async (w: World, a: Actor): Promise<Outcome> =>
    outcomeOf(await a.session.get(path(w), { maxRedirects: 0 }));
}

const ACTIONS_FILE = {
  accounts: 'features/accounts/actions.ts',
  curation: 'features/curation/actions.ts',
  participation: 'features/participation/actions.ts',
} as const;

/** A server action called directly (no page, no form), with the actor's session cookie. */
function action(file: string, exportName: string, args: (w: World, a: Actor) => unknown[]) {
  return async (w: World, a: Actor): Promise<Outcome> => {
    const key = `${file}#${exportName}`;
    const registered = serverActions().get(key);
    if (!registered) throw new Error(`server action ${key} is not in the build`);
    const pagePath = pagePathFor(registered.pages[0]!, {
      slug: w.slug,
      step: 'details',
      id: w.submissionId,
    });
    const result = await callServerAction(a.session, w.baseURL, key, pagePath, args(w, a));
    return {
      status: result.status,
      location: result.redirect,
      code: result.code,
      body: result.body.slice(0, 2000),
    };
  };
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

const csvFile = (content: string) => ({
  name: 'upload.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(content),
});

// ───────────────────────── reading outcomes ─────────────────────────

const DENIED_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND']);

export function classifyOutcome(row: MatrixRow, outcome: Outcome): Expectation | 'error' {
  if (row.classify) return row.classify(outcome);
  if (row.surface.kind === 'action') {
    if (outcome.status >= 500) return 'error';
    const toSignIn = outcome.location !== null && /\/sign-in(\?|$)/.test(outcome.location);
    if (toSignIn || outcome.status === 404) return 'deny';
    if (outcome.code && DENIED_CODES.has(outcome.code)) return 'deny';
    return 'allow';
  }
  return classifyDefault(outcome);
}

function classifyDefault(outcome: Outcome): Expectation | 'error' {
  if (outcome.status >= 500) return 'error';
  const toSignIn = outcome.location !== null && /\/sign-in(\?|$)/.test(outcome.location);
  if ([401, 403, 404].includes(outcome.status) || toSignIn) return 'deny';
  if (outcome.status < 400 || [400, 409, 413, 422].includes(outcome.status)) return 'allow';
  return 'error';
}

/** The private submission page sends everyone but its team to the public entry page. */
const privateViewOnly = (outcome: Outcome): Expectation | 'error' => {
  if (outcome.status >= 500) return 'error';
  if (outcome.location?.includes('/entries/')) return 'deny';
  if ([401, 403, 404].includes(outcome.status) || outcome.location?.includes('/sign-in'))
    return 'deny';
  return outcome.status === 200 ? 'allow' : 'error';
};

/** Public endpoints (auth, health): any answer below 500 is "allowed". */
const publicEndpoint = (outcome: Outcome): Expectation | 'error' =>
  outcome.status >= 500 ? 'error' : 'allow';

// ───────────────────────── the matrix ─────────────────────────

const R = (file: string, method: string): Surface => ({
  kind: 'route',
  file: `app/${file}/route.ts`,
  method,
});
const P = (file: string): Surface => ({
  kind: 'page',
  file: file ? `app/${file}/page.tsx` : 'app/page.tsx',
});
const A = (file: string, exportName: string): Surface => ({ kind: 'action', file, exportName });

/** The queue dashboard's catch-all route (page, assets and API of bull-board). */
const DASHBOARD = (method: string) => R('admin/queues/[[...path]]', method);

/**
 * A state change on the queue dashboard with the actor's session cookie only (no token: the
 * CSRF check is about cookies), from our own origin or another one.
 */
function dashboardWrite(
  method: 'PUT' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  origin: 'same' | 'cross',
) {
  return async (w: World, a: Actor): Promise<Outcome> =>
    outcomeOf(
      await a.session.fetch(path, {
        method,
        headers: { Origin: origin === 'same' ? new URL(w.baseURL).origin : 'https://evil.example' },
        data: method === 'POST' ? { name: 'probe', data: {} } : undefined,
        maxRedirects: 0,
      }),
    );
}

const slug = (w: World) => w.slug;
const draft = (w: World) => w.draftSlug;
const board = (s: PathOf) => (w: World) => `/api/v1/benchmarks/${s(w)}`;

export const MATRIX: MatrixRow[] = [
  // ── public infrastructure ──
  {
    surface: R('api/health', 'GET'),
    variant: 'health',
    expect: EVERYONE,
    call: rest('GET', () => '/api/health'),
  },
  {
    surface: R('api/auth/[...all]', 'GET'),
    variant: 'session lookup',
    expect: EVERYONE,
    call: async (_w, a) => outcomeOf(await a.session.get('/api/auth/get-session')),
    classify: publicEndpoint,
  },
  {
    surface: R('api/auth/[...all]', 'POST'),
    variant: 'update-user cannot raise the site role',
    expect: EVERYONE,
    call: async (w, a) => {
      const response = await a.session.post('/api/auth/update-user', {
        headers: { Origin: new URL(w.baseURL).origin },
        data: { role: 'admin', name: 'Escalator' },
      });
      const session = await a.session.get('/api/auth/get-session');
      const user = ((await session.json().catch(() => null)) as { user?: { role?: string } } | null)
        ?.user;
      // The call itself may succeed (a name change is allowed); the role must not change.
      const escalated = a.role !== 'admin' && user?.role === 'admin';
      return {
        status: escalated ? 500 : response.status(),
        location: null,
        body: await response.text(),
      };
    },
    classify: publicEndpoint,
  },
  {
    surface: R('api/v1/openapi.json', 'GET'),
    variant: 'document',
    expect: EVERYONE,
    call: rest('GET', () => '/api/v1/openapi.json'),
  },
  {
    surface: R('api/v1/benchmarks', 'GET'),
    variant: 'catalog',
    expect: EVERYONE,
    call: rest('GET', () => '/api/v1/benchmarks'),
  },

  // ── benchmark reads: published for everyone, drafts for their curators and admins ──
  ...(
    [
      ['api/v1/benchmarks/[slug]', (s: PathOf) => board(s)],
      ['api/v1/benchmarks/[slug]/board', (s: PathOf) => (w: World) => `${board(s)(w)}/board`],
      ['api/v1/benchmarks/[slug]/history', (s: PathOf) => (w: World) => `${board(s)(w)}/history`],
      [
        'api/v1/benchmarks/[slug]/badge',
        (s: PathOf) => (w: World) => `${board(s)(w)}/badge?entry=${w.submissionId}`,
      ],
    ] as const
  ).flatMap(([file, path]): MatrixRow[] => [
    {
      surface: R(file, 'GET'),
      variant: 'published',
      expect: EVERYONE,
      call: rest('GET', path(slug)),
    },
    {
      surface: R(file, 'GET'),
      variant: 'draft',
      expect: CURATORS,
      call: rest('GET', path(draft)),
      // The participant's entry is not on the draft's board: its curators get as far as "entry …
      // is not on this board", everyone else hears the board does not exist.
      classify: (o) =>
        o.status === 404 && /entry .* is not on this board/.test(o.body ?? '')
          ? 'allow'
          : classifyDefault(o),
    },
  ]),
  {
    surface: R('api/v1/benchmarks/[slug]/inputs', 'GET'),
    variant: 'public inputs of a published test set',
    expect: EVERYONE,
    call: rest('GET', (w) => `${board(slug)(w)}/inputs?track=main&testSet=public`),
  },
  {
    // Hidden inputs (for model runs) are served to nobody, curators and admins included: the web
    // never streams them, and answers as for a test set without inputs.
    surface: R('api/v1/benchmarks/[slug]/inputs', 'GET'),
    variant: 'hidden inputs (refused to everyone)',
    expect: NOBODY,
    call: rest('GET', (w) => `${board(slug)(w)}/inputs?track=main&testSet=holdout`),
  },
  {
    surface: R('api/v1/benchmarks/[slug]/inputs', 'GET'),
    variant: 'draft',
    expect: NOBODY,
    call: rest('GET', (w) => `${board(draft)(w)}/inputs?track=main&testSet=public`),
  },
  {
    surface: R('api/v1/benchmarks/[slug]/template', 'GET'),
    variant: 'published',
    expect: EVERYONE,
    call: rest('GET', (w) => `${board(slug)(w)}/template`),
  },
  {
    // Drafts take no submissions, so they offer no template either.
    surface: R('api/v1/benchmarks/[slug]/template', 'GET'),
    variant: 'draft',
    expect: NOBODY,
    call: rest('GET', (w) => `${board(draft)(w)}/template`),
  },
  {
    surface: R('api/v1/benchmarks/[slug]/subset', 'GET'),
    variant: 'published (signed-in accounts only, issue 9)',
    expect: SIGNED_IN,
    call: rest('GET', (w) => `${board(slug)(w)}/subset?track=main&testSet=public&cat=site:A`),
  },
  {
    surface: R('api/v1/benchmarks/[slug]/subset', 'GET'),
    variant: 'draft',
    expect: CURATORS,
    call: rest('GET', (w) => `${board(draft)(w)}/subset?track=main&testSet=test&cat=site:A`),
  },
  {
    surface: R('api/v1/benchmarks/[slug]/compare', 'GET'),
    variant: 'published (signed-in accounts only, issue 9)',
    expect: SIGNED_IN,
    call: rest(
      'GET',
      (w) =>
        `${board(slug)(w)}/compare?track=main&testSet=public&a=${w.submissionId}&b=${w.otherSubmissionId}`,
    ),
  },
  {
    // A draft has no entries: its curators get as far as "no such entry"; everyone else is told
    // the board does not exist (both 404, so the message tells them apart).
    surface: R('api/v1/benchmarks/[slug]/compare', 'GET'),
    variant: 'draft',
    expect: CURATORS,
    call: rest('GET', (w) => `${board(draft)(w)}/compare?track=main&testSet=test&a=x&b=y`),
    classify: (o) =>
      o.status >= 500
        ? 'error'
        : o.status === 404 && /not a (visible )?verified entry/.test(o.body ?? '')
          ? 'allow'
          : classifyDefault(o),
  },

  // ── submissions ──
  {
    surface: R('api/v1/benchmarks/[slug]/submissions', 'POST'),
    variant: 'own team (no file: refused after authorization)',
    expect: SIGNED_IN,
    call: rest(
      'POST',
      (w) => `${board(slug)(w)}/submissions`,
      () => ({
        multipart: { methodName: 'Matrix probe' },
      }),
    ),
  },
  {
    surface: R('api/v1/benchmarks/[slug]/submissions', 'POST'),
    variant: "on behalf of the participant's team",
    expect: expectFor(['participant']),
    call: rest(
      'POST',
      (w) => `${board(slug)(w)}/submissions`,
      (w) => ({
        multipart: {
          methodName: 'Matrix team probe',
          team: w.participantTeam,
          file: csvFile('case_id,answer\nq0,A\n'),
        },
      }),
    ),
  },
  {
    surface: R('api/v1/benchmarks/[slug]/submissions', 'POST'),
    variant: 'draft',
    expect: NOBODY,
    call: rest(
      'POST',
      (w) => `${board(draft)(w)}/submissions`,
      () => ({
        multipart: { methodName: 'Matrix draft probe', file: csvFile('case_id,answer\nq0,A\n') },
      }),
    ),
  },
  {
    surface: R('api/v1/submissions/[id]', 'GET'),
    variant: "the participant's submission",
    expect: OWNER,
    call: rest('GET', (w) => `/api/v1/submissions/${w.submissionId}`),
  },

  // ── curation API: the benchmark's curators and site admins ──
  {
    surface: R('api/v1/curation/benchmarks/[slug]/export', 'GET'),
    variant: 'published',
    expect: CURATORS,
    call: rest('GET', (w) => `/api/v1/curation/benchmarks/${w.slug}/export`),
  },
  {
    surface: R('api/v1/curation/benchmarks/[slug]/export', 'GET'),
    variant: 'draft',
    expect: CURATORS,
    call: rest('GET', (w) => `/api/v1/curation/benchmarks/${w.draftSlug}/export`),
  },
  ...(['slug', 'draftSlug'] as const).map((which): MatrixRow => ({
    surface: R('api/v1/curation/benchmarks/[slug]/entries/[submissionId]/cases', 'GET'),
    variant: `${which === 'slug' ? 'published' : 'draft'}, no test set: refused after authorization`,
    expect: CURATORS,
    call: rest(
      'GET',
      (w) => `/api/v1/curation/benchmarks/${w[which]}/entries/${w.submissionId}/cases`,
    ),
  })),
  {
    surface: R('api/v1/curation/benchmarks/[slug]/ground-truth', 'POST'),
    variant: 'no file: refused after authorization',
    expect: CURATORS,
    call: rest(
      'POST',
      (w) => `/api/v1/curation/benchmarks/${w.slug}/ground-truth`,
      () => ({
        multipart: { track: 'main', testSet: 'public' },
      }),
    ),
  },
  {
    surface: R('api/v1/curation/benchmarks/[slug]/inputs', 'POST'),
    variant: 'no file: refused after authorization',
    expect: CURATORS,
    call: rest(
      'POST',
      (w) => `/api/v1/curation/benchmarks/${w.slug}/inputs`,
      () => ({
        multipart: { track: 'main', testSet: 'public' },
      }),
    ),
  },
  {
    surface: R('api/v1/curation/benchmarks/[slug]/case-metadata', 'POST'),
    variant: 'no file: refused after authorization',
    expect: CURATORS,
    call: rest(
      'POST',
      (w) => `/api/v1/curation/benchmarks/${w.slug}/case-metadata`,
      () => ({
        multipart: { track: 'main', testSet: 'public' },
      }),
    ),
  },
  {
    surface: R('api/v1/curation/benchmarks/[slug]/reported', 'POST'),
    variant: 'no file: refused after authorization',
    expect: CURATORS,
    call: rest(
      'POST',
      (w) => `/api/v1/curation/benchmarks/${w.slug}/reported`,
      () => ({
        multipart: { note: 'matrix' },
      }),
    ),
  },
  {
    surface: R('api/v1/curation/benchmarks/[slug]/rescore', 'GET'),
    variant: 'status',
    expect: CURATORS,
    call: rest(
      'GET',
      (w) => `/api/v1/curation/benchmarks/${w.slug}/rescore?track=main&testSet=public`,
    ),
  },
  {
    surface: R('api/v1/curation/benchmarks/[slug]/rescore', 'POST'),
    variant: 'request',
    expect: CURATORS,
    call: rest(
      'POST',
      (w) => `/api/v1/curation/benchmarks/${w.slug}/rescore`,
      () => ({
        data: { track: 'main', testSet: 'public' },
      }),
    ),
  },
  {
    surface: R('api/v1/curation/ground-truth-uploads/[id]', 'GET'),
    variant: "the curator's upload",
    expect: CURATORS,
    call: rest('GET', (w) => `/api/v1/curation/ground-truth-uploads/${w.uploadId}`),
  },
  {
    // READY → APPLYING for the first curator; again (202/200) or 409 for the rest.
    surface: R('api/v1/curation/ground-truth-uploads/[id]/confirm', 'POST'),
    variant: "the curator's upload",
    expect: CURATORS,
    call: rest('POST', (w) => `/api/v1/curation/ground-truth-uploads/${w.uploadId}/confirm`),
  },
  {
    surface: R('api/v1/curation/test-inputs-uploads/[id]', 'GET'),
    variant: "the curator's upload",
    expect: CURATORS,
    call: rest('GET', (w) => `/api/v1/curation/test-inputs-uploads/${w.inputsUploadId}`),
  },
  {
    // Already APPLIED: curators get 200 (nothing changes); everyone else hears it does not exist.
    surface: R('api/v1/curation/test-inputs-uploads/[id]/confirm', 'POST'),
    variant: "the curator's upload",
    expect: CURATORS,
    call: rest('POST', (w) => `/api/v1/curation/test-inputs-uploads/${w.inputsUploadId}/confirm`),
  },
  {
    // Only drafts can be deleted: the benchmark's curators get 409, everyone else 401/403. A
    // draft is not probed here, since an allowed caller would delete it for the other rows.
    surface: R('api/v1/curation/benchmarks/[slug]', 'DELETE'),
    variant: 'a published benchmark (refused on content after authorization)',
    expect: CURATORS,
    call: rest('DELETE', (w) => `/api/v1/curation/benchmarks/${w.slug}`),
  },

  // ── participation (phases that need a curator's approval) ──
  {
    // Nobody needs to ask here (the phase takes everyone): 409 after authorization.
    surface: R('api/v1/benchmarks/[slug]/participation', 'POST'),
    variant: 'ask to take part',
    expect: SIGNED_IN,
    call: rest(
      'POST',
      (w) => `${board(slug)(w)}/participation`,
      () => ({
        data: { message: 'Matrix probe' },
      }),
    ),
  },
  {
    surface: R('api/v1/benchmarks/[slug]/participation', 'GET'),
    variant: 'own request',
    expect: SIGNED_IN,
    call: rest('GET', (w) => `${board(slug)(w)}/participation`),
  },
  {
    surface: R('api/v1/benchmarks/[slug]/participation', 'GET'),
    variant: 'draft',
    expect: NOBODY,
    call: rest('GET', (w) => `${board(draft)(w)}/participation`),
  },
  {
    surface: R('api/v1/curation/benchmarks/[slug]/participants', 'GET'),
    variant: 'requests',
    expect: CURATORS,
    call: rest('GET', (w) => `/api/v1/curation/benchmarks/${w.slug}/participants`),
  },
  {
    surface: R('api/v1/curation/benchmarks/[slug]/participants/[userId]', 'POST'),
    variant: "approve the participant's pending request",
    expect: CURATORS,
    call: rest(
      'POST',
      (w) => `/api/v1/curation/benchmarks/${w.slug}/participants/${w.participantUserId}`,
      (w) => ({ data: { status: 'APPROVED', note: 'Matrix', phaseId: w.participationPhaseId } }),
    ),
  },

  // ── pages ──
  ...(['', 'sign-in', 'sign-up', 'docs/api', 'docs/hidden-data'] as const).map(
    (file): MatrixRow => ({
      surface: P(file),
      variant: 'public page',
      expect: EVERYONE,
      call: page(() => `/${file}`),
    }),
  ),
  {
    surface: P('account'),
    variant: 'own account',
    expect: SIGNED_IN,
    call: page(() => '/account'),
  },
  {
    surface: P('admin'),
    variant: 'site administration',
    expect: ADMIN,
    call: page(() => '/admin'),
  },

  // ── the queue dashboard (bull-board): site admins only, 404 for everyone else ──
  {
    surface: DASHBOARD('GET'),
    variant: 'dashboard page',
    expect: ADMIN,
    call: page(() => '/admin/queues'),
  },
  {
    surface: DASHBOARD('GET'),
    variant: 'dashboard API with the session cookie',
    expect: ADMIN,
    call: page(() => '/admin/queues/api/queues?activeQueue=scoring&status=failed'),
  },
  {
    surface: DASHBOARD('GET'),
    variant: 'dashboard API with an API token',
    expect: ADMIN,
    call: rest('GET', () => '/admin/queues/api/redis/stats'),
  },
  {
    surface: DASHBOARD('PUT'),
    variant: 'promote delayed rank-statistics jobs (harmless), from our origin',
    expect: ADMIN,
    call: dashboardWrite('PUT', '/admin/queues/api/queues/rank-stats/promote', 'same'),
  },
  {
    surface: DASHBOARD('PUT'),
    variant: 'pause every queue from another origin',
    expect: NOBODY,
    call: dashboardWrite('PUT', '/admin/queues/api/queues/pause', 'cross'),
  },
  {
    surface: DASHBOARD('PUT'),
    variant: 'empty a queue (not offered), from our origin',
    expect: NOBODY,
    call: dashboardWrite('PUT', '/admin/queues/api/queues/board-queries/empty', 'same'),
  },
  {
    surface: DASHBOARD('POST'),
    variant: 'add a job (not offered), from our origin',
    expect: NOBODY,
    call: dashboardWrite('POST', '/admin/queues/api/queues/board-queries/add', 'same'),
  },
  {
    surface: DASHBOARD('POST'),
    variant: 'add a job from another origin',
    expect: NOBODY,
    call: dashboardWrite('POST', '/admin/queues/api/queues/board-queries/add', 'cross'),
  },
  {
    surface: DASHBOARD('PATCH'),
    variant: "edit a job's data (not offered), from our origin",
    expect: NOBODY,
    call: dashboardWrite(
      'PATCH',
      '/admin/queues/api/queues/scoring/no-such-job/update-data',
      'same',
    ),
  },
  {
    surface: DASHBOARD('DELETE'),
    variant: 'no such action, from our origin',
    expect: NOBODY,
    call: dashboardWrite('DELETE', '/admin/queues/api/queues/scoring', 'same'),
  },
  {
    surface: P('benchmarks/[slug]'),
    variant: 'published',
    expect: EVERYONE,
    call: page((w) => `/benchmarks/${w.slug}`),
  },
  {
    surface: P('benchmarks/[slug]'),
    variant: 'draft',
    expect: CURATORS,
    call: page((w) => `/benchmarks/${w.draftSlug}`),
  },
  {
    surface: P('benchmarks/[slug]/compare'),
    variant: 'published (public scores; the paired analysis needs an account)',
    expect: EVERYONE,
    call: page(
      (w) =>
        `/benchmarks/${w.slug}/compare?track=main&testSet=public&a=${w.submissionId}&b=${w.otherSubmissionId}`,
    ),
  },
  {
    surface: P('benchmarks/[slug]/compare'),
    variant: 'draft',
    expect: CURATORS,
    call: page((w) => `/benchmarks/${w.draftSlug}/compare`),
  },
  {
    surface: P('entries/[id]'),
    variant: 'a scored, published entry',
    expect: EVERYONE,
    call: page((w) => `/entries/${w.submissionId}`),
  },
  {
    surface: P('models/[slug]'),
    variant: 'a model with a verified entry',
    expect: EVERYONE,
    call: page((w) => `/models/${w.modelSlug}`),
  },
  {
    surface: P('submissions/[id]'),
    variant: 'the private status page (others are sent to the public entry)',
    expect: OWNER,
    call: page((w) => `/submissions/${w.submissionId}`),
    classify: privateViewOnly,
  },
  {
    surface: P('curate'),
    variant: 'own curation list',
    expect: SIGNED_IN,
    call: page(() => '/curate'),
  },
  // Anyone signed in sees these forms (they say who may create); the actions refuse non-curators.
  { surface: P('curate/new'), variant: 'form', expect: SIGNED_IN, call: page(() => '/curate/new') },
  {
    surface: P('curate/import'),
    variant: 'form',
    expect: SIGNED_IN,
    call: page(() => '/curate/import'),
  },
  ...(
    [
      ['curate/[slug]', ''],
      ['curate/[slug]/[step]', '/metrics'],
      ['curate/[slug]/audit', '/audit'],
      ['curate/[slug]/moderation', '/moderation'],
      ['curate/[slug]/results', '/results'],
      ['curate/[slug]/reported', '/reported'],
      ['curate/[slug]/participants', '/participants'],
    ] as const
  ).flatMap(([file, suffix]): MatrixRow[] => [
    {
      surface: P(file),
      variant: 'published',
      expect: CURATORS,
      call: page((w) => `/curate/${w.slug}${suffix}`),
    },
    {
      surface: P(file),
      variant: 'draft',
      expect: CURATORS,
      call: page((w) => `/curate/${w.draftSlug}${suffix}`),
    },
  ]),

  // ── server actions, called directly ──
  {
    surface: A(ACTIONS_FILE.accounts, 'createApiToken'),
    variant: 'own token',
    expect: SIGNED_IN,
    call: action(ACTIONS_FILE.accounts, 'createApiToken', () => [null, form({ name: 'matrix' })]),
  },
  {
    // The phase takes everyone, so asking is refused on content (409) after authorization.
    surface: A(ACTIONS_FILE.participation, 'requestParticipationAction'),
    variant: 'ask to take part',
    expect: SIGNED_IN,
    call: action(ACTIONS_FILE.participation, 'requestParticipationAction', (w) => [
      w.slug,
      null,
      form({ message: 'Matrix probe' }),
    ]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'decideParticipationAction'),
    variant: "approve the participant's pending request",
    expect: CURATORS,
    call: action(ACTIONS_FILE.curation, 'decideParticipationAction', (w) => [
      w.slug,
      { userId: w.participantUserId, phaseId: w.participationPhaseId },
      null,
      form({ status: 'APPROVED', note: 'Matrix' }),
    ]),
  },
  {
    surface: A(ACTIONS_FILE.accounts, 'revokeApiToken'),
    variant: "the participant's spare token",
    expect: expectFor(['participant']),
    call: action(ACTIONS_FILE.accounts, 'revokeApiToken', (w) => [w.participantSpareTokenId]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'saveStepAction'),
    variant: 'edit a published benchmark (empty form: refused after authorization)',
    expect: CURATORS,
    call: action(ACTIONS_FILE.curation, 'saveStepAction', (w) => [
      w.slug,
      'details',
      null,
      form({}),
    ]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'saveStepAction'),
    variant: 'edit a draft',
    expect: CURATORS,
    call: action(ACTIONS_FILE.curation, 'saveStepAction', (w) => [
      w.draftSlug,
      'details',
      null,
      form({}),
    ]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'saveStepAction'),
    variant: 'create a benchmark (site curators and admins)',
    expect: ADMIN,
    call: action(ACTIONS_FILE.curation, 'saveStepAction', (_w, a) => [
      null,
      'details',
      null,
      form({
        slug: `matrix-new-${a.role.toLowerCase()}-${Date.now().toString(36)}`,
        title: 'Matrix probe',
        summary: 'Created by the authorization matrix.',
        taskType: 'classification',
        taskConfig: '{"classes": ["negative", "positive"]}',
      }),
    ]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'importYamlAction'),
    variant: 'create from YAML (site curators and admins)',
    expect: ADMIN,
    call: action(ACTIONS_FILE.curation, 'importYamlAction', (_w, a) => [
      null,
      form({ yaml: matrixYaml(`matrix-yaml-${a.role.toLowerCase()}-${Date.now().toString(36)}`) }),
    ]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'confirmGroundTruthAction'),
    variant: "the curator's upload",
    expect: CURATORS,
    call: action(ACTIONS_FILE.curation, 'confirmGroundTruthAction', (w) => [w.slug, w.uploadId]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'requestRescoreAction'),
    variant: 'published test set',
    expect: CURATORS,
    call: action(ACTIONS_FILE.curation, 'requestRescoreAction', (w) => [w.slug, 'main', 'public']),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'deleteDraftBenchmarkAction'),
    variant: 'a published benchmark (refused on content after authorization)',
    expect: CURATORS,
    call: action(ACTIONS_FILE.curation, 'deleteDraftBenchmarkAction', (w) => [w.slug, w.slug]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'publishAction'),
    variant: 'an incomplete draft (refused on content after authorization)',
    expect: CURATORS,
    call: action(ACTIONS_FILE.curation, 'publishAction', (w) => [w.draftSlug]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'moderateAction'),
    variant: "restore the participant's visible entry (a no-op)",
    expect: CURATORS,
    call: action(ACTIONS_FILE.curation, 'moderateAction', (w) => [
      w.slug,
      null,
      form({ kind: 'verified', entryId: w.submissionId, action: 'restore' }),
    ]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'setSiteRoleAction'),
    variant: "confirm another team's member as a plain user (a no-op)",
    expect: ADMIN,
    call: action(ACTIONS_FILE.curation, 'setSiteRoleAction', (w) => [
      null,
      form({ email: w.actors.otherTeam.email!, role: 'user' }),
    ]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'grantCuratorAction'),
    variant: 'grant the other curator their own benchmark again (a no-op)',
    expect: ADMIN,
    call: action(ACTIONS_FILE.curation, 'grantCuratorAction', (w) => [
      null,
      form({ slug: w.otherSlug, email: w.actors.curatorOfOther.email! }),
    ]),
  },
  {
    surface: A(ACTIONS_FILE.curation, 'revokeCuratorAction'),
    variant: 'revoke a curator grant made for this test',
    expect: ADMIN,
    call: action(ACTIONS_FILE.curation, 'revokeCuratorAction', (w) => [
      w.otherSlug,
      w.revocableCuratorEmail,
    ]),
  },
];

function matrixYaml(newSlug: string): string {
  return [
    `slug: ${newSlug}`,
    'title: Matrix YAML probe',
    'summary: Created by the authorization matrix.',
    'tracks:',
    '  - slug: main',
    '    name: Main',
    '    taskType: classification',
    '    taskConfig: { classes: [negative, positive] }',
    '    metrics: [roc_auc]',
    '    primaryMetric: roc_auc',
    '    testSets:',
    '      - slug: test',
    '        name: Test',
    '',
  ].join('\n');
}

/** A stable, readable name of a surface for test titles and coverage lists. */
export function surfaceKey(surface: Surface): string {
  switch (surface.kind) {
    case 'route':
      return `${surface.method} ${surface.file}`;
    case 'page':
      return `PAGE ${surface.file}`;
    case 'action':
      return `ACTION ${surface.file}#${surface.exportName}`;
  }
}
