import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, medrank, REPO_ROOT } from './support';

const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });

const stamp = Date.now().toString(36);
const SLUG = `mcq-journey-${stamp}`;
const COPY_SLUG = `mcq-journey-copy-${stamp}`;
const PASSWORD = 'a-long-password';

/** An operator gives an account the site role "curator" with the CLI. */
function makeSiteCurator(email: string): void {
  const result = medrank(['user', 'set-role', '--email', email, '--role', 'curator']);
  if (result.status !== 0) throw new Error(`set-role failed: ${result.stderr}`);
}

async function signUp(page: Page, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${stamp}@example.org`;
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('link', { name: 'Account' })).toBeVisible();
  return email;
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ fullPage: true, path: path.join(artifacts, `${name}-desktop.png`) });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ fullPage: true, path: path.join(artifacts, `${name}-phone.png`) });
  if (size) await page.setViewportSize(size);
}

// 48 five-option questions: answers cycle A–E, 24 CT and 24 MRI (both ≥ 20, so breakdowns show).
const OPTIONS = ['Pneumonia', 'Pleural effusion', 'Cardiomegaly', 'Pneumothorax', 'No finding'];
const LETTERS = ['A', 'B', 'C', 'D', 'E'];
const QUESTIONS = Array.from({ length: 48 }, (_, i) => ({
  id: `q${String(i + 1).padStart(3, '0')}`,
  answer: LETTERS[i % 5]!,
  options: OPTIONS,
  categories: { modality: i % 2 === 0 ? 'CT' : 'MRI' },
}));
const groundTruthJsonl = (questions: typeof QUESTIONS) =>
  questions.map((q) => JSON.stringify(q)).join('\n') + '\n';
// Right on every CT question, and on every other MRI one; one MRI answer is unreadable.
const predictionsCsv = () =>
  [
    'case_id,answer',
    ...QUESTIONS.map((q, i) => {
      if (i === 1) return `${q.id},"I cannot tell"`;
      const isRight = q.categories.modality === 'CT' || i % 4 === 3;
      const answer = isRight ? q.answer : LETTERS[(LETTERS.indexOf(q.answer) + 1) % 5]!;
      return `${q.id},${answer}`;
    }),
  ].join('\n') + '\n';
const EXPECTED_ACCURACY =
  QUESTIONS.filter((q, i) => i !== 1 && (q.categories.modality === 'CT' || i % 4 === 3)).length /
  QUESTIONS.length;

test.describe.configure({ mode: 'serial' });

test('a curator builds a multiple-choice benchmark from files, a participant is scored, a metric change is rescored, and the YAML round-trips', async ({
  browser,
  page,
}) => {
  test.setTimeout(300_000);

  // ── a new user becomes a curator ──
  const curatorEmail = await signUp(page, 'Curator Ada');
  await expect(page.getByRole('link', { name: 'Curate' })).toHaveCount(0);
  makeSiteCurator(curatorEmail);
  await page.reload();
  await page.getByRole('link', { name: 'Curate' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Curate' })).toBeVisible();
  // Not an admin: the admin area does not exist for them.
  const adminResponse = await page.goto('/admin');
  expect(adminResponse?.status()).toBe(404);
  await page.goto('/curate');

  // ── step 1: details and task type → a draft ──
  await page.getByRole('link', { name: 'New benchmark' }).click();
  await page.getByLabel('Title').fill('Chest MCQ journey');
  await page.getByLabel('Slug').fill(SLUG);
  await page.getByLabel('Summary').fill('Five-option chest imaging questions, hidden answers.');
  await page
    .getByRole('textbox', { name: /Description/ })
    .fill('## About\n\nQuestions from **CT** and MRI.\n\n<script>alert(1)</script>');
  await page.getByRole('tab', { name: 'Preview' }).click();
  const preview = page.getByTestId('description-preview');
  await expect(preview.getByRole('heading', { name: 'About' })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('CT');
  await expect(preview.locator('script')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Write' }).click();
  await page.getByLabel('Modality').fill('CT, MRI');
  await page.getByLabel('Paper link').fill('not a url');
  await page.getByRole('radio', { name: /Multiple choice/ }).check();
  await shoot(page, 'curate-new');
  await page.getByRole('button', { name: 'Create draft' }).click();
  // Server-side validation: the error sits next to its field, which gets the focus.
  const paper = page.getByLabel('Paper link');
  await expect(paper).toHaveAttribute('aria-invalid', 'true');
  await expect(paper).toBeFocused();
  await expect(page.locator('#f-paperUrl-error')).toContainText('http');
  await paper.fill('https://example.org/paper');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(`**/curate/${SLUG}/task`);
  await expect(page.getByTestId('benchmark-status')).toHaveText('draft');

  // ── step 2: task type (cards with the ground-truth format) ──
  await expect(page.getByTestId('task-card-multiple-choice')).toContainText('JSONL');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(`**/curate/${SLUG}/metrics`);

  // ── step 3: suggested metrics with reasons, one primary with its direction ──
  await expect(page.getByTestId('metric-row-vqa_accuracy')).toContainText('suggested primary');
  await expect(page.getByTestId('metric-row-extraction_failure_rate')).toContainText('recommended');
  await expect(page.getByTestId('metric-row-extraction_failure_rate')).toContainText(
    'lower is better',
  );
  await expect(page.getByTestId('primary-summary-main')).toContainText('higher is better');
  await shoot(page, 'curate-metrics');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(`**/curate/${SLUG}/tracks`);

  // ── steps 4–5: tracks, test sets with a category dimension ──
  await page.getByLabel('Name').fill('Closed questions');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(`**/curate/${SLUG}/test-sets`);
  await page.getByLabel('Category dimensions').fill('modality');
  // The questions and images are published (hidden is the default); the YAML export says so below.
  await expect(page.getByLabel('Test inputs')).toHaveValue('hidden');
  await page.getByLabel('Test inputs').selectOption('public');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(`**/curate/${SLUG}/ground-truth`);

  // ── step 6: ground truth; a file with a duplicate id is refused line by line ──
  const upload = page.getByTestId('ground-truth-main-test');
  const duplicated = [...QUESTIONS.slice(0, 5), { ...QUESTIONS[2]! }, ...QUESTIONS.slice(5)];
  await upload.getByLabel(/Ground truth for/).setInputFiles({
    name: 'truth-with-duplicate.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(groundTruthJsonl(duplicated)),
  });
  await upload.getByRole('button', { name: 'Upload and validate' }).click();
  const issues = upload.getByTestId('issue-table');
  await expect(issues).toBeVisible({ timeout: 60_000 });
  await expect(issues).toContainText('q003');
  await expect(issues.getByRole('row').nth(1)).toContainText('6'); // line 6 repeats q003
  await expect(upload.getByRole('button', { name: 'Use this ground truth' })).toHaveCount(0);
  await page.goto(`/curate/${SLUG}`);
  await expect(page.getByRole('row', { name: /Closed questions \/ Test/ })).toContainText(
    'needs ground truth',
  ); // nothing applied
  await page.goto(`/curate/${SLUG}/ground-truth`);

  await upload.getByLabel(/Ground truth for/).setInputFiles({
    name: 'truth.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(groundTruthJsonl(QUESTIONS)),
  });
  await upload.getByRole('button', { name: 'Upload and validate' }).click();
  const previewBox = upload.getByTestId('gt-preview');
  await expect(previewBox).toBeVisible({ timeout: 60_000 });
  await expect(upload.getByTestId('gt-case-count')).toContainText('48');
  await expect(upload.getByTestId('gt-category-modality')).toContainText('CT');
  await expect(upload.getByTestId('gt-category-modality')).toContainText('24');
  await shoot(page, 'curate-ground-truth-preview');
  // The first truth of a test set keeps its evaluator version, and the page says so.
  await expect(upload.getByTestId('gt-confirm-note')).toContainText(
    'a first upload creates no new version',
  );
  await upload.getByRole('button', { name: 'Use this ground truth' }).click();
  await expect(upload.getByTestId('gt-status')).toContainText('In use', { timeout: 60_000 });

  // ── step 7: phases; closing before opening is an inline error ──
  await page.goto(`/curate/${SLUG}/phases`);
  await page.getByRole('button', { name: 'Add a phase' }).click();
  await page.getByLabel('Opens (UTC)').fill('2026-01-10T00:00');
  await page.getByLabel('Closes (UTC)').fill('2026-01-01T00:00');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  const closes = page.getByLabel('Closes (UTC)');
  await expect(closes).toHaveAttribute('aria-invalid', 'true');
  await expect(closes).toBeFocused();
  await expect(page.locator('#f-phases-0--closesAt-error')).toContainText('before it opens');
  await shoot(page, 'curate-phase-error');
  await closes.fill('2099-01-01T00:00');
  await page.getByLabel('Daily quota').fill('10');
  // The probing defences: each explained; a Ladder margin as wide as accuracy's range is refused.
  await expect(page.getByLabel('Score decimals')).toHaveValue('3');
  await expect(page.getByLabel('Score decimals')).toHaveAccessibleDescription(/score probing/);
  const ladder = page.getByLabel('Ladder margin');
  await expect(ladder).toHaveAccessibleDescription(/Blum & Hardt/);
  await ladder.fill('1');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(ladder).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-phases-0--ladderMargin-error')).toContainText(
    'not smaller than the range of Accuracy (0–1)',
  );
  await expectNoSeriousA11yViolations(page);
  await ladder.fill('0.02');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(`**/curate/${SLUG}/review`);

  // ── step 8: review and publish ──
  await expect(page.getByTestId('phase-defences')).toHaveText(
    'scores to 3 decimals · Ladder margin 0.02 · near duplicates: < max(10 cases, 1 %) differing · open to every account',
  );
  await expect(page.getByTestId('publish-missing')).toHaveCount(0);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('benchmark-status')).toHaveText('published');
  await expectNoSeriousA11yViolations(page);

  // ── a participant submits through the benchmark page ──
  const participant = await newPage(browser);
  await signUp(participant, 'Participant Bo');
  await participant.goto(`/benchmarks/${SLUG}`);
  await expect(participant.getByText(/Scores are stated to 3 decimals\. Ladder:/)).toBeVisible();
  await participant.getByLabel('Method name').fill('Journey VLM');
  await participant.getByLabel(/Predictions file/).setInputFiles({
    name: 'predictions.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(predictionsCsv()),
  });
  await participant.getByRole('button', { name: 'Submit for scoring' }).click();
  await participant.waitForURL(/\/submissions\/[a-z0-9]+$/);
  await expect(participant.getByTestId('submission-status')).toHaveText('Scored', {
    timeout: 90_000,
  });
  // The board ranks on the test set's current version. A published benchmark cannot be deleted.
  await page.goto(`/curate/${SLUG}`);
  await expect(page.getByTestId('delete-draft')).toHaveCount(0);
  const truthVersion = Number(
    (await page.getByTestId('version-main-test').textContent())?.replace('v', ''),
  );
  const metricVersion = truthVersion + 1;
  await participant.goto(`/benchmarks/${SLUG}`);
  const row = participant.getByTestId('board-row').filter({ hasText: 'Journey VLM' });
  await expect(row).toContainText(EXPECTED_ACCURACY.toFixed(3));
  await expect(participant.getByTestId('ranked-version')).toContainText(`v${truthVersion}`);
  await participant.goto(`/benchmarks/${SLUG}?panel=breakdowns`);
  const breakdown = participant.getByTestId('breakdown-table').first();
  await expect(breakdown).toContainText('MRI');
  await expect(breakdown).toContainText('CT');

  // ── the curator changes the metrics: a new evaluator version, rescored ──
  await page.goto(`/curate/${SLUG}/metrics`);
  await page.getByRole('checkbox', { name: 'Extraction failure rate' }).uncheck();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByTestId('version-notice')).toContainText(`evaluator v${metricVersion}`);
  await page.getByRole('link', { name: 'Go to the overview to rescore' }).click();
  const rescore = page.getByTestId('rescore-main-test');
  // A double click starts one run (the button disables; the backend dedupes by version).
  await rescore.getByRole('button', { name: `Rescore to v${metricVersion}` }).dblclick();
  await expect(rescore).toContainText(`v${metricVersion} done: 1 rescored`, { timeout: 90_000 });
  await expect(page.getByTestId('version-main-test')).toHaveText(`v${metricVersion}`);
  await shoot(page, 'curate-overview');
  await participant.goto(`/benchmarks/${SLUG}`);
  await expect(participant.getByTestId('ranked-version')).toContainText(`v${metricVersion}`);
  await expect(
    participant.getByTestId('board-row').filter({ hasText: 'Journey VLM' }),
  ).toContainText(EXPECTED_ACCURACY.toFixed(3));

  // ── benchmark as code: export, re-import under another slug, identical definition ──
  const exported = await (
    await page.request.get(`/api/v1/curation/benchmarks/${SLUG}/export`)
  ).text();
  expect(exported).toContain('vqa_accuracy');
  expect(exported).toMatch(/^\s+inputs: public$/m); // the test sets step's choice, kept
  expect(exported).not.toContain('extraction_failure_rate');
  expect(exported).not.toContain('Pneumonia'); // never the ground truth
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

  // A YAML with an unknown metric is refused with its line; nothing is created.
  await page.goto('/curate/import');
  await page
    .getByLabel('…or paste it')
    .fill(
      exported.replace(`slug: ${SLUG}`, 'slug: never-created').replaceAll('vqa_accuracy', 'dice'),
    );
  await page.getByRole('button', { name: 'Create draft from YAML' }).click();
  await expect(page.getByTestId('issue-table')).toContainText('"dice"');
  await shoot(page, 'curate-import-errors');
  expect(
    (await page.request.get('/api/v1/curation/benchmarks/never-created/export')).status(),
  ).toBe(404);

  // ── moderation and the audit log ──
  await page.goto(`/curate/${SLUG}/moderation`);
  const entry = page.getByTestId(/^moderation-/).filter({ hasText: 'Journey VLM' });
  await entry.getByRole('combobox').selectOption('disqualify');
  await entry.getByRole('button', { name: 'Apply' }).click();
  await expect(entry.getByRole('textbox')).toHaveAttribute('aria-invalid', 'true');
  await entry.getByRole('textbox').fill('Trained on the test questions');
  await entry.getByRole('button', { name: 'Apply' }).click();
  await expect(entry.getByTestId('moderation-state')).toHaveText('disqualified');
  await entry.getByRole('combobox').selectOption('restore');
  await entry.getByRole('button', { name: 'Apply' }).click();
  await expect(entry.getByTestId('moderation-state')).toHaveText('visible');
  await page.goto(`/curate/${SLUG}/audit`);
  const audit = page.getByTestId('audit-table');
  await expect(audit).toContainText('benchmark.publish');
  await expect(audit).toContainText('Curator Ada');
  await expect(audit).toContainText('Trained on the test questions');
  await shoot(page, 'curate-audit');
  await expectNoSeriousA11yViolations(page);
});

test('a curator of one benchmark cannot touch another (HTTP 403 published, 404 draft)', async ({
  browser,
  page,
}) => {
  const otherEmail = await signUp(page, 'Curator Cy');
  makeSiteCurator(otherEmail);
  const other = page;
  // Cy's own draft, from YAML.
  const ownSlug = `cy-own-${stamp}`;
  await other.goto('/curate/import');
  await other
    .getByLabel('…or paste it')
    .fill(
      [
        `slug: ${ownSlug}`,
        'title: Cy draft',
        'summary: A draft of another curator.',
        'tracks:',
        '  - slug: main',
        '    name: Main',
        '    taskType: multiple-choice',
        '    metrics: [vqa_accuracy]',
        '    primaryMetric: vqa_accuracy',
        '    testSets:',
        '      - slug: test',
        '        name: Test',
      ].join('\n'),
    );
  await other.getByRole('button', { name: 'Create draft from YAML' }).click();
  await other.waitForURL(`**/curate/${ownSlug}`);

  const origin = new URL(other.url()).origin;
  const headers = { Origin: origin, 'Content-Type': 'application/json' };
  // The published benchmark of the first test: 403 on every curation endpoint.
  expect((await other.request.get(`/api/v1/curation/benchmarks/${SLUG}/export`)).status()).toBe(
    403,
  );
  const rescore = await other.request.post(`/api/v1/curation/benchmarks/${SLUG}/rescore`, {
    headers,
    data: { track: 'main', testSet: 'test' },
  });
  expect(rescore.status()).toBe(403);
  await other.goto(`/curate/${SLUG}/metrics`);
  await expect(other.getByText('Not yours to curate')).toBeVisible();
  // The copy made by Ada is a draft: it does not exist for Cy.
  expect(
    (await other.request.get(`/api/v1/curation/benchmarks/${COPY_SLUG}/export`)).status(),
  ).toBe(404);
  expect((await other.goto(`/curate/${COPY_SLUG}`))?.status()).toBe(404);
  // And a plain participant cannot see Cy's draft either.
  const stranger = await newPage(browser);
  await signUp(stranger, 'Stranger Di');
  expect(
    (await stranger.request.get(`/api/v1/curation/benchmarks/${ownSlug}/export`)).status(),
  ).toBe(404);
  expect((await stranger.goto(`/benchmarks/${ownSlug}`))?.status()).toBe(404);

  // Cy deletes the draft from its overview, after typing its slug.
  await other.goto(`/curate/${ownSlug}`);
  const deletion = other.getByTestId('delete-draft');
  await deletion.getByRole('button', { name: 'Delete draft…' }).click();
  const confirmDelete = deletion.getByRole('button', { name: 'Delete this draft for good' });
  await expect(confirmDelete).toBeDisabled();
  await expect(deletion.getByLabel(/Type .* to delete/)).toBeFocused();
  await expectNoSeriousA11yViolations(other);
  await deletion.getByLabel(/Type .* to delete/).fill(ownSlug);
  await confirmDelete.click();
  await other.waitForURL(/\/curate$/);
  expect((await other.request.get(`/api/v1/curation/benchmarks/${ownSlug}/export`)).status()).toBe(
    404,
  );
});

test('a site admin sees every benchmark, grants a curator and reads the audit log', async ({
  page,
}) => {
  const adminEmail = `admin-${stamp}@example.org`;
  const created = medrank([
    'user',
    'create',
    '--email',
    adminEmail,
    '--password',
    PASSWORD,
    '--admin',
  ]);
  expect(created.status, created.stderr).toBe(0);
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(adminEmail);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
  await expect(page.getByTestId(`admin-benchmark-${COPY_SLUG}`)).toContainText('draft');
  const card = page.getByTestId(`admin-benchmark-${SLUG}`);
  await card.getByRole('textbox').fill(`curator-cy-${stamp}@example.org`);
  await card.getByRole('button', { name: /Grant/ }).click();
  await expect(card).toContainText(`curator-cy-${stamp}@example.org`);
  await expect(page.getByTestId('audit-table')).toContainText('benchmark.publish');
  await shoot(page, 'admin');
  await expectNoSeriousA11yViolations(page);
});
