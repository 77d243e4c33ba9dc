import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  createAccountWithToken,
  e2eEnv,
  expectNoSeriousA11yViolations,
  fixturePredictionsCsv,
  moderateFixtureEntry,
  REPO_ROOT,
  screenshots,
  seedBoardFixture,
  seedDraftBenchmark,
  signInThroughForm,
  type BoardFixture,
} from './support';

// One deterministic board (see seedBoardFixture): six verified entries scored by the real worker
// on two test sets (one hidden until close), two reported entries, a baseline and a
// disqualified entry. Entries:
//   Charlie (perfect), Alpha and Bravo (identical predictions: a tie), Delta (weaker),
//   Echo (always "A", marked baseline), Foxtrot (perfect, disqualified).
const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });

const SLUG = `board-e2e-${Date.now().toString(36)}`;
const BOARD = `/benchmarks/${SLUG}`;
const API = `/api/v1/benchmarks/${SLUG}`;

// Delta's submission stands for an endpoint run and Alpha's for an ONNX model run (as the worker
// stores them: full precision, which the board rounds to 0.1 ms); every other entry is a
// predictions file, which nobody timed.
const ALPHA_RUN = {
  inference: {
    kind: 'onnx',
    cases: 400,
    meanMs: 0.4213,
    p50Ms: 0.4,
    p95Ms: 0.6102,
    totalMs: 168.5,
  },
};
const DELTA_RUN = {
  inference: {
    kind: 'endpoint',
    cases: 400,
    meanMs: 12.3456,
    p50Ms: 11.94,
    p95Ms: 1449.96,
    totalMs: 4938.24,
  },
  runReport: {
    requests: 412,
    retries: 12,
    failureCount: 2,
    failures: [
      { caseId: 'q7', kind: 'timeout', detail: 'no answer within 30000 ms' },
      { caseId: 'q21', kind: 'unparseable', detail: 'choices[0].message.content is missing' },
    ],
  },
};

// Answers per question i (correct: the right letter). Delta sometimes gives no letter at all.
const PREDICTORS = {
  alpha: {
    team: 0,
    method: 'Alpha Net',
    answer: (i: number, c: string) => (i % 5 === 0 ? 'Z' : c),
  },
  bravo: {
    team: 1,
    method: 'Bravo Net',
    answer: (i: number, c: string) => (i % 5 === 0 ? 'Z' : c),
  },
  charlie: { team: 2, method: 'Charlie Net', answer: (_: number, c: string) => c },
  delta: {
    team: 0,
    method: 'Delta Net',
    answer: (i: number, c: string) => (i % 7 === 0 ? 'no idea' : i % 3 === 0 ? 'Z' : c),
  },
  echo: { team: 2, method: 'Echo Constant', answer: () => 'A' },
  foxtrot: { team: 1, method: 'Foxtrot Leak', answer: (_: number, c: string) => c },
} as const;
type Name = keyof typeof PREDICTORS;

let fixture: BoardFixture;
const ids = {} as Record<Name, string>;
/** A participant of the fixture (signs in to ask for subsets and comparisons). */
let viewerEmail = '';

interface ExportEntry {
  kind: string;
  id: string;
  rank: number | null;
  rankLow: number | null;
  rankHigh: number | null;
  tier: number | null;
  methodName: string;
  disqualified: boolean;
  disqualificationReason: string | null;
  scores: Record<string, { value: number | null; ciLow: number | null; ciHigh: number | null }>;
  inference: { kind: string; meanMs: number; p50Ms: number; p95Ms: number } | null;
}

async function boardJson(request: APIRequestContext, query = '') {
  const response = await request.get(`${API}/board?${query}`);
  expect(response.status()).toBe(200);
  return (
    (await response.json()) as {
      board: { entries: ExportEntry[]; testSet: { scoresHidden: boolean } };
    }
  ).board;
}

const rowOf = (page: Page, method: string) =>
  page.getByTestId('board-row').filter({ hasText: method });
