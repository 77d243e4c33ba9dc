import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  createAccountWithToken,
  e2eEnv,
  expectNoSeriousA11yViolations,
  REPO_ROOT,
  signInThroughForm,
} from './support';

// A benchmark whose tracks have different task types: an open-question track and a segmentation
// track on 0/255 PNG masks, configured with the label-map form, its metrics following the map.

const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });

const stamp = Date.now().toString(36);
const SLUG = `tracks-${stamp}`;
const COPY_SLUG = `tracks-copy-${stamp}`;

/** What `medrank user set-role --role curator` does, in this process (a CLI spawn costs seconds). */
async function makeSiteCurator(email: string): Promise<void> {
  const { createDatabase } = await import('@medrank/db');
  const curation = await import('@medrank/curation');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 1 });
  try {
    await curation.setSiteCuratorRole(db, null, { email, enabled: true });
  } finally {
    await db.$disconnect();
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ fullPage: true, path: path.join(artifacts, `${name}-desktop.png`) });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  // Nothing may need a sideways scroll at phone width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ fullPage: true, path: path.join(artifacts, `${name}-phone.png`) });
  if (size) await page.setViewportSize(size);
}

const save = (page: Page) => page.getByRole('button', { name: 'Save and continue' }).click();

test('a curator builds an open-VQA track and a segmentation track on 0/255 masks, picks per-label metrics, and they survive a reload and the YAML round trip', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const curator = await createAccountWithToken('tracks-curator');
  await makeSiteCurator(curator.email);
  await signInThroughForm(page, curator.email);

  // ── a draft with an open-question track ──
  await page.goto('/curate/new');
  await page.getByLabel('Title').fill('Lesions and questions');
  await page.getByLabel('Slug').fill(SLUG);
  await page.getByLabel('Summary').fill('Open questions and lesion masks on the same studies.');
  await page.getByRole('radio', { name: 'Open-ended VQA' }).check();
  await expect(page.getByLabel('Task configuration (JSON)')).toHaveAccessibleDescription(
    /minCategorySize/,
  );
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(`**/curate/${SLUG}/task`);
  await save(page);
  await page.waitForURL(`**/curate/${SLUG}/metrics`);
  await save(page);
  await page.waitForURL(`**/curate/${SLUG}/tracks`);

  // ── a second track of another task type ──
  await page.getByRole('button', { name: 'Add a track' }).click();
  const second = page.getByRole('listitem').filter({ hasText: 'Track 2' });
  await expect(second.getByLabel('Task type')).toHaveValue('open-vqa'); // the first choice
  await second.getByLabel('Name').fill('Lesions');
  await second.getByLabel('Slug').fill('lesions');
  await second.getByLabel('Task type').selectOption({ label: 'Segmentation' });
  await save(page);
  // A track with a new task type is configured next.
  await page.waitForURL(`**/curate/${SLUG}/task`);
  const lesions = page.getByTestId('task-track-lesions');
  await expect(
    page.getByTestId('task-track-main').getByRole('radio', { name: 'Open-ended VQA' }),
  ).toBeChecked();
  await expect(lesions.getByRole('radio', { name: 'Segmentation' })).toBeChecked();
  await expect(lesions.getByRole('textbox', { name: 'Name of label 1' })).toHaveValue('foreground');
  await save(page);
  await page.waitForURL(`**/curate/${SLUG}/metrics`);

  // ── the default label map: rank the lesion track on dice:foreground ──
  await expect(page.getByTestId('metric-row-dice:foreground')).toBeVisible();
  await expect(page.getByTestId('metric-row-dice:lesion')).toHaveCount(0);
  await page.getByTestId('metric-row-dice:foreground').getByRole('radio').check();
  await save(page);
  await page.waitForURL(`**/curate/${SLUG}/tracks`);

  // ── the segmentation form: live and server-side errors, then the 0/255 preset ──
  await page.goto(`/curate/${SLUG}/task`);
  const value1 = lesions.getByRole('textbox', { name: 'Pixel value of label 1' });
  await value1.fill('0');
  await value1.blur();
  await expect(value1).toHaveAttribute('aria-invalid', 'true');
  await expect(value1).toHaveAccessibleDescription(/1 to 65535 \(0 is background\)/);
  await lesions.getByRole('button', { name: '0/255 binary masks' }).click();
  const name1 = lesions.getByRole('textbox', { name: 'Name of label 1' });
  await expect(value1).toHaveValue('255');
  await expect(name1).toHaveValue('lesion');
  await expect(name1).toBeFocused(); // ready to rename the structure
  await expect(value1).toHaveAttribute('aria-invalid', 'false');
  await expect(lesions.getByLabel('NSD tolerance (mm)')).toHaveAccessibleDescription(
    /NSD tolerance τ in mm\. Default: 2\./,
  );
  await expect(lesions.getByRole('radio', { name: 'monai' })).toBeChecked();
  // A second structure at the same pixel value is refused by the server too, at its field.
  await lesions.getByRole('button', { name: 'Add a label' }).click();
  await lesions.getByRole('textbox', { name: 'Pixel value of label 2' }).fill('255');
  await lesions.getByRole('textbox', { name: 'Name of label 2' }).fill('other');
  await save(page);
  const value2 = lesions.getByRole('textbox', { name: 'Pixel value of label 2' });
  await expect(value2).toHaveAttribute('aria-invalid', 'true');
  await expect(value2).toBeFocused();
  await expect(value2).toHaveAccessibleDescription('pixel value 255 is already used by label 1');
  await expectNoSeriousA11yViolations(page);
  await shoot(page, 'tracks-segmentation-config');
  await lesions.getByRole('button', { name: 'Remove label 2' }).click();
  await expect(lesions.getByRole('button', { name: 'Add a label' })).toBeFocused();
  await lesions.getByLabel('Row spacing (mm)').fill('0.5');
  await lesions.getByLabel('Column spacing (mm)').fill('0.5');
  await save(page);
  // dice:foreground is gone with the label it measured, and the page says so.
  const changes = page.getByTestId('step-changes');
  await expect(changes).toContainText('Track “Lesions”: dice:foreground is no longer computed');
  await page.getByRole('link', { name: 'Continue' }).click();
  await page.waitForURL(`**/curate/${SLUG}/metrics`);

  // ── the metrics step follows the label map ──
  await expect(page.getByTestId('metric-row-dice:foreground')).toHaveCount(0);
  await page.getByTestId('metric-row-dice:lesion').getByRole('radio').check();
  await page.getByTestId('metric-row-hd95:lesion').getByRole('checkbox').check();
  await expect(page.getByTestId('primary-summary-lesions')).toContainText('higher is better');
  await expectNoSeriousA11yViolations(page);
  await shoot(page, 'tracks-metrics');
  await save(page);
  await page.waitForURL(`**/curate/${SLUG}/tracks`);

  // ── reloaded: the choices are stored ──
  await page.goto(`/curate/${SLUG}/metrics`);
  await expect(page.getByTestId('metric-row-dice:lesion').getByRole('checkbox')).toBeChecked();
  await expect(page.getByTestId('metric-row-dice:lesion').getByRole('radio')).toBeChecked();
  await expect(page.getByTestId('metric-row-hd95:lesion').getByRole('checkbox')).toBeChecked();
  await expect(page.getByTestId('metric-row-vqa_token_f1').getByRole('radio')).toBeChecked();
  await page.goto(`/curate/${SLUG}/task`);
  await expect(lesions.getByRole('textbox', { name: 'Pixel value of label 1' })).toHaveValue('255');
  await expect(lesions.getByRole('textbox', { name: 'Name of label 1' })).toHaveValue('lesion');
  await expect(lesions.getByLabel('Row spacing (mm)')).toHaveValue('0.5');
  await page.goto(`/curate/${SLUG}/review`);
  await expect(page.getByTestId('review-track-main')).toContainText('Open-ended VQA');
  const review = page.getByTestId('review-track-lesions');
  await expect(review).toContainText('Segmentation · ranked on dice:lesion');
  await expect(review).toContainText('hd95:lesion');
  await shoot(page, 'tracks-review');

  // ── benchmark as code: both task types survive export and import ──
  const exported = await (
    await page.request.get(`/api/v1/curation/benchmarks/${SLUG}/export`)
  ).text();
  expect(exported).toContain('taskType: open-vqa');
  expect(exported).toContain('taskType: segmentation');
  expect(exported).toMatch(/"?255"?: lesion/);
  expect(exported).toContain('hd95:lesion');
  await page.goto('/curate/import');
  await page
    .getByLabel('…or paste it')
    .fill(exported.replace(`slug: ${SLUG}`, `slug: ${COPY_SLUG}`));
  await page.getByRole('button', { name: 'Create draft from YAML' }).click();
  await page.waitForURL(`**/curate/${COPY_SLUG}`);
  const reExported = await (
    await page.request.get(`/api/v1/curation/benchmarks/${COPY_SLUG}/export`)
  ).text();
  expect(reExported.replace(`slug: ${COPY_SLUG}`, `slug: ${SLUG}`)).toBe(exported);
});
