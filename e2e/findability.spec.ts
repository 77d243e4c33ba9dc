import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  createAccountWithToken,
  expectNoSeriousA11yViolations,
  fixturePredictionsCsv,
  REPO_ROOT,
  seedBoardFixture,
  signInThroughForm,
} from './support';

// Issue 12 part 4, findability: catalog search and filters with counts the boards agree with,
// Submit from the benchmark header, rank wording that says what it counts, one CI notation,
// the next-steps panel after sign-up with a copy button for the new token, dark mode following
// the system, and the favicon. At 1440 px and 390 px; screenshots in e2e/.artifacts/.

const SLUG = `find-${Date.now().toString(36)}`;
const API = `/api/v1/benchmarks/${SLUG}`;
const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });
const WIDTHS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let strongId = '';
let weakId = '';
let submitterEmail = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(240_000);
  await seedBoardFixture(SLUG);
  const [strong, weak] = await Promise.all([
    createAccountWithToken('find-strong'),
    createAccountWithToken('find-weak'),
  ]);
  submitterEmail = weak!.email;
  const request = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const submit = async (token: string, methodName: string, correctEvery: number) => {
    const response = await request.post(`${API}/submissions`, {
      headers: { Authorization: `Bearer ${token}` },
      multipart: {
        methodName,
        file: {
          name: 'p.csv',
          mimeType: 'text/csv',
          // Every `correctEvery`-th answer right, the others a wrong letter.
          buffer: Buffer.from(
            fixturePredictionsCsv((i, correct) =>
              i % correctEvery === 0 ? correct : correct === 'A' ? 'B' : 'A',
            ),
          ),
        },
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { submission: { id: string } }).submission.id;
  };
  strongId = await submit(strong!.token, 'Strong Net', 1);
  weakId = await submit(weak!.token, 'Weak Net', 3);
  for (const [id, token] of [
    [strongId, strong!.token],
    [weakId, weak!.token],
  ] as const) {
    let status = 'QUEUED';
    for (let i = 0; i < 240 && !['SCORED', 'FAILED'].includes(status); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 500));
      const response = await request.get(`/api/v1/submissions/${id}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      status = ((await response.json()) as { submission: { status: string } }).submission.status;
    }
    expect(status).toBe('SCORED');
  }
  await request.dispose();
});

for (const size of WIDTHS) {
  test(`catalog search narrows the list and announces the count (${size.name})`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto('/');
    const count = page.getByTestId('catalog-count');
    const cards = page.getByRole('article');
    const total = await cards.count();
    expect(total).toBeGreaterThan(3);
    await expect(count).toHaveAttribute('aria-live', 'polite');
    await expect(count).toContainText(`${total} results`);

    // Typing filters live: no button press, the URL follows, the count is announced.
    await page.getByRole('searchbox', { name: 'Search' }).fill(SLUG);
    await expect(page).toHaveURL(new RegExp(`\\?q=${SLUG}$`));
    await expect(cards).toHaveCount(1);
    await expect(count).toHaveText(`1 result, 1 with verified entries among ${total} benchmarks.`);
    // The card's count is the board's: 2 verified + 2 reported entries, as the board opens.
    const card = cards.first();
    await expect(card.getByTestId('verified-entry-count')).toHaveText('2 verified');
    await expect(card).toContainText('Entries4');
    await page.screenshot({
      fullPage: true,
      path: path.join(artifacts, `findability-catalog-search-${size.name}.png`),
    });
    await card.getByRole('link').click();
    await expect(page.getByTestId('compare-hint')).toContainText('4 entries');

    // A task type of a benchmark's second track counts (VQA-RAD: multiple choice + open VQA).
    await page.goto('/');
    await page.getByLabel('Task type').selectOption({ label: 'Open VQA' });
    await expect(page).toHaveURL(/\?task=open-vqa$/);
    await expect(cards.filter({ hasText: 'VQA-RAD' })).toHaveCount(1);
    const filtered = await cards.count();
    expect(filtered).toBeLessThan(total);
    await expect(count).toContainText(`${filtered} result`);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({
      fullPage: true,
      path: path.join(artifacts, `findability-catalog-task-${size.name}.png`),
    });
  });
}

test('the catalog form works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search' }).fill(SLUG);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?q=${SLUG}`));
  await expect(page.getByRole('article')).toHaveCount(1);
  await page.goto('/?verified=1&q=GMAI');
  // GMAI-MMBench lists reported results only: no verified entries.
  await expect(page.getByTestId('catalog-count')).toHaveText(/^No results/);
  await context.close();
});

