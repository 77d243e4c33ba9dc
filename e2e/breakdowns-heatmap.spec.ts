// GMAI-MMBench's heat maps read like the original at 1440 px and on a 390 px phone: accuracies
// in percent (53.96 %, as published), an Overall column the rows are ordered by, sortable
// headers, short column names with the full name for screen readers and on hover, a header row
// that stays in view while the table scrolls, and no serious axe violations.
import { expect, test, type Locator } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expectNoSeriousA11yViolations, REPO_ROOT } from './support';

const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });

const GMAI_TEST_BREAKDOWNS = '/benchmarks/gmai-mmbench?track=vqa&testSet=test&panel=breakdowns';
const PERCENT = /^\d{1,3}\.\d{2}\s%$/;

/** The numbers of a column, in row order, read from the cells' data-value. */
async function columnValues(cells: Locator): Promise<(number | null)[]> {
  return (await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')))).map(
    (v) => (v === null || v === '' ? null : Number(v)),
  );
}

const isOrdered = (values: (number | null)[], direction: 'asc' | 'desc') => {
  const present = values.filter((v): v is number => v !== null);
  // Missing values come last, and the present ones are monotone.
  const missingFirstAt = values.indexOf(null);
  const missingLast = missingFirstAt < 0 || values.slice(missingFirstAt).every((v) => v === null);
  return (
    missingLast &&
    present.every(
      (v, i) => i === 0 || (direction === 'desc' ? present[i - 1]! >= v : present[i - 1]! <= v),
    )
  );
};

for (const { name, width, height } of [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`GMAI-MMBench heat maps at ${width} px: percent, Overall, order, sort, sticky header, axe`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await page.goto(GMAI_TEST_BREAKDOWNS);
    const scroll = page.getByRole('region', { name: /by clinical task \(scrollable table\)/i });
    await expect(scroll).toBeVisible();
    await expect(scroll).toHaveAttribute('tabindex', '0');
    const table = scroll.getByTestId('breakdown-table');

    // Percent, as the source publishes it: GPT-4o's overall test accuracy is 53.96 %.
    const gpt4o = table.getByTestId('breakdown-row').filter({
      has: page.getByTestId('breakdown-entry-name').getByText('GPT-4o', { exact: true }),
    });
    await expect(gpt4o.getByTestId('breakdown-overall')).toHaveText(/^53\.96\s%$/);
    const overallCells = table.getByTestId('breakdown-overall');
    for (const text of (await overallCells.allInnerTexts()).filter((t) => t !== '—'))
      expect(text.trim()).toMatch(PERCENT);

    // Overall column, rows ordered by it (best first), aria-sort on its header.
    const overallHeader = table.getByTestId('breakdown-overall-header');
    await expect(overallHeader).toHaveAttribute('aria-sort', 'descending');
    const overallValues = await columnValues(overallCells);
    expect(overallValues.length).toBeGreaterThan(40);
    expect(isOrdered(overallValues, 'desc')).toBe(true);

    // Short name shown, full name as the header's title and accessible name.
    const arHeader = table.getByRole('columnheader', { name: /Attribute recognition \(AR\)/ });
    await expect(arHeader).toHaveAttribute('title', 'Attribute recognition (AR)');
    await expect(arHeader.getByRole('link')).toContainText('AR');

    // Sorting by a header changes the order, keeps the page on the table, and says so.
    const namesBefore = await table.getByTestId('breakdown-entry-name').allInnerTexts();
    await arHeader.getByRole('link').focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/bsort=clinical_task%3AAttribute/);
    const sortedScroll = page.getByRole('region', {
      name: /by clinical task \(scrollable table\)/i,
    });
    const sortedTable = sortedScroll.getByTestId('breakdown-table');
    const sortedHeader = sortedTable.getByRole('columnheader', {
      name: /Attribute recognition \(AR\)/,
    });
    await expect(sortedHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(sortedTable.getByTestId('breakdown-overall-header')).toHaveAttribute(
      'aria-sort',
      'none',
    );
    const arIndex = await sortedHeader.evaluate((th) => (th as HTMLTableCellElement).cellIndex);
    const arValues = await columnValues(
      sortedTable.locator(`tbody tr > :nth-child(${arIndex + 1})`),
    );
    expect(isOrdered(arValues, 'desc')).toBe(true);
    expect(await sortedTable.getByTestId('breakdown-entry-name').allInnerTexts()).not.toEqual(
      namesBefore,
    );
    // Again: ascending.
    await sortedHeader.getByRole('link').click();
    await expect(
      page
        .getByRole('region', { name: /by clinical task \(scrollable table\)/i })
        .getByRole('columnheader', { name: /Attribute recognition \(AR\)/ }),
    ).toHaveAttribute('aria-sort', 'ascending');

    // The header row stays in view when the table scrolls.
    const box = page.getByRole('region', { name: /by clinical task \(scrollable table\)/i });
    await box.evaluate((el) => el.scrollTo({ top: 600, left: 200 }));
    await page.waitForTimeout(100);
    const regionTop = (await box.boundingBox())!.y;
    const headerTop = (await box.getByTestId('breakdown-overall-header').boundingBox())!.y;
    expect(Math.abs(headerTop - regionTop)).toBeLessThan(4);
    const entryHeader = box.getByRole('columnheader', { name: 'Entry' });
    expect(
      Math.abs((await entryHeader.boundingBox())!.x - (await box.boundingBox())!.x),
    ).toBeLessThan(4);
    await box.screenshot({ path: path.join(artifacts, `breakdowns-heatmap-scrolled-${name}.png`) });

    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: path.join(artifacts, `breakdowns-heatmap-${name}.png`) });
  });
}

test('the Validation tab, which has no breakdowns, links to Test where they are', async ({
  page,
}) => {
  await page.goto('/benchmarks/gmai-mmbench?panel=breakdowns');
  const link = page.getByTestId('breakdown-elsewhere');
  await expect(link).toHaveText(/open the Test breakdowns/);
  await link.click();
  await expect(page).toHaveURL(/testSet=test/);
  await expect(page.getByTestId('breakdown-table').first()).toBeVisible();
});

test('the GMAI board shows percent and its 51 rows on one page', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/benchmarks/gmai-mmbench?track=vqa&testSet=test');
  const rows = page.getByTestId('board-row');
  await expect(rows).toHaveCount(51);
  await expect(
    rows
      .filter({ has: page.getByRole('rowheader').getByText('GPT-4o', { exact: true }) })
      .getByTestId('score-value'),
  ).toHaveText(/^53\.96\s%$/);
});
