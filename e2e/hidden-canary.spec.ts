import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  CANARY_CASE_COUNT,
  CANARY_CLOSES_AT,
  canaryPredictionsCsv,
  createAccountDirect,
  seedCanaryBenchmark,
} from './support';

// The canary crawl: numbers that must stay hidden are planted through the real pipeline (upload
// → worker → database), then every page and API route that could show them is fetched as an
// anonymous visitor, as the submitting team and as another team, and must not contain them in
// any rounding or format. The benchmark's curator, fetching the same entry pages, must see them:
// that proves the detector finds what it looks for.
//
// Team "owner" submits Base (public 40/190 = 0.2105: its first score, released) and then Probe
// (public 47/190 = 0.2474: less than 0.2105 + η, so the Ladder withholds it). Team "other"
// submits Other (public 120/190). Every private-split number is hidden until the phase closes.
// Hidden numerators are odd, so no hidden value equals a released per-site value or CI bound
// (multiples of 1/95 on the 95-question sites) at 3 or 4 decimals.

const SLUG = `canary-${Date.now().toString(36)}`;
const API = `/api/v1/benchmarks/${SLUG}`;
const N = CANARY_CASE_COUNT;

const PLAN = {
  base: { team: 'owner', method: 'Canary Base', publicCorrect: 40, privateCorrect: 139 },
  probe: { team: 'owner', method: 'Canary Probe', publicCorrect: 47, privateCorrect: 151 },
  other: { team: 'other', method: 'Other Lab', publicCorrect: 120, privateCorrect: 103 },
} as const;
type Entry = keyof typeof PLAN;

