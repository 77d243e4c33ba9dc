// Issue 12, parts 1 and 2: boards show their scores on a phone (primary metric right after the
// method, rank interval and tier under the rank, empty columns left out, the header's links
// behind a Menu button), and ReXrank's reported board reads like ReXrank (a track × test set
// picker, every metric reachable by scrolling or the column chooser, list positions, a "how to
// read" that speaks of published numbers). On the catalog the e2e server seeds.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  createAccountWithToken,
  expectNoSeriousA11yViolations,
  REPO_ROOT,
  signInThroughForm,
} from './support';

const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const REXRANK_METRICS = [
  'bleu',
  'bertscore',
  'sembscore',
  'radgraph',
  'radcliq_v1_inverse',
  'ratescore',
  'green',
  'fineradscore_inverse',
];

const shot = (page: Page, name: string) =>
  page.screenshot({ fullPage: true, path: path.join(artifacts, `${name}.png`) });

/** The header cells of the board table, in order, by their visible text. */
const headerTexts = (page: Page) =>
  page
    .getByTestId('board-table')
    .locator('thead th')
    .evaluateAll((cells) =>
      cells
        .filter((c) => getComputedStyle(c).display !== 'none')
        .map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
    );

for (const board of [
  { slug: 'gmai-mmbench', query: '?track=vqa&testSet=test', primary: 'vqa_accuracy' },
  { slug: 'breastmnist', query: '', primary: 'roc_auc' },
]) {
  test(`${board.slug}: on a phone the primary metric is right after the method, inside the screen`, async ({
    page,
  }) => {
    await page.setViewportSize(PHONE);
    await page.goto(`/benchmarks/${board.slug}${board.query}`);
    const table = page.getByTestId('board-table');
    const headers = await headerTexts(page);
    expect(headers[1]).toMatch(/method/i);
    // Rank interval and tier stay in the DOM (hidden on a phone) once a board has verified
    // entries: the third *visible* header is the primary metric.
    await expect(table.locator('thead th:visible').nth(2)).toHaveAttribute(
      'data-metric',
      board.primary,
    );
    const firstValue = page
      .getByTestId('board-row')
      .first()
      .locator(`td[data-metric="${board.primary}"] [data-testid="score-value"]`);
    await expect(firstValue).toHaveText(/\d/);
    const box = (await firstValue.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    // Rank interval and tier are never separate columns on a phone.
    expect(headers.join(' ')).not.toMatch(/Rank interval|Tier/i);
    await expectNoSeriousA11yViolations(page);
    await shot(page, `boards-${board.slug}-phone`);
    await page.setViewportSize(DESKTOP);
    await shot(page, `boards-${board.slug}-desktop`);
  });
}

test('ReXrank: the picker reaches every test set of both sections', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto('/benchmarks/rexrank');
  const picker = page.getByTestId('board-picker');
  await expect(picker.getByTestId('board-track-choice')).toHaveText([
    'Findings',
    'Findings + impression',
  ]);
  const testSets = ['MIMIC-CXR', 'IU X-ray', 'CheXpert Plus', 'ReXGradient'];
  for (const section of ['Findings + impression', 'Findings']) {
    await picker.getByRole('link', { name: section, exact: true }).click();
    await expect(picker.getByRole('link', { name: section, exact: true })).toHaveAttribute(
      'aria-current',
      'true',
    );
    for (const name of testSets) {
      const choice = picker.getByTestId('board-test-set-choice').filter({ hasText: name });
      await choice.click();
      await expect(choice).toHaveAttribute('aria-current', 'page');
      await expect(page.getByTestId('board-row').first()).toBeVisible();
      // The section stays when the test set changes, and the reverse.
      await expect(picker.getByRole('link', { name: section, exact: true })).toHaveAttribute(
        'aria-current',
        'true',
      );
    }
  }
  // Every choice is inside the screen at both widths (nothing past the end of a strip).
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    for (const link of await picker.getByRole('link').all()) {
      const box = (await link.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    }
  }
  await shot(page, 'boards-rexrank-picker-phone');
});

