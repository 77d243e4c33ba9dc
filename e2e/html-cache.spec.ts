// The HTML cache of the custom server (apps/web/src/custom-server/html-cache.ts) against the real
// built server: anonymous board and catalog pages are served again with a fresh CSP nonce that
// the browser runs the page with, a curator edit or a new entry shows on the next request, and
// signed-in pages (which show more) never enter the cache nor are served from it.
import type { createDatabase as CreateDatabase } from '@medrank/db';
import { expect, test, type APIResponse } from '@playwright/test';
import {
  createAccountWithToken,
  e2eEnv,
  grantCurator,
  seedBoardFixture,
  seedDraftBenchmark,
  signInThroughForm,
} from './support';

const SLUG = `cache-e2e-${Date.now().toString(36)}`;
const BOARD = `/benchmarks/${SLUG}`;
const DRAFT = `cache-draft-${Date.now().toString(36)}`;

const cacheState = (response: APIResponse | { headers(): Record<string, string> }) =>
  response.headers()['x-medrank-cache'];
const policyNonce = (response: { headers(): Record<string, string> }) =>
  /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'] ?? '')?.[1];
const scriptNonces = (html: string) =>
  [...html.matchAll(/<script[^>]*\snonce="([^"]+)"/g)].map((m) => m[1]);
/** Longer than the server's stamp memo (250 ms) and settle time (300 ms). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/** Requests `path` until the cache answers `hit` (the first renders after a new stamp are not stored). */
async function warm(get: () => Promise<APIResponse>): Promise<APIResponse> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await get();
    await response.body();
    if (cacheState(response) === 'hit') return response;
    await settle();
  }
  throw new Error('the page never came from the cache');
}

async function withAdminDb<T>(work: (db: Database) => Promise<T>) {
  const { createDatabase } = await import('@medrank/db');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 1 });
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

type Database = ReturnType<typeof CreateDatabase>;

let fixture: Awaited<ReturnType<typeof seedBoardFixture>>;
test.beforeAll(async () => {
  fixture = await seedBoardFixture(SLUG);
});

test('a warm board is served with a new nonce on every hit, and the browser runs it', async ({
  page,
  request,
}) => {
  const first = await request.get(BOARD);
  expect(first.status()).toBe(200);
  expect(cacheState(first)).toBe('miss');
  const hits = [await warm(() => request.get(BOARD)), await request.get(BOARD)];
  expect(hits.map(cacheState)).toEqual(['hit', 'hit']);
  const responses = [first, ...hits];
  const nonces = responses.map(policyNonce);
  expect(new Set(nonces).size).toBe(3);
  for (const [i, response] of responses.entries()) {
    const html = await response.text();
    const onScripts = scriptNonces(html);
    expect(onScripts.length).toBeGreaterThan(0);
    expect(new Set(onScripts)).toEqual(new Set([nonces[i]]));
    for (const other of nonces.filter((_, j) => j !== i)) expect(html).not.toContain(other!);
    expect(html).toContain(`Board fixture ${SLUG}`);
  }

  // The browser gets a hit too: its scripts run under the new policy (none blocked) and hydrate.
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`Content Security Policy violation: ${event.violatedDirective}`),
    );
  });
  const response = await page.goto(BOARD);
  expect(response!.headers()['x-medrank-cache']).toBe('hit');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Board fixture ${SLUG}`);
  // Next's inline bootstrap ran (it fills self.__next_f) and React hydrated the page.
  await expect
    .poll(() =>
      page.evaluate(() => Array.isArray((self as unknown as { __next_f?: unknown }).__next_f)),
    )
    .toBe(true);
  await page.waitForLoadState('networkidle');
  expect(violations).toEqual([]);
});

test('a curator edit and a new entry show on the next request, on the board and the catalog', async ({
  request,
}) => {
  await warm(() => request.get(BOARD));
  await warm(() => request.get('/'));
  const title = `Renamed board ${Date.now()}`;
  await withAdminDb((db) => db.benchmark.update({ where: { slug: SLUG }, data: { title } }));
  await settle();
  const board = await request.get(BOARD);
  expect(cacheState(board)).toBe('miss');
  expect(await board.text()).toContain(title);
  const catalog = await request.get('/');
  expect(cacheState(catalog)).toBe('miss');
  expect(await catalog.text()).toContain(title);

  await warm(() => request.get(BOARD));
  const { reported } = await import('@medrank/db');
  await withAdminDb(async (db) => {
    const testSet = await db.testSet.findFirstOrThrow({
      where: { slug: 'public', track: { benchmarkId: fixture.benchmarkId } },
    });
    await reported.upsertMany(db, {
      benchmarkId: fixture.benchmarkId,
      actorId: fixture.curatorId,
      target: `${SLUG}/main/public`,
      fileName: 'late.csv',
      entries: [
        {
          trackId: testSet.trackId,
          testSetId: testSet.id,
          modelName: 'Reported Latecomer',
          modelSlug: 'reported-latecomer',
          reportedDate: '2025-01-01',
          openWeights: true,
          scores: [{ metric: 'vqa_accuracy', dimension: '', category: '', value: 0.7 }],
        },
      ],
    });
  });
  await settle();
  const after = await request.get(BOARD);
  expect(cacheState(after)).toBe('miss');
  expect(await after.text()).toContain('Reported Latecomer');
});

test('signed-in pages show more and never enter or come out of the cache', async ({
  page,
  request,
}) => {
  const curator = await createAccountWithToken('cache-curator');
  await grantCurator(SLUG, curator.email);
  await seedDraftBenchmark(DRAFT);
  await grantCurator(DRAFT, curator.email);

  // Anonymous: a hit, without the signed-in header.
  const anonymous = await warm(() => request.get(BOARD));
  expect(await anonymous.text()).not.toContain('href="/account"');

  // A bearer token is a signed-in request too.
  const withToken = await request.get(BOARD, {
    headers: { authorization: `Bearer ${curator.token}` },
  });
  expect(cacheState(withToken)).toBe('bypass');

  // The curator, with a session cookie: rendered for them (their Account link), never a hit.
  await signInThroughForm(page, curator.email);
  for (let i = 0; i < 2; i++) {
    const response = await page.request.get(BOARD);
    expect(cacheState(response)).toBe('bypass');
    expect(await response.text()).toContain('href="/account"');
  }
  // Their draft: a page for them, a 404 for everyone else, before and after their visit.
  const draftPage = await page.goto(`/benchmarks/${DRAFT}`);
  expect(draftPage!.status()).toBe(200);
  expect(draftPage!.headers()['x-medrank-cache']).toBe('bypass');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Draft ${DRAFT}`);
  for (let i = 0; i < 3; i++) {
    const draftAnonymous = await request.get(`/benchmarks/${DRAFT}`);
    expect(draftAnonymous.status()).toBe(404);
    expect(cacheState(draftAnonymous)).not.toBe('hit');
    expect(await draftAnonymous.text()).not.toContain(`Draft ${DRAFT}`);
    await settle();
  }

  // And the anonymous page is still the anonymous one.
  const again = await request.get(BOARD);
  expect(cacheState(again)).toBe('hit');
  expect(await again.text()).not.toContain('href="/account"');
});