/** Every hidden number: the private split of all three, and the Ladder-withheld public score. */
const CANARIES = [
  ...Object.values(PLAN).map((p) => p.privateCorrect / N),
  PLAN.probe.publicCorrect / N,
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A number in the forms a page or an API could print it: full precision and its 4-digit prefix
 * (any longer expansion), rounded to 4 and 3 decimals, and as a percentage with 1 or 2 decimals.
 * Digits around a match must not be part of a longer number (ids have no dots).
 */
function canaryPatterns(value: number): RegExp[] {
  const percent = (decimals: number) =>
    new RegExp(`(?<![\\d.])${escape((value * 100).toFixed(decimals))}\\s?%`);
  return [
    new RegExp(`(?<![\\d.])${escape(String(value).slice(0, 6))}\\d*`),
    new RegExp(`(?<![\\d.])${escape(value.toFixed(4))}(?!\\d)`),
    new RegExp(`(?<![\\d.])${escape(value.toFixed(3))}(?!\\d)`),
    percent(1),
    percent(2),
  ];
}
const PATTERNS = CANARIES.flatMap((value) => canaryPatterns(value).map((re) => ({ value, re })));

function leaksIn(text: string): string[] {
  return PATTERNS.filter(({ re }) => re.test(text)).map(
    ({ value, re }) =>
      `${value} as ${re.source}: …${text.slice(Math.max(0, text.search(re) - 60), text.search(re) + 30)}…`,
  );
}

const accounts = {} as Record<'owner' | 'other' | 'curator', { token: string; userId: string }>;
const ids = {} as Record<Entry, string>;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function submissionOf(request: APIRequestContext, id: string, token: string) {
  const response = await request.get(`/api/v1/submissions/${id}`, { headers: bearer(token) });
  expect(response.status()).toBe(200);
  return (
    (await response.json()) as {
      submission: {
        status: string;
        error: unknown;
        evaluations: {
          testSetSlug: string;
          scoresShown: boolean;
          restriction: Record<string, unknown> | null;
          scores: { metric: string; value: number | null }[];
        }[];
      };
    }
  ).submission;
}

async function submitAndScore(request: APIRequestContext, entry: Entry) {
  const plan = PLAN[entry];
  const token = accounts[plan.team].token;
  const created = await request.post(`${API}/submissions`, {
    headers: bearer(token),
    multipart: {
      methodName: plan.method,
      modelSlug: plan.method.toLowerCase().replace(/\s+/g, '-'),
      file: {
        name: 'answers.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(canaryPredictionsCsv(plan.publicCorrect, plan.privateCorrect)),
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  ids[entry] = ((await created.json()) as { submission: { id: string } }).submission.id;
  await expect
    .poll(async () => (await submissionOf(request, ids[entry], token)).status, {
      timeout: 90_000,
      intervals: [500],
    })
    .toBe('SCORED');
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(240_000);
  accounts.owner = await createAccountDirect('canary-owner');
  accounts.other = await createAccountDirect('canary-other');
  accounts.curator = await createAccountDirect('canary-curator');
  await seedCanaryBenchmark(SLUG, accounts.curator.userId);
  const request = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  // In order: the Ladder decides Probe against Base.
  await submitAndScore(request, 'base');
  await submitAndScore(request, 'probe');
  await submitAndScore(request, 'other');
  await request.dispose();
});

/** Every page and API route that could show a score of this benchmark or its entries. */
function crawlPaths(): string[] {
  const boards = ['testSet=public', 'testSet=private'];
  return [
    `/benchmarks/${SLUG}`,
    ...boards.flatMap((q) => [
      `/benchmarks/${SLUG}?${q}`,
      `/benchmarks/${SLUG}?${q}&panel=breakdowns`,
      `/benchmarks/${SLUG}?${q}&panel=breakdowns&cat=site:A`,
      `/benchmarks/${SLUG}?${q}&panel=history`,
      `/benchmarks/${SLUG}?${q}&view=best`,
      `${API}/board?${q}&format=json`,
      `${API}/board?${q}&format=csv`,
      `${API}/history?${q}`,
      `${API}/subset?${q}&cat=site:A`,
      `${API}/compare?${q}&a=${ids.base}&b=${ids.other}`,
      `${API}/compare?${q}&a=${ids.probe}&b=${ids.base}`,
      `/benchmarks/${SLUG}/compare?${q}&a=${ids.base}&b=${ids.other}`,
      `/benchmarks/${SLUG}/compare?${q}&a=${ids.probe}&b=${ids.other}`,
      ...(['base', 'probe', 'other'] as const).map((e) => `${API}/badge?entry=${ids[e]}&${q}`),
    ]),
    API,
    `/api/v1/benchmarks`,
    `/`,
    ...(['base', 'probe', 'other'] as const).flatMap((e) => [
      `/entries/${ids[e]}`,
      `/submissions/${ids[e]}`,
      `/api/v1/submissions/${ids[e]}`,
      `${API}/badge?entry=${ids[e]}`,
      `/models/${PLAN[e].method.toLowerCase().replace(/\s+/g, '-')}`,
    ]),
    `/account`,
  ];
}

/** Fetches every crawl path as `viewer` and lists each canary found, with where. */
async function crawl(
  request: APIRequestContext,
  viewer: 'anonymous' | keyof typeof accounts,
): Promise<{ crawled: number; leaks: string[] }> {
  const headers = viewer === 'anonymous' ? {} : bearer(accounts[viewer].token);
  const leaks: string[] = [];
  let crawled = 0;
  for (const path of crawlPaths()) {
    const response = await request.get(path, { headers });
    const body = await response.text();
    crawled++;
    // Where the body came from: a submission page redirects non-members to the entry page.
    const landed = new URL(response.url()).pathname;
    for (const leak of leaksIn(body))
      leaks.push(`${landed} (${path}, ${response.status()}): ${leak}`);
  }
  return { crawled, leaks };
}

for (const viewer of ['anonymous', 'owner', 'other'] as const) {
  test(`as ${viewer}: no page or API route shows a hidden or withheld number`, async ({
    request,
  }) => {
    test.setTimeout(120_000);
    const { crawled, leaks } = await crawl(request, viewer);
    expect(leaks).toEqual([]);
    expect(crawled).toBeGreaterThan(40);
  });
}

test('as the curator: the same crawl finds the numbers, on the entry pages only', async ({
  request,
}) => {
  test.setTimeout(120_000);
  const { leaks } = await crawl(request, 'curator');
  const where = new Set(leaks.map((leak) => leak.split(' ')[0]));
  // The board stays number-free for everyone during the phase; curators see the numbers,
  // labelled, where they review entries.
  expect([...where].sort()).toEqual(
    [`/entries/${ids.base}`, `/entries/${ids.other}`, `/entries/${ids.probe}`].sort(),
  );
});

test('the crawl sees real numbers: released ones are public, restricted ones reach the curator', async ({
  request,
}) => {
  // A released public score is on the public board for everyone.
  const board = await (await request.get(`${API}/board?testSet=public&format=json`)).text();
  expect(board).toContain(`"value":${(PLAN.other.publicCorrect / N).toFixed(3)}`);
  expect(board).toContain(`"value":${(PLAN.base.publicCorrect / N).toFixed(3)}`);
  // The curator's entry pages show the very numbers the crawl looks for, labelled.
  const curator = bearer(accounts.curator.token);
  const baseEntry = await (await request.get(`/entries/${ids.base}`, { headers: curator })).text();
  expect(leaksIn(baseEntry).length).toBeGreaterThan(0);
  expect(baseEntry).toContain((PLAN.base.privateCorrect / N).toFixed(3));
  expect(baseEntry).toContain('Hidden from participants until');
  const probeEntry = await (
    await request.get(`/entries/${ids.probe}`, { headers: curator })
  ).text();
  expect(probeEntry).toContain((PLAN.probe.publicCorrect / N).toFixed(3));
  expect(probeEntry).toContain('Withheld by the Ladder');
});

test('the submitting team is told why, with its best released score and never the withheld one', async ({
  page,
  request,
}) => {
  const owner = accounts.owner.token;
  const probe = await submissionOf(request, ids.probe, owner);
  const publicResult = probe.evaluations.find((e) => e.testSetSlug === 'public')!;
  expect(publicResult).toMatchObject({
    scoresShown: false,
    scores: [],
    restriction: {
      kind: 'withheld-by-ladder',
      bestReleased: Number((PLAN.base.publicCorrect / N).toFixed(3)),
      margin: 0.05,
    },
  });
  expect(probe.evaluations.find((e) => e.testSetSlug === 'private')).toMatchObject({
    scoresShown: false,
    scores: [],
    restriction: { kind: 'hidden-until-close', releaseAt: CANARY_CLOSES_AT },
  });

  await page.setExtraHTTPHeaders(bearer(owner));
  await page.goto(`/submissions/${ids.probe}`);
  await expect(page.getByTestId('submission-status')).toHaveText('Scored');
  const messages = page.getByTestId('evaluation-restriction');
  await expect(messages.first()).toHaveText(
    `Withheld by the Ladder: this did not beat your team’s best released score (${(PLAN.base.publicCorrect / N).toFixed(3)}) by 0.050.`,
  );
  await expect(messages.nth(1)).toContainText(
    'Scored — scores on Private are hidden until the phase closes (30 Jun 2099',
  );
  // Neither the rendered page nor its HTML (with the data sent to the browser) holds a canary.
  expect(leaksIn(await page.content())).toEqual([]);
  expect(leaksIn(await page.locator('body').innerText())).toEqual([]);
  // A withheld entry has no board row and no public entry page, for its own team too.
  await page.goto(`/benchmarks/${SLUG}?testSet=public`);
  await expect(page.getByTestId('board-row').filter({ hasText: 'Canary Base' })).toBeVisible();
  await expect(page.getByTestId('board-row').filter({ hasText: 'Canary Probe' })).toHaveCount(0);
  await expect(page.getByTestId('score-precision')).toHaveText(
    'Scores rounded to 3 decimals; ties at that precision share a rank.',
  );
  await page.goto(`/benchmarks/${SLUG}?testSet=private`);
  await expect(page.getByTestId('scores-hidden-banner')).toContainText('This is the private split');
  await expect(page.getByTestId('scores-hidden-banner')).toContainText(
    'the submitting teams included',
  );
  expect(leaksIn(await page.content())).toEqual([]);
});
