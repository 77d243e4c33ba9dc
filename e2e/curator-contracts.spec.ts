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

// A curator turns on ONNX model submissions for a classification track, and endpoint submissions
// for a two-section report track, with the guided flow's own fields (no JSON): bad values are
// refused at their fields and save nothing; a good contract is stored, exported and opens with its
// fields filled in.

const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });

const SLUG = `contracts-${Date.now().toString(36)}`;

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

const exportYaml = async (page: Page) =>
  (await page.request.get(`/api/v1/curation/benchmarks/${SLUG}/export`)).text();

test('a curator turns on ONNX model submissions for a classification track with the fields; a bad shape saves nothing', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const curator = await createAccountWithToken('contracts-curator');
  await makeSiteCurator(curator.email);
  await signInThroughForm(page, curator.email);

  await page.goto('/curate/new');
  await page.getByLabel('Title').fill('Breast ultrasound models');
  await page.getByLabel('Slug').fill(SLUG);
  await page.getByLabel('Summary').fill('Benign or malignant, from uploaded ONNX models.');
  await page.getByRole('radio', { name: 'Classification' }).check();
  // Off by default: the track takes prediction files only.
  await expect(
    page.getByRole('checkbox', { name: 'This track takes ONNX models' }),
  ).not.toBeChecked();
  await expect(page.getByLabel('Input tensor name')).toBeHidden();
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(`**/curate/${SLUG}/task`);

  const track = page.getByTestId('task-track-main');
  const model = track.getByTestId('model-contract');
  // The JSON box documents the keys it holds; `model` is the fields' own now.
  await expect(track.getByLabel('Task configuration (JSON)')).not.toHaveValue(/model/);
  await model.getByRole('checkbox', { name: 'This track takes ONNX models' }).check();
  await model.getByLabel('Input tensor name').fill('x');
  const shape = model.getByLabel('Input shape');
  await shape.fill('N, 28, 28');
  await model.getByLabel('Output tensor name').fill('probability');
  await model.getByLabel('Output values').selectOption('probabilities');
  // Output values of a classification track: no per-pixel labels.
  await expect(model.getByLabel('Output values').locator('option[value="labels"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // ── refused at the field, keyboard focus on it, nothing saved ──
  await expect(shape).toHaveAttribute('aria-invalid', 'true');
  await expect(shape).toBeFocused();
  await expect(shape).toHaveAccessibleDescription(/a 3-dimensional shape; give 4 dimensions/);
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toBeVisible();
  expect(await exportYaml(page)).not.toContain('model:');

  // ── a 2D shape offers the 2D layouts; a limit below the contract's minimum is the parser's to refuse ──
  await shape.fill('N, 1, 28, 28');
  await expect(model.getByLabel('Layout').locator('option')).toHaveText([
    'Default (NCHW)',
    'NCHW',
    'NHWC',
  ]);
  await model.getByLabel('Layout').selectOption('NCHW');
  await model.getByLabel('Intensity scaling').selectOption('divide255');
  const perCase = model.getByLabel('Per case (ms)');
  await expect(perCase).toHaveAttribute('placeholder', '10000');
  await perCase.fill('5');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(perCase).toHaveAttribute('aria-invalid', 'true');
  await expect(perCase).toHaveAccessibleDescription(/must be at least 10/);
  await expect(shape).toHaveAttribute('aria-invalid', 'false');
  expect(await exportYaml(page)).not.toContain('model:');
  await expectNoSeriousA11yViolations(page);
  await shoot(page, 'contracts-model-fields-error');

  await perCase.fill('5000');
  await model.getByRole('checkbox', { name: 'Models only: refuse prediction files' }).check();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(`**/curate/${SLUG}/metrics`);

  // ── the exported definition holds the model block the fields made ──
  const { parseBenchmarkYaml } = await import('@medrank/curation');
  const parsed = parseBenchmarkYaml(await exportYaml(page));
  expect(parsed.ok).toBe(true);
  expect(parsed.ok && parsed.definition.tracks[0]?.taskConfig).toEqual({
    classes: ['benign', 'malignant'],
    positiveClass: 'malignant',
    model: {
      input: { name: 'x', shape: ['N', 1, 28, 28], layout: 'NCHW', scaling: 'divide255' },
      output: { name: 'probability', values: 'probabilities' },
      limits: { perCaseMs: 5000 },
      exclusive: true,
    },
  });

  // ── reopened: the fields hold the stored contract ──
  await page.goto(`/curate/${SLUG}/task`);
  await expect(model.getByRole('checkbox', { name: 'This track takes ONNX models' })).toBeChecked();
  await expect(model.getByLabel('Input shape')).toHaveValue('N, 1, 28, 28');
  await expect(model.getByLabel('Layout')).toHaveValue('NCHW');
  await expect(model.getByLabel('Output values')).toHaveValue('probabilities');
  await expect(model.getByLabel('Per case (ms)')).toHaveValue('5000');
  await expect(
    model.getByRole('checkbox', { name: 'Models only: refuse prediction files' }),
  ).toBeChecked();
  await expect(track.getByLabel('Task configuration (JSON)')).not.toHaveValue(/model/);
  await shoot(page, 'contracts-model-fields');
});

test('a curator gives a two-section report-generation track an endpoint prompt per section with the fields', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const slug = `${SLUG}-reports`;
  const curator = await createAccountWithToken('contracts-reports');
  await makeSiteCurator(curator.email);
  await signInThroughForm(page, curator.email);

  await page.goto('/curate/new');
  await page.getByLabel('Title').fill('Chest X-ray reports from endpoints');
  await page.getByLabel('Slug').fill(slug);
  await page.getByLabel('Summary').fill('Findings and impression, written by endpoints.');
  await page.getByRole('radio', { name: 'Report generation' }).check();
  await page
    .getByLabel('Task configuration (JSON)')
    .fill('{"sections": ["findings", "impression"], "textNormalization": "ptb-lower"}');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(`**/curate/${slug}/task`);

  const endpoint = page.getByTestId('task-track-main').getByTestId('endpoint-contract');
  await endpoint.getByRole('checkbox', { name: 'This track takes endpoints' }).check();
  // The track scores two sections: a prompt per section, one row for each.
  await expect(endpoint.getByRole('radio', { name: 'A prompt per scored section' })).toBeChecked();
  await expect(endpoint.getByLabel('Section of prompt 1')).toHaveValue('findings');
  await expect(endpoint.getByLabel('Section of prompt 2')).toHaveValue('impression');
  await endpoint
    .getByLabel('Prompt 1', { exact: true })
    .fill('Write the findings section of the radiology report for this chest X-ray.');
  await endpoint.getByLabel('Max tokens').fill('300');
  await expect(endpoint.getByLabel('Temperature')).toHaveAttribute('placeholder', '0');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  const prompt2 = endpoint.getByLabel('Prompt 2', { exact: true });
  await expect(prompt2).toHaveAttribute('aria-invalid', 'true');
  await expect(prompt2).toBeFocused();
  await expect(prompt2).toHaveAccessibleDescription('enter the prompt for impression');
  await expectNoSeriousA11yViolations(page);
  await shoot(page, 'contracts-endpoint-fields-error');

  await prompt2.fill('Write the impression section of the radiology report for this chest X-ray.');
  await endpoint.getByLabel('System prompt').fill('You are a radiologist.');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(`**/curate/${slug}/metrics`);

  const { parseBenchmarkYaml } = await import('@medrank/curation');
  const parsed = parseBenchmarkYaml(
    await (await page.request.get(`/api/v1/curation/benchmarks/${slug}/export`)).text(),
  );
  expect(parsed.ok && parsed.definition.tracks[0]?.taskConfig).toEqual({
    sections: ['findings', 'impression'],
    textNormalization: 'ptb-lower',
    endpoint: {
      sections: {
        findings: 'Write the findings section of the radiology report for this chest X-ray.',
        impression: 'Write the impression section of the radiology report for this chest X-ray.',
      },
      system: 'You are a radiologist.',
      maxTokens: 300,
    },
  });
});