const methodsInOrder = (page: Page) =>
  page.getByTestId('board-row').getByTestId('method-name').allInnerTexts();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(240_000);
  fixture = await seedBoardFixture(SLUG);
  const accounts = await Promise.all(
    ['alice', 'bob', 'carol'].map((label) => createAccountWithToken(`board-${label}`)),
  );
  viewerEmail = accounts[0]!.email;
  const request = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  for (const [name, spec] of Object.entries(PREDICTORS) as [Name, (typeof PREDICTORS)[Name]][]) {
    const response = await request.post(`${API}/submissions`, {
      headers: { Authorization: `Bearer ${accounts[spec.team]!.token}` },
      multipart: {
        methodName: spec.method,
        description: `${spec.method}: a fixture predictor, "quoted", with a comma`,
        codeUrl: 'https://example.org/code',
        file: {
          name: 'p.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(fixturePredictionsCsv(spec.answer)),
        },
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    ids[name] = ((await response.json()) as { submission: { id: string } }).submission.id;
  }
  for (const name of Object.keys(PREDICTORS) as Name[]) {
    const token = accounts[PREDICTORS[name].team]!.token;
    let submission: { status: string; error: unknown } = { status: 'QUEUED', error: null };
    for (
      let i = 0;
      i < 240 && !['SCORED', 'FAILED', 'CANCELLED'].includes(submission.status);
      i++
    ) {
      if (i > 0) await new Promise((r) => setTimeout(r, 500));
      const response = await request.get(`/api/v1/submissions/${ids[name]}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      submission = ((await response.json()) as { submission: typeof submission }).submission;
    }
    expect(submission.status, `${name}: ${JSON.stringify(submission.error)}`).toBe('SCORED');
  }
  await moderateFixtureEntry(fixture, ids.echo, {
    action: 'mark-baseline',
    baselineKind: 'constant',
  });
  await moderateFixtureEntry(fixture, ids.foxtrot, {
    action: 'disqualify',
    reason: 'trained on the test set',
  });
  const { createDatabase } = await import('@medrank/db');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 1 });
  try {
    await db.submission.update({ where: { id: ids.delta }, data: DELTA_RUN });
    await db.submission.update({ where: { id: ids.alpha }, data: ALPHA_RUN });
  } finally {
    await db.$disconnect();
  }
  // Rank statistics are computed by a job after scoring: wait until the board shows them.
  await expect
    .poll(
      async () =>
        (await boardJson(request)).entries.find((e) => e.id === ids.delta)?.rankLow ?? null,
      {
        timeout: 60_000,
        intervals: [1000],
      },
    )
    .not.toBeNull();
  await request.dispose();
});

test('sorting: ties share a rank, missing values rank last in both directions, disqualified last', async ({
  page,
}) => {
  await page.goto(BOARD);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Board fixture');
  await expect(page.getByTestId('ranked-version')).toContainText('v1');
  // Default: accuracy, higher first. Charlie is perfect; Alpha and Bravo tie on identical predictions.
  await expect(rowOf(page, 'Charlie Net').getByTestId('rank')).toHaveText('1');
  await expect(rowOf(page, 'Alpha Net').getByTestId('rank')).toHaveText('2');
  await expect(rowOf(page, 'Bravo Net').getByTestId('rank')).toHaveText('2');
  await expect(rowOf(page, 'Delta Net').getByTestId('rank')).toHaveText('4');
  // Reported, baseline and disqualified rows carry no rank; the disqualified row comes last with its reason.
  for (const method of ['Reported Giant', 'Echo Constant', 'Foxtrot Leak'])
    await expect(rowOf(page, method).getByTestId('rank')).toHaveText('–');
  await expect(page.getByTestId('board-row').last()).toContainText('Foxtrot Leak');
  await expect(page.getByTestId('board-row').last()).toContainText(
    'Disqualified: trained on the test set',
  );
  await expect(rowOf(page, 'Reported Giant')).toContainText('reported');
  await expect(rowOf(page, 'Alpha Net')).toContainText('verified');
  await expect(rowOf(page, 'Alpha Net').getByTestId('rank-interval')).toHaveText(/^\d+(–\d+)?$/);
  await expect(rowOf(page, 'Alpha Net').getByTestId('tier')).toHaveText(/^\d+$/);

  // The definition of a metric is a tooltip on hover and on keyboard focus.
  const failureHeader = page.locator('th[data-metric="extraction_failure_rate"]');
  const tooltip = failureHeader.getByRole('tooltip');
  await expect(tooltip).toBeHidden();
  await failureHeader.getByRole('link').focus();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('lower is better');
  await expect(failureHeader.getByRole('link')).toHaveAttribute(
    'aria-describedby',
    'metric-def-extraction_failure_rate',
  );

  // Sort by the failure rate through its header: its better direction (lower) first; the URL
  // carries the state. Reported Giant has no value: last (before the disqualified row) both ways.
  const failureValues = async () =>
    (
      await page
        .locator('td[data-metric="extraction_failure_rate"] [data-testid="score-value"]')
        .allInnerTexts()
    )
      .slice(0, -2)
      .map(Number);
  await failureHeader.getByRole('link').click();
  await expect(page).toHaveURL(/sort=extraction_failure_rate$/);
  await expect(failureHeader).toHaveAttribute('aria-sort', 'ascending');
  expect((await methodsInOrder(page)).slice(-2)).toEqual(['Reported Giant', 'Foxtrot Leak']);
  let values = await failureValues();
  expect(values).toEqual([...values].sort((x, y) => x - y));
  await failureHeader.getByRole('link').click();
  await expect(page).toHaveURL(/sort=extraction_failure_rate&dir=desc/);
  await expect(failureHeader).toHaveAttribute('aria-sort', 'descending');
  expect((await methodsInOrder(page)).slice(-2)).toEqual(['Reported Giant', 'Foxtrot Leak']);
  values = await failureValues();
  expect(values).toEqual([...values].sort((x, y) => y - x));
  // Ties share a rank on this metric too: Charlie and the two 0.2s.
  await expect(rowOf(page, 'Alpha Net').getByTestId('rank')).toHaveText(
    await rowOf(page, 'Bravo Net').getByTestId('rank').innerText(),
  );
  await screenshots(page, 'board-sorted');
});

test('tabs, filters in the URL, best per team, and the hidden test set shows no scores', async ({
  page,
}) => {
  await page.goto(BOARD);
  await page.getByLabel('Search').fill('Bravo');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/q=Bravo/);
  await expect(page.getByTestId('board-row')).toHaveCount(1);
  // The URL alone reproduces the view.
  await page.goto(`${BOARD}?track=main&testSet=public&kind=reported`);
  await expect(page.getByTestId('board-row')).toHaveCount(2);
  await expect(page.getByLabel('Results')).toHaveValue('reported');
  await page.goto(`${BOARD}?view=best&kind=verified`);
  await expect(rowOf(page, 'Delta Net')).toHaveCount(0); // Alpha is the better of Alice's two
  await expect(rowOf(page, 'Alpha Net')).toHaveCount(1);

  await page.goto(BOARD);
  await page.getByTestId('board-tab').filter({ hasText: 'Holdout' }).click();
  await expect(page).toHaveURL(/testSet=holdout/);
  await expect(page.getByRole('status').filter({ hasText: 'stay hidden' })).toBeVisible();
  await expect(rowOf(page, 'Alpha Net')).toBeVisible();
  for (const text of await page.getByTestId('score-value').allInnerTexts()) expect(text).toBe('—');
  const hidden = await boardJson(page.request, 'testSet=holdout');
  expect(hidden.testSet.scoresHidden).toBe(true);
  for (const entry of hidden.entries)
    for (const score of Object.values(entry.scores))
      expect(score).toEqual({ value: null, ciLow: null, ciHigh: null });
  const badge = await page.request.get(`${API}/badge?entry=${ids.charlie}&testSet=holdout`);
  expect(await badge.text()).toContain('scores hidden until close');
  expect(await badge.text()).not.toMatch(/1\.000/);
});

test('breakdowns with a heat map and a category subset recomputed server-side', async ({
  page,
}) => {
  await page.goto(`${BOARD}?panel=breakdowns`);
  await expect(page.getByTestId('breakdown-table').first()).toBeVisible();
  // The heat map's section and its scroll box are both regions named after it: the scroll box.
  await expect(page.getByRole('region', { name: /by site \(scrollable table\)/ })).toContainText(
    'Alpha Net',
  );
  // Custom subsets are for signed-in accounts: a visitor sees the public breakdowns and a prompt.
  await expect(page.getByTestId('subset-sign-in')).toContainText(
    'Sign in to compute custom subsets',
  );
  await expect(page.getByTestId('category-tree')).toHaveCount(0);
  await signInThroughForm(page, viewerEmail);
  await page.goto(`${BOARD}?panel=breakdowns`);
  // The rare view (17 cases, all on site A) would leave cells under the minimum of 20: it is
  // grouped with the standard view, and the page says which categories and why.
  await expect(page.getByTestId('grouping-note')).toContainText(
    'grouped so that every cell of the breakdown has at least 20 cases',
  );
  await expect(page.getByRole('link', { name: 'How MedRank protects hidden data' })).toBeVisible();
  const merged = page.getByRole('checkbox', { name: /^standard · rare \(200 cases\)/ });
  await expect(merged).toBeEnabled();
  await expect(page.getByTestId('merged-group')).toContainText(
    'grouped: standard (183), rare (17)',
  );
  await expect(page.getByRole('checkbox', { name: /^rare/ })).toHaveCount(0);
  await page.getByRole('checkbox', { name: /^A \(100 cases\)/ }).check();
  await page.getByRole('button', { name: 'Recompute on this subset' }).click();
  await expect(page).toHaveURL(/cat=site%3AA/);
  await expect(page.getByTestId('subset-result')).toContainText('Recomputed on 100 cases');
  await expect(page.getByTestId('subset-result')).toContainText('Charlie Net');
  await screenshots(page, 'board-breakdowns');
  await expectNoSeriousA11yViolations(page);

  const subset = await page.request.get(
    `${API}/subset?cat=site:A&cat=${encodeURIComponent('view:standard · rare')}`,
  );
  expect(subset.status(), await subset.text()).toBe(200);
  const body = (await subset.json()) as { n: number; entries: { submissionId: string }[] };
  expect(body.n).toBe(100);
  expect(JSON.stringify(body)).not.toMatch(/caseId|case_id|"label"/);
  // A single category of a merged group cuts through the cells: refused, naming the group to
  // choose whole and never the number of cases (17 or 183).
  for (const query of ['cat=view:rare', 'cat=view:standard', 'cat=site:A&cat=view:standard']) {
    const refused = await page.request.get(`${API}/subset?${query}`);
    expect(refused.status()).toBe(400);
    const { message } = ((await refused.json()) as { error: { message: string } }).error;
    expect(message).toContain('is part of the group "standard · rare"');
    expect(message).not.toMatch(/\b(17|83|183)\b/);
  }
});

test('the breakdown panel shows merged groups with their members, at 1440 px and 390 px', async ({
  page,
}) => {
  await page.goto(`${BOARD}?panel=breakdowns`);
  const view = page.getByRole('region', { name: /by view/ });
  await expect(view.getByRole('columnheader', { name: /standard · rare/ })).toBeVisible();
  await expect(view.getByTestId('merged-groups')).toContainText(
    'standard · rare merges standard and rare.',
  );
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page
      .getByTestId('breakdown-panel')
      .screenshot({ path: path.join(artifacts, `breakdown-panel-${width}.png`) });
    // Nothing but the tables' own scroll areas is wider than the phone.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  }
  await expectNoSeriousA11yViolations(page);
});

test('compare two entries picked on the board', async ({ page }) => {
  // A visitor gets the entries' public scores and a sign-in prompt instead of paired numbers.
  await page.goto(`${BOARD}/compare?track=main&testSet=public&a=${ids.alpha}&b=${ids.delta}`);
  await expect(page.getByTestId('compare-sign-in')).toContainText(
    'Sign in to compute paired comparisons',
  );
  await expect(page.getByTestId('compare-public-scores').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('compare-table')).toHaveCount(0);
  await signInThroughForm(page, viewerEmail);
  await page.goto(BOARD);
  await rowOf(page, 'Alpha Net')
    .getByRole('checkbox', { name: /compare/ })
    .check();
  await rowOf(page, 'Delta Net')
    .getByRole('checkbox', { name: /compare/ })
    .check();
  await page.getByRole('button', { name: 'Compare selected' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/compare\\?track=main&testSet=public&a=${ids.alpha}&b=${ids.delta}`),
  );
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alpha Net vs Delta Net');
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText(/\d\.\d{3}/);
  await expect(page.getByTestId('compare-chart').locator('svg').first()).toBeVisible();
  await screenshots(page, 'compare');
  await expectNoSeriousA11yViolations(page);

  const api = await page.request.get(`${API}/compare?a=${ids.alpha}&b=${ids.delta}`);
  expect(api.status(), await api.text()).toBe(200);
  const comparison = (await api.json()) as {
    metrics: { metric: string; diff: number; pValue: number }[];
  };
  expect(comparison.metrics.map((m) => m.metric).sort()).toEqual([
    'extraction_failure_rate',
    'vqa_accuracy',
  ]);
  const accuracy = comparison.metrics.find((m) => m.metric === 'vqa_accuracy')!;
  expect(accuracy.diff).toBeGreaterThan(0);
  expect(accuracy.pValue).toBeGreaterThanOrEqual(0);
  expect(accuracy.pValue).toBeLessThanOrEqual(1);
  const same = await page.request.get(`${API}/compare?a=${ids.alpha}&b=${ids.alpha}`);
  expect(same.status()).toBe(400);
});

test('pages: global ranks, a pager, and a compare pick carried across pages', async ({
  page,
  request,
}) => {
  const all = (await boardJson(request)).entries;
  await page.goto(`${BOARD}?perPage=3`);
  await expect(page.getByTestId('board-row')).toHaveCount(3);
  const pager = page.getByRole('navigation', { name: 'Board pages', exact: true });
  await expect(pager.getByTestId('board-range')).toHaveText(
    new RegExp(`^Showing 1–3 of ${all.length}`),
  );
  await expect(rowOf(page, 'Charlie Net').getByTestId('rank')).toHaveText('1');

  // Tick one entry on page 1: the board comes back with it picked, on the same page.
  await rowOf(page, 'Charlie Net')
    .getByRole('checkbox', { name: /compare/ })
    .check();
  await page.getByRole('button', { name: 'Compare selected' }).click();
  await expect(page).toHaveURL(new RegExp(`perPage=3&pick=${ids.charlie}`));
  await expect(page.getByTestId('compare-hint')).toContainText('Comparing with Charlie Net');

  await pager.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2&perPage=3/);
  await expect(pager.getByTestId('board-range')).toHaveText(
    new RegExp(`^Showing 4–6 of ${all.length}`),
  );
  // Ranks are the board's, not the page's: Delta is 4th on accuracy.
  await expect(page.getByTestId('board-row').first()).toHaveAttribute('data-id', all[3]!.id);
  await expect(rowOf(page, 'Delta Net').getByTestId('rank')).toHaveText('4');
  await expect(pager.getByRole('link', { name: 'Previous page' })).toBeVisible();
  await rowOf(page, 'Delta Net')
    .getByRole('checkbox', { name: /compare/ })
    .check();
  await page.getByRole('button', { name: 'Compare selected' }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?.*a=${ids.charlie}&b=${ids.delta}`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Charlie Net vs Delta Net');

  // The highlight of "see it on the board" opens the page holding that entry.
  await page.goto(`${BOARD}?perPage=3&highlight=${all[4]!.id}`);
  await expect(pager.getByTestId('board-range')).toHaveText(/^Showing 4–6/);
  await expect(page.locator(`tr[data-id="${all[4]!.id}"]`)).toHaveClass(/bg-brand-50/);
  await expectNoSeriousA11yViolations(page);

  // The API pages only when asked; every entry by default.
  const paged = await request.get(`${API}/board?perPage=3&page=2`);
  const body = (await paged.json()) as {
    board: { entries: ExportEntry[] };
    page: { page: number; perPage: number; pageCount: number; total: number };
  };
  expect(body.board.entries.map((e) => e.id)).toEqual(all.slice(3, 6).map((e) => e.id));
  expect(body.page).toEqual({
    page: 2,
    perPage: 3,
    pageCount: Math.ceil(all.length / 3),
    total: all.length,
  });
  expect((await request.get(`${API}/board?perPage=500`)).status()).toBe(400);
});

test('the JSON export revalidates with its ETag (304, no body)', async ({ request }) => {
  const first = await request.get(`${API}/board?format=json`);
  const etag = first.headers()['etag'];
  expect(etag).toMatch(/^"[\w-]+"$/);
  const again = await request.get(`${API}/board?format=json`, {
    headers: { 'if-none-match': etag! },
  });
  expect(again.status()).toBe(304);
  expect(await again.text()).toBe('');
  const csv = await request.get(`${API}/board?format=csv`, { headers: { 'if-none-match': etag! } });
  expect(csv.status()).toBe(200);
  expect(csv.headers()['etag']).not.toBe(etag);
});

test('CSV and JSON exports carry every entry with rank, interval, tier, kind and CIs', async ({
  request,
}) => {
  const json = await boardJson(request);
  const charlie = json.entries.find((e) => e.id === ids.charlie)!;
  expect(charlie).toMatchObject({ kind: 'verified', rank: 1, disqualified: false });
  expect(charlie.scores.vqa_accuracy!.value).toBe(1);
  const alpha = json.entries.find((e) => e.id === ids.alpha)!;
  const bravo = json.entries.find((e) => e.id === ids.bravo)!;
  expect(alpha.rank).toBe(2);
  expect(bravo.rank).toBe(2);
  expect(alpha.scores.vqa_accuracy!.ciLow).toBeLessThan(alpha.scores.vqa_accuracy!.value!);
  expect(json.entries.at(-1)).toMatchObject({
    methodName: 'Foxtrot Leak',
    disqualified: true,
    disqualificationReason: 'trained on the test set',
  });
  expect(json.entries.find((e) => e.methodName === 'Reported Giant')).toMatchObject({
    kind: 'reported',
    rank: null,
  });
  // Public fields only: no per-case data, no file details.
  expect(JSON.stringify(json)).not.toMatch(/caseValues|replicates|caseId|blobKey|sha256/);
  for (const entry of json.entries)
    expect(Object.keys(entry).sort()).toEqual(
      [
        'date',
        'disqualificationReason',
        'disqualified',
        'baseline',
        'id',
        'inference',
        'institution',
        'kind',
        'methodName',
        'openWeights',
        'rank',
        'rankHigh',
        'rankLow',
        'scores',
        'team',
        'tier',
      ].sort(),
    );

  const csv = await request.get(`${API}/board?format=csv&sort=extraction_failure_rate`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers()['content-disposition']).toBe(
    `attachment; filename="${SLUG}_main_public.csv"`,
  );
  expect(csv.headers()['cache-control']).toMatch(/public, max-age=\d+/);
  const lines = (await csv.text()).trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'rank,rank_low,rank_high,tier,kind,method,team,institution,date,open_weights,baseline,disqualified,disqualification_reason,vqa_accuracy,vqa_accuracy_ci_low,vqa_accuracy_ci_high,extraction_failure_rate,extraction_failure_rate_ci_low,extraction_failure_rate_ci_high,inference_ms_per_case,inference_p50_ms,inference_p95_ms,inference_kind,id',
  );
  expect(lines.find((l) => l.endsWith(`,${ids.delta}`))).toMatch(
    new RegExp(`,12\\.3,11\\.9,1450,endpoint,${ids.delta}$`),
  );
  expect(lines).toHaveLength(1 + json.entries.length);
  expect(lines.at(-2)).toContain('Reported Giant'); // no failure rate: last before the disqualified row
  expect(lines.at(-1)).toMatch(/,true,trained on the test set,/);

  const bad = await request.get(`${API}/board?format=xml`);
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
    'format: expected "json" or "csv", got "xml"',
  );
  const badDir = await request.get(`${API}/board?dir=up`);
  expect(((await badDir.json()) as { error: { message: string } }).error.message).toBe(
    'dir: expected "asc" or "desc", got "up"',
  );
});

test('efficiency: a run’s time per case in its own column, its run report for its team only', async ({
  page,
}) => {
  await page.goto(BOARD);
  await expect(page.getByTestId('inference-header')).toHaveText('Time / case');
  const delta = rowOf(page, 'Delta Net').getByTestId('inference');
  await expect(delta.getByTestId('inference-mean')).toHaveText('12.3 ms');
  await expect(delta).toContainText('p50 11.9 ms · p95 1.4 s');
  await expect(delta).toContainText('endpoint');
  await expect(delta).toHaveAttribute('title', /mean 12\.3.ms, median \(p50\) 11\.9.ms/);
  // A predictions file was never timed: a dash, named for screen readers.
  const charlie = rowOf(page, 'Charlie Net').getByTestId('inference');
  await expect(charlie).toHaveText('—no model run');
  await expect(charlie.locator('.sr-only')).toHaveText('no model run');
  await expect(rowOf(page, 'Alpha Net').getByTestId('inference')).toContainText('ONNX model');
  // Score against time per case: one point per timed entry.
  const chart = page.getByTestId('efficiency-figure');
  await expect(
    chart.getByRole('img', { name: /against mean time per case for the 2 entries/ }),
  ).toBeVisible();
  await expect(chart.locator('.recharts-scatter-symbol')).toHaveCount(2);
  await screenshots(page, 'board-efficiency');
  await expectNoSeriousA11yViolations(page);

  const json = await boardJson(page.request);
  for (const entry of json.entries)
    expect(entry.inference).toEqual(
      entry.id === ids.delta
        ? { kind: 'endpoint', meanMs: 12.3, p50Ms: 11.9, p95Ms: 1450 }
        : entry.id === ids.alpha
          ? { kind: 'onnx', meanMs: 0.4, p50Ms: 0.4, p95Ms: 0.6 }
          : null,
    );
  // The public board never carries the run report or anything per case.
  expect(JSON.stringify(json)).not.toMatch(/runReport|requests|q21|totalMs/);

  // The hidden test set is number-free: no run times, so no column.
  await page.goto(`${BOARD}?testSet=holdout`);
  await expect(rowOf(page, 'Delta Net')).toBeVisible();
  await expect(page.getByTestId('inference-header')).toHaveCount(0);
  const hidden = await boardJson(page.request, 'testSet=holdout');
  for (const entry of hidden.entries) expect(entry.inference).toBeNull();

  // Delta's team sees the run and its report on the status page.
  await signInThroughForm(page, viewerEmail);
  await page.goto(`/submissions/${ids.delta}`);
  await expect(page.getByTestId('inference-summary')).toHaveText(
    'Endpoint run: 400 cases, 12.3 ms/case (p50 11.9 ms, p95 1.4 s), 4.9 s in all. Times are round trips, network included.',
  );
  const report = page.getByTestId('run-report');
  await expect(report.getByTestId('failure-count')).toContainText('2');
  await expect(report.getByTestId('failure-kind-timeout')).toHaveText('timed out: 1');
  await expect(report.getByTestId('failure-kind-unparseable')).toHaveText('unparseable answer: 1');
  await expect(report.getByTestId('run-failures').locator('tbody tr')).toHaveCount(2);
  await expect(report.getByTestId('run-failures')).toContainText('q21');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({
    fullPage: true,
    path: path.join(artifacts, 'submission-run-report-desktop.png'),
  });
  await expectNoSeriousA11yViolations(page);
  // Alpha, a model run of the same team: its timing, and no run report (that is for endpoints).
  await page.goto(`/submissions/${ids.alpha}`);
  await expect(page.getByTestId('inference-summary')).toHaveText(
    'Model run: 400 cases, 0.4 ms/case (p50 0.4 ms, p95 0.6 ms), 168.5 ms in all.',
  );
  await expect(page.getByTestId('run-report')).toHaveCount(0);
});

test('badge SVG, entry page, model page and history chart', async ({ page }) => {
  const badge = await page.request.get(`${API}/badge?entry=${ids.charlie}`);
  expect(badge.status()).toBe(200);
  expect(badge.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
  const svg = await badge.text();
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  // The rank says what it counts, the CI is written in the site's one notation (lib/format.ts).
  expect(svg).toMatch(
    new RegExp(
      `verified rank 1 of \\d+ on Board fixture ${SLUG} · Accuracy 1\\.000 \\(95% CI 1\\.000–1\\.000\\)`,
    ),
  );
  const missing = await page.request.get(`${API}/badge?entry=nope`);
  expect(missing.status()).toBe(404);
  expect(missing.headers()['content-type']).toContain('image/svg+xml');

  await page.goto(`/entries/${ids.alpha}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alpha Net');
  await expect(page.getByRole('region', { name: 'Method' })).toContainText(
    '"quoted", with a comma',
  );
  await expect(page.getByTestId('entry-result')).toHaveCount(2);
  await expect(
    page.getByTestId('entry-result').filter({ hasText: 'Holdout' }).getByTestId('scores-hidden'),
  ).toBeVisible();
  await expect(page.getByTestId('breakdown-chart').first()).toBeVisible();
  await expect(page.getByLabel('Markdown')).toHaveValue(new RegExp(`badge\\?entry=${ids.alpha}`));
  await expect(page.getByTestId('entry-badge')).toHaveJSProperty('complete', true);
  await screenshots(page, 'entry');
  await expectNoSeriousA11yViolations(page);
  // Old links keep working: an anonymous visitor of /submissions/:id lands on the public page.
  await page.goto(`/submissions/${ids.alpha}`);
  await expect(page).toHaveURL(new RegExp(`/entries/${ids.alpha}$`));

  await page.goto('/models/reported-giant');
  await expect(page.getByTestId('model-entries')).toContainText('Reported Giant');
  await expect(page.getByTestId('model-entries')).toContainText('0.900');
  await screenshots(page, 'model');
  await expectNoSeriousA11yViolations(page);

  await page.goto(`${BOARD}?panel=history`);
  await expect(page.getByTestId('history-chart').locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('history-records')).toContainText('Charlie Net');
  await screenshots(page, 'history');

  await page.goto(BOARD);
  await expectNoSeriousA11yViolations(page);
  await screenshots(page, 'board');
});

test('a draft benchmark is a 404 for everyone but its curators', async ({ page }) => {
  const draft = `${SLUG}-draft`;
  await seedDraftBenchmark(draft);
  expect((await page.request.get(`/api/v1/benchmarks/${draft}/board`)).status()).toBe(404);
  expect((await page.request.get(`/api/v1/benchmarks/${draft}/history`)).status()).toBe(404);
  const response = await page.goto(`/benchmarks/${draft}`);
  expect(response?.status()).toBe(404);
});

test('the OpenAPI document and its page describe the board routes', async ({ page }) => {
  const doc = (await (await page.request.get('/api/v1/openapi.json')).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
  };
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/api/v1/benchmarks/{slug}/board', '/api/v1/benchmarks/{slug}/badge']),
  );
  await page.goto('/docs/api');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('MedRank API');
  await expect(page.getByText('/api/v1/benchmarks/{slug}/board', { exact: true })).toBeVisible();
});