for (const size of WIDTHS) {
  test(`Submit in the header jumps to the upload form (${size.name})`, async ({ page }) => {
    // Signed in at full width: the phone header's menu is another journey's subject.
    await signInThroughForm(page, submitterEmail);
    await page.setViewportSize(size);
    await page.goto(`/benchmarks/${SLUG}`);
    const submit = page.getByTestId('header-submit');
    await expect(submit).toBeVisible();
    await expect(submit).toBeInViewport();
    await submit.click();
    await expect(page.locator('#methodName')).toBeFocused();
    await expect(page.locator('#methodName')).toBeInViewport();
    await expect(page).toHaveURL(/#submit$/);
    await page.screenshot({ path: path.join(artifacts, `findability-submit-${size.name}.png`) });

    // A reported-only board takes no submissions: no button.
    await page.goto('/benchmarks/gmai-mmbench');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('header-submit')).toHaveCount(0);
  });
}

test('rank wording and the CI notation on the badge and the entry page', async ({ page }) => {
  // Weak Net is the third row (Strong Net 1.000, Reported Giant 0.900, then it): its rank counts
  // verified entries only, and says so.
  const badge = await (await page.request.get(`${API}/badge?entry=${weakId}`)).text();
  expect(badge).toMatch(
    /verified rank 2 of 2 on Board fixture [^·]+ · Accuracy 0\.\d{3} \(95% CI 0\.\d{3}–0\.\d{3}\)/,
  );
  const strong = await (await page.request.get(`${API}/badge?entry=${strongId}`)).text();
  expect(strong).toContain('verified rank 1 of 2');

  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.goto(`/entries/${weakId}`);
    const result = page.getByTestId('entry-result').filter({ hasText: 'Public test' });
    await expect(result.getByTestId('entry-rank')).toHaveText('2 of 2');
    await expect(result.getByText('Verified rank (Accuracy)')).toBeVisible();
    await expect(result.getByRole('columnheader', { name: '95% CI' }).first()).toBeVisible();
    await page.screenshot({
      fullPage: true,
      path: path.join(artifacts, `findability-entry-${size.name}.png`),
    });
  }
});

test('the history axis stays within the metric’s range', async ({ page }) => {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.goto(`/benchmarks/${SLUG}?panel=history`);
    const chart = page.getByTestId('history-chart');
    await expect(chart).toBeVisible();
    // Accuracy is in [0, 1]: no tick above 1 (recharts used to pad the axis to 1.05).
    const ticks = (await chart.locator('[class*="yAxis"] text').allTextContents())
      .filter((text) => /^\d/.test(text))
      .map(Number);
    expect(ticks.length).toBeGreaterThan(2);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(1);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(0);
    await chart.screenshot({ path: path.join(artifacts, `findability-history-${size.name}.png`) });
  }
});

test('after sign-up: next steps, and a new token with a copy button', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Newcomer');
  await page.getByLabel('Email').fill(`newcomer-${Date.now()}@example.org`);
  await page.getByLabel('Password').fill('a-long-password-1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account\?welcome=1$/);
  const steps = page.getByTestId('next-steps');
  await expect(steps.getByRole('link', { name: 'Open the catalog' })).toHaveAttribute('href', '/');
  await expect(steps.getByRole('link', { name: 'Create a token' })).toHaveAttribute(
    'href',
    '#tokens',
  );
  await page.getByLabel('New token name').fill('laptop');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByTestId('new-token').innerText();
  expect(token.length).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Copy token “laptop”' }).click();
  await expect(page.getByRole('button', { name: 'Copied token “laptop”' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await expectNoSeriousA11yViolations(page);
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.screenshot({
      fullPage: true,
      path: path.join(artifacts, `findability-welcome-${size.name}.png`),
    });
  }
});

test('dark mode follows the system and passes axe', async ({ page }) => {
  await page.goto('/');
  const lightBackground = await page.evaluate(
    () => getComputedStyle(document.body).backgroundColor,
  );
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const [name, url] of [
    ['catalog', '/'],
    ['board', `/benchmarks/${SLUG}`],
    ['entry', `/entries/${weakId}`],
  ] as const) {
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.goto(url);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).not.toBe(lightBackground);
      await page.screenshot({
        fullPage: true,
        path: path.join(artifacts, `findability-dark-${name}-${size.name}.png`),
      });
    }
    await expectNoSeriousA11yViolations(page);
  }
});

test('the favicon is an SVG served from the metadata route', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute('href');
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  expect(await icon.text()).toContain('<title>MedRank</title>');
});
