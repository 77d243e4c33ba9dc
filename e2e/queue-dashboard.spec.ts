// The queue dashboard (bull-board at /admin/queues) on the production server: a site admin sees
// the platform's queues under the site's own nonce-based CSP (0 violations); a participant and an
// anonymous visitor get a 404 for the page, its API and its assets; a cross-origin state change
// is refused even with an admin's cookie; actions that could forge or drop work are refused.
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import {
  CLI_PASSWORD,
  createAccountWithToken,
  noisyPredictionsCsv,
  signInThroughForm,
} from './support';

const ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
const EVIL = 'https://evil.example';
const QUEUES = ['scoring', 'curation', 'rank-stats', 'board-queries'];
const API = '/admin/queues/api/queues';

interface QueueView {
  name: string;
  isPaused: boolean;
  counts: Record<string, number>;
  jobs: { id: string; name: string; data: unknown; returnValue: unknown }[];
}

/** A request context signed in as `email` through better-auth (the session cookie). */
async function signedIn(baseURL: string, email: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL });
  const response = await context.post('/api/auth/sign-in/email', {
    headers: { Origin: ORIGIN },
    data: { email, password: CLI_PASSWORD },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return context;
}

/** Collects CSP violations and CSP console errors of a page (as e2e/security.spec.ts does). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
      violations.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return violations;
}

test.describe('queue dashboard', () => {
  test.describe.configure({ mode: 'serial', timeout: 120_000 });
  let admin: { email: string; token: string };
  let participant: { email: string; token: string };
  let submissionId: string;

  test.beforeAll(async ({ baseURL }) => {
    admin = await createAccountWithToken('dashboard-admin', { admin: true });
    participant = await createAccountWithToken('dashboard-participant');
    // One scored submission, so the scoring queue has a completed job to show.
    const api = await playwrightRequest.newContext({ baseURL });
    const created = await api.post('/api/v1/benchmarks/breastmnist/submissions', {
      headers: { Authorization: `Bearer ${participant.token}` },
      multipart: {
        methodName: 'Dashboard probe',
        file: { name: 'p.csv', mimeType: 'text/csv', buffer: Buffer.from(noisyPredictionsCsv()) },
      },
    });
    expect(created.status()).toBe(201);
    submissionId = ((await created.json()) as { submission: { id: string } }).submission.id;
    await expect
      .poll(
        async () =>
          (
            (await (
              await api.get(`/api/v1/submissions/${submissionId}`, {
                headers: { Authorization: `Bearer ${participant.token}` },
              })
            ).json()) as { submission: { status: string } }
          ).submission.status,
        { timeout: 60_000 },
      )
      .toBe('SCORED');
    await api.dispose();
  });

  test('a site admin opens the dashboard and sees the scoring queue, with 0 CSP violations', async ({
    page,
  }) => {
    const violations = await watchCsp(page);
    await signInThroughForm(page, admin.email);
    const response = await page.goto('/admin/queues');
    expect(response?.status()).toBe(200);
    // The site's own policy, with this response's nonce on bull-board's scripts.
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
    expect(await response!.text()).toContain(`nonce="${nonce}"`);
    expect(response?.headers()['cache-control']).toContain('no-store');

    for (const name of QUEUES)
      await expect(page.getByRole('link', { name, exact: true }).first()).toBeVisible();
    // The overview's cards: the page's own API answered under the policy.
    await expect(page.getByText(/^\d+ Jobs?$/)).toHaveCount(QUEUES.length);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: 'e2e/.artifacts/queue-dashboard.png', fullPage: true });

    // The scoring queue's completed jobs: the submission's job is there.
    await page.goto('/admin/queues/queue/scoring?status=completed');
    await expect(page.getByText(`score-${submissionId}`).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: 'e2e/.artifacts/queue-dashboard-scoring.png', fullPage: true });
    expect(violations).toEqual([]);

    // Its API, as the page calls it (session cookie): ids (and the file's size, which orders the
    // queue) in, outcome counts out — no hidden label, per-case value or replicate travels
    // through Redis.
    const listed = await page.request.get(
      `${API}?activeQueue=scoring&status=completed&page=1&jobsPerPage=50`,
    );
    expect(listed.status()).toBe(200);
    const { queues } = (await listed.json()) as { queues: QueueView[] };
    expect(queues.map((q) => q.name).sort()).toEqual([...QUEUES].sort());
    const job = queues
      .find((q) => q.name === 'scoring')!
      .jobs.find((j) => j.id === `score-${submissionId}`);
    expect(job?.data).toEqual({ submissionId, fileBytes: expect.any(Number) as unknown });
    expect(job?.returnValue).toEqual({ outcome: 'scored', evaluationsWritten: 1 });
  });

  test('a participant and an anonymous visitor get a 404 for the page, its API and its assets', async ({
    baseURL,
  }) => {
    const anonymous = await playwrightRequest.newContext({ baseURL });
    const participantSession = await signedIn(baseURL!, participant.email);
    const callers: [string, APIRequestContext, Record<string, string>][] = [
      ['anonymous', anonymous, {}],
      ['participant (session)', participantSession, {}],
      ['participant (API token)', anonymous, { Authorization: `Bearer ${participant.token}` }],
    ];
    for (const [who, context, headers] of callers) {
      for (const path of [
        '/admin/queues',
        '/admin/queues/queue/scoring',
        API,
        `${API}/scoring/score-${submissionId}`,
        '/admin/queues/api/redis/stats',
        '/admin/queues/static/images/logo.svg',
      ]) {
        const response = await context.get(path, { headers, maxRedirects: 0 });
        expect(response.status(), `${who} GET ${path}`).toBe(404);
        expect(await response.text(), `${who} GET ${path}`).not.toMatch(/scoring|bull|redis/i);
      }
      // A same-origin state change by a non-admin: the same 404, nothing paused.
      const pause = await context.put(`${API}/scoring/pause`, {
        headers: { ...headers, Origin: ORIGIN },
      });
      expect(pause.status(), `${who} PUT pause`).toBe(404);
    }
    await anonymous.dispose();
    await participantSession.dispose();
  });

  test("cross-origin state changes are refused even with an admin's cookie; forging or dropping work is refused", async ({
    baseURL,
  }) => {
    const session = await signedIn(baseURL!, admin.email);
    const isPaused = async () =>
      ((await (await session.get(API)).json()) as { queues: QueueView[] }).queues.some(
        (q) => q.isPaused,
      );

    // A page on another site posting with the admin's cookie (as if SameSite did not hold),
    // and a request with no Origin at all: refused before bull-board sees them.
    for (const origin of [EVIL, null]) {
      const headers: Record<string, string> = origin ? { Origin: origin } : {};
      const post = await session.post(`${API}/scoring/add`, {
        headers,
        data: { name: 'score-submission', data: { submissionId: 'forged' } },
      });
      expect(post.status(), `POST from ${origin}`).toBe(403);
      expect((await post.json()).error.message).toMatch(/cross-origin/);
      for (const path of [`${API}/pause`, `${API}/scoring/pause`, `${API}/scoring/retry/failed`])
        expect((await session.put(path, { headers })).status(), `PUT ${path} from ${origin}`).toBe(
          403,
        );
      expect((await session.delete(`${API}/scoring/x`, { headers })).status()).toBe(403);
    }
    expect(await isPaused()).toBe(false);

    // Same origin, but actions the dashboard does not offer: the outbox and the worker own jobs.
    const same = { Origin: ORIGIN };
    const add = await session.post(`${API}/scoring/add`, {
      headers: same,
      data: { name: 'score-submission', data: { submissionId: 'forged' } },
    });
    expect(add.status()).toBe(403);
    for (const action of ['empty', 'obliterate', 'clean/wait', 'retry/completed'])
      expect((await session.put(`${API}/scoring/${action}`, { headers: same })).status()).toBe(403);
    // Removing a job that is not finished is refused; the completed one could go (not done here).
    const scoring = (
      (await (
        await session.get(`${API}?activeQueue=scoring&status=completed&page=1&jobsPerPage=50`)
      ).json()) as { queues: QueueView[] }
    ).queues.find((q) => q.name === 'scoring')!;
    expect(scoring.jobs.some((j) => j.id === `score-${submissionId}`)).toBe(true);
    const retryCompleted = await session.put(`${API}/scoring/score-${submissionId}/retry`, {
      headers: same,
    });
    expect(retryCompleted.status()).toBe(403);

    // What an admin may do, from our own origin: retry failed jobs (none here), pause and resume.
    expect(
      (await session.put(`${API}/board-queries/retry/failed`, { headers: same })).status(),
    ).toBe(200);
    expect((await session.put(`${API}/board-queries/pause`, { headers: same })).status()).toBe(200);
    expect(await isPaused()).toBe(true);
    expect((await session.put(`${API}/board-queries/resume`, { headers: same })).status()).toBe(
      200,
    );
    expect(await isPaused()).toBe(false);
    await session.dispose();
  });
});