test('ReXrank: all eight metrics are reachable, rows show list positions, the legend speaks of published numbers', async ({
  page,
}) => {
  await page.setViewportSize(DESKTOP);
  await page.goto('/benchmarks/rexrank?track=findings-impression&testSet=mimic-cxr');
  const table = page.getByTestId('board-table');
  // Every metric is a column; the region scrolls and can be focused from the keyboard.
  const metricKeys = await table
    .locator('thead th[data-metric]')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-metric')));
  expect([...metricKeys].sort()).toEqual([...REXRANK_METRICS].sort());
  expect(metricKeys[0]).toBe('radcliq_v1_inverse');
  const region = page.getByRole('region', { name: /leaderboard \(scrolls sideways\)/ });
  await expect(region).toHaveAttribute('tabindex', '0');
  // No empty rank-interval or tier column; rows are numbered, with a header that says so.
  expect((await headerTexts(page)).join(' ')).not.toMatch(/Rank interval|Tier/i);
  await expect(page.getByTestId('position-header')).toHaveAttribute('aria-label', 'Position');
  await expect(page.getByTestId('board-row').getByTestId('rank').first()).toHaveText('#1');
  await expect(page.getByTestId('board-row').getByTestId('rank').nth(2)).toHaveText('#3');
  const legend = page.getByTestId('board-legend');
  await legend.locator('summary').click();
  await expect(legend).toContainText('as published');
  await expect(legend).toContainText('did not recompute');
  await expect(legend).not.toContainText('0 cases');
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'boards-rexrank-desktop');

  // On a phone the columns past the edge are reached by scrolling the region from the keyboard,
  // and a shadow says there is more to the right.
  await page.setViewportSize(PHONE);
  await expect(page.getByTestId('scroll-shadow-right')).toHaveClass(/opacity-100/);
  const last = table.locator('thead th[data-metric]').last();
  const before = (await last.boundingBox())!;
  expect(before.x).toBeGreaterThan(PHONE.width);
  await region.focus();
  for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
  await expect
    .poll(async () => (await last.boundingBox())!.x + (await last.boundingBox())!.width)
    .toBeLessThanOrEqual(PHONE.width);
  await shot(page, 'boards-rexrank-phone-scrolled');

  // The column chooser keeps the chosen metrics in the URL.
  await page.reload();
  const chooser = page.getByTestId('column-chooser');
  await chooser.locator('summary').click();
  for (const name of ['BLEU', 'BertScore', 'SembScore', 'RadGraph', 'RaTEScore', '1/FineRadScore'])
    await chooser.getByRole('checkbox', { name }).uncheck();
  await chooser.getByRole('button', { name: 'Show these columns' }).click();
  await expect(page).toHaveURL(/cols=/);
  await expect(table.locator('thead th[data-metric]')).toHaveCount(2);
  expect(
    await table
      .locator('thead th[data-metric]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-metric'))),
  ).toEqual(['radcliq_v1_inverse', 'green']);
  // The choice survives a sort and a reload of the shared link.
  await page.goto(page.url());
  await expect(table.locator('thead th[data-metric]')).toHaveCount(2);
  await table.locator('thead th[data-metric="green"] a').click();
  await expect(page).toHaveURL(/sort=green/);
  await expect(page).toHaveURL(/cols=/);
  await expect(table.locator('thead th[data-metric]')).toHaveCount(2);
  await shot(page, 'boards-rexrank-phone-chosen-columns');
});

test('the header menu holds Account and Sign out on a phone', async ({ page }) => {
  const account = await createAccountWithToken('phone-menu');
  await page.setViewportSize(DESKTOP);
  await signInThroughForm(page, account.email);
  await page.setViewportSize(PHONE);
  await page.goto('/benchmarks/rexrank');
  // A native disclosure (<details>/<summary>): it works without JavaScript (page-gallery.spec.ts).
  const disclosure = page.getByTestId('site-menu');
  const menu = disclosure.locator('summary');
  await expect(menu).toHaveText('Menu');
  await expect(disclosure).not.toHaveAttribute('open');
  const accountLink = page.getByRole('link', { name: 'Account', exact: true });
  await expect(accountLink).toBeHidden();
  await menu.click();
  await expect(disclosure).toHaveAttribute('open');
  await expect(accountLink).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'boards-header-menu-phone');
  await page.keyboard.press('Escape');
  await expect(disclosure).not.toHaveAttribute('open');
  await expect(menu).toBeFocused();
  await expect(accountLink).toBeHidden();
  // The keyboard opens it too.
  await page.keyboard.press('Enter');
  await expect(disclosure).toHaveAttribute('open');
  await expect(accountLink).toBeVisible();
  // Following a link closes it.
  await accountLink.click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(disclosure).not.toHaveAttribute('open');
  // From sm up the links are inline and there is no menu.
  await page.setViewportSize(DESKTOP);
  await expect(menu).toBeHidden();
  await expect(accountLink).toBeVisible();
});
