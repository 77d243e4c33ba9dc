// Issue 11's "first hour": a curator brings data in the shapes the field ships it (VQA-RAD's
// closed and open questions as plain answers, lesion masks as 0/255 PNGs, radiology reports as
// JSONL) and builds benchmarks of several task types; participants download each template, fill
// it and are scored.
// - In the browser: one benchmark with a closed yes/no track, an open-question track and a
//   segmentation track on 0/255 masks; every expected score is computed here from the files.
// - With the CLI: a report-generation benchmark; the values it expects come from the reference
//   implementations (nltk 3.8 corpus_bleu and meteor_score, vrama91's CIDEr-D) on the same 38
//   clinical report pairs, recorded in
//   packages/metrics/src/text/fixtures/text-normalization-nltk-3.8.json.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeZip } from '@medrank/formats';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import {
  createAccountWithToken,
  expectNoSeriousA11yViolations,
  medrank,
  REPO_ROOT,
  signInThroughForm,
} from './support';

const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });

const stamp = Date.now().toString(36);
const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;

interface ReportPair {
  id: string;
  reference: string;
  candidate: string;
}
const fixtures = path.join(REPO_ROOT, 'packages/metrics/src/text/fixtures');
const PAIRS: ReportPair[] = readFileSync(path.join(fixtures, 'clinical-report-pairs.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as ReportPair);
const REFERENCE = JSON.parse(
  readFileSync(path.join(fixtures, 'text-normalization-nltk-3.8.json'), 'utf8'),
) as {
  conventions: Record<
    string,
    { bleu: number[]; meteorMean: number; ciderD: { score: number } | null }
  >;
};

const normalize = (text: string) => text.toLowerCase().trim();

test('a curator builds a closed yes/no, an open and a 0/255 segmentation track in the browser; participants fill each template and are scored', async ({
  page,
  browser,
}) => {
  test.setTimeout(420_000);
  const slug = `first-hour-${stamp}`;
  const curator = await createAccountWithToken('first-hour-curator');
  cli(['user', 'set-role', '--email', curator.email, '--role', 'curator']);
  await signInThroughForm(page, curator.email);

  // ── a draft whose first track takes closed questions ──
  await page.goto('/curate/new');
  await page.getByLabel('Title').fill('Radiology questions and lesions (first hour)');
  await page.getByLabel('Slug').fill(slug);
  await page.getByLabel('Summary').fill('Closed and open questions, and lesion masks.');
  await page.getByRole('radio', { name: /Closed question/ }).check();
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(`**/curate/${slug}/task`);
  const save = () => page.getByRole('button', { name: 'Save and continue' }).click();
  await save();
  await page.waitForURL(`**/curate/${slug}/metrics`);
  await expect(page.getByTestId('metric-row-closed_accuracy')).toBeVisible();
  await save();
  await page.waitForURL(`**/curate/${slug}/tracks`);

  // ── three tracks, three task types ──
  const first = page.getByRole('listitem').filter({ hasText: 'Track 1' });
  await first.getByLabel('Name').fill('Closed questions');
  for (const [n, name, trackSlug, type] of [
    [2, 'Open questions', 'open', 'Open-ended VQA'],
    [3, 'Lesions', 'lesions', 'Segmentation'],
  ] as const) {
    await page.getByRole('button', { name: 'Add a track' }).click();
    const track = page.getByRole('listitem').filter({ hasText: `Track ${n}` });
    await track.getByLabel('Name').fill(name);
    await track.getByLabel('Slug').fill(trackSlug);
    await track.getByLabel('Task type').selectOption({ label: type });
  }
  await save();
  await page.waitForURL(`**/curate/${slug}/task`);
  const lesions = page.getByTestId('task-track-lesions');
  await lesions.getByRole('button', { name: '0/255 binary masks' }).click();
  await expect(lesions.getByRole('textbox', { name: 'Pixel value of label 1' })).toHaveValue('255');
  await save();
  await page.waitForURL(`**/curate/${slug}/metrics`);
  await page.getByTestId('metric-row-dice:lesion').getByRole('radio').check();
  await page.getByTestId('metric-row-hd95:lesion').getByRole('checkbox').check();
  await expect(page.getByTestId('metric-row-dice:foreground')).toHaveCount(0);
  await save();
  await page.waitForURL(`**/curate/${slug}/tracks`);
  await page.goto(`/curate/${slug}/ground-truth`);

  // ── ground truth for each track: files in the shapes above ──
  const uploads: [string, { name: string; mimeType: string; buffer: Buffer }][] = [
    [
      'main',
      {
        name: 'closed.jsonl',
        mimeType: 'application/jsonl',
        buffer: Buffer.from(CLOSED.map((q) => JSON.stringify(q)).join('\n') + '\n'),
      },
    ],
    [
      'open',
      {
        name: 'open.jsonl',
        mimeType: 'application/jsonl',
        buffer: Buffer.from(
          OPEN.map((q) => JSON.stringify({ id: q.id, answer: q.answer })).join('\n') + '\n',
        ),
      },
    ],
    ['lesions', { name: 'masks.zip', mimeType: 'application/zip', buffer: masksZip(0) }],
  ];
  for (const [trackSlug, file] of uploads) {
    const upload = page.getByTestId(`ground-truth-${trackSlug}-test`);
    await upload.getByLabel(/Ground truth for/).setInputFiles(file);
    await upload.getByRole('button', { name: 'Upload and validate' }).click();
    await expect(upload.getByTestId('gt-preview')).toBeVisible({ timeout: 60_000 });
    await upload.getByRole('button', { name: 'Use this ground truth' }).click();
    await expect(upload.getByTestId('gt-status')).toContainText('In use', { timeout: 60_000 });
  }
  await shoot(page, 'first-hour-ground-truth');

  // ── a phase, then publish ──
  await page.goto(`/curate/${slug}/phases`);
  await page.getByRole('button', { name: 'Add a phase' }).click();
  await page.getByLabel('Opens (UTC)').fill('2026-01-01T00:00');
  await page.getByLabel('Closes (UTC)').fill('2099-01-01T00:00');
  await save();
  await page.waitForURL(`**/curate/${slug}/review`);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('benchmark-status')).toHaveText('published');

  // ── a participant downloads each template and fills it ──
  const participant = await (await browser.newContext()).newPage();
  const bo = await createAccountWithToken('first-hour-participant');
  await signInThroughForm(participant, bo.email);
  const template = async (track: string) => {
    const response = await participant.request.get(
      `/api/v1/benchmarks/${slug}/template?track=${track}`,
    );
    return { status: response.status(), text: await response.text() };
  };
  const closedTemplate = await template('main');
  expect(closedTemplate.status).toBe(200);
  const closedRows = closedTemplate.text.trim().split('\n');
  expect(closedRows[0]).toBe('case_id,answer');
  expect(closedRows).toHaveLength(CLOSED.length + 1);
  // Every closed question answered "Yes, there is." as a chatty model would: right exactly on the
  // yes questions; on an either-or question it names no choice (an extraction failure).
  const closedFilled = [
    closedRows[0],
    ...closedRows.slice(1).map((row) => `${row.split(',')[0]},"Yes, there is."`),
  ].join('\n');
  const expectedClosed = CLOSED.filter((q) => normalize(q.answer) === 'yes').length / CLOSED.length;
  const openTemplate = await template('open');
  expect(openTemplate.status).toBe(200);
  const openRows = openTemplate.text.trim().split('\n');
  expect(openRows[0]).toBe('case_id,answer');
  const openAnswer = new Map(OPEN.map((q) => [q.id, q.answer]));
  // The reference answer on every other question (by template order), "not sure" elsewhere.
  const csvText = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const openFilled = [
    openRows[0],
    ...openRows.slice(1).map((row, i) => {
      const caseId = row.split(',')[0]!;
      return `${caseId},${csvText(i % 2 === 0 ? openAnswer.get(caseId)! : 'not sure')}`;
    }),
  ].join('\n');
  const expectedOpen = Math.ceil(OPEN.length / 2) / OPEN.length;
  // Masks have no per-case template: the route says what to send instead.
  const maskTemplate = await template('lesions');
  expect(maskTemplate.status).toBe(400);
  expect(maskTemplate.text).toMatch(/zip/i);

  const submit = async (
    track: string,
    method: string,
    file: { name: string; mimeType: string; buffer: Buffer },
  ) => {
    await participant.goto(`/benchmarks/${slug}?track=${track}`);
    await participant.getByLabel('Method name').fill(method);
    await participant.getByLabel(/Predictions file/).setInputFiles(file);
    await participant.getByRole('button', { name: 'Submit for scoring' }).click();
    await participant.waitForURL(/\/submissions\/[a-z0-9]+$/);
    await expect(participant.getByTestId('submission-status')).toHaveText('Scored', {
      timeout: 120_000,
    });
    const id = participant.url().split('/').pop()!;
    const body = (await (await participant.request.get(`/api/v1/submissions/${id}`)).json()) as {
      submission: { evaluations: { scores: { metric: string; value: number }[] }[] };
    };
    return (metric: string) =>
      body.submission.evaluations[0]!.scores.find((s) => s.metric === metric)!.value;
  };
  const closed = await submit('main', 'Always-yes VLM', {
    name: 'closed.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(closedFilled + '\n'),
  });
  expect(closed('closed_accuracy')).toBe(Number(expectedClosed.toFixed(3)));
  await shoot(participant, 'first-hour-closed-submission');
  const open = await submit('open', 'Half-right VLM', {
    name: 'open.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(openFilled + '\n'),
  });
  expect(open('vqa_exact_match')).toBe(Number(expectedOpen.toFixed(3)));
  const masks = await submit('lesions', 'Shifted U-Net', {
    name: 'masks.zip',
    mimeType: 'application/zip',
    buffer: masksZip(2),
  });
  expect(masks('dice:lesion')).toBe(EXPECTED_DICE);
  // A distance in mm, lower is better: finite and positive for masks two columns apart.
  expect(masks('hd95:lesion')).toBeGreaterThan(0);

  // ── the board: each track ranked on its own primary metric; the lesion board says mm ──
  await participant.goto(`/benchmarks/${slug}?track=lesions`);
  await expect(
    participant.getByTestId('board-row').filter({ hasText: 'Shifted U-Net' }),
  ).toContainText('0.750');
  await expectNoSeriousA11yViolations(participant);
  await shoot(participant, 'first-hour-lesion-board');

  // ── the curator sees the closed entry case by case; the participant does not ──
  await page.goto(`/curate/${slug}/results`);
  const entry = page.getByTestId('curator-entries').getByRole('row', { name: /Always-yes VLM/ });
  await entry.getByRole('link').first().click();
  const cases = page.getByTestId('entry-cases');
  await expect(cases).toBeVisible();
  await expect(cases).toContainText('yes');
  await expectNoSeriousA11yViolations(page);
  await shoot(page, 'first-hour-curator-results');
  await participant.goto(`/curate/${slug}/results`);
  await expect(participant.getByTestId('entry-cases')).toHaveCount(0);
  await expect(participant.getByText('Always-yes VLM')).toHaveCount(0);
});

function cli(args: string[]): string {
  const result = medrank(args);
  if (result.status !== 0)
    throw new Error(`medrank ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

test.describe.configure({ mode: 'serial' });

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ fullPage: true, path: path.join(artifacts, `${name}-desktop.png`) });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ fullPage: true, path: path.join(artifacts, `${name}-phone.png`) });
  if (size) await page.setViewportSize(size);
}

// ── VQA-RAD's questions, as a curator has them: the answer text, not a letter ──
interface CatalogQuestion {
  id: string;
  answer: string;
  options?: string[];
  categories?: Record<string, string>;
}
const readJsonl = <T>(file: string): T[] =>
  readFileSync(path.join(REPO_ROOT, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
const CLOSED = readJsonl<CatalogQuestion>(
  'data/catalog/vqa-rad/ground-truth.closed.test.jsonl',
).map((q) => {
  const options = q.options!;
  const answer = options[q.answer.charCodeAt(0) - 65]!;
  const isYesNo = options.length === 2 && options[0] === 'yes' && options[1] === 'no';
  // Yes/no questions use the track's answer set; either-or questions name their own choices.
  return isYesNo ? { id: q.id, answer } : { id: q.id, answer, choices: options };
});
const OPEN = readJsonl<CatalogQuestion>('data/catalog/vqa-rad/ground-truth.open.test.jsonl');

// ── 24 lesion masks (32 × 32, lesion = 255): an 8 × 8 square; the model's is shifted 2 columns ──
const MASK_SIZE = 32;
const MASK_CASES = Array.from({ length: 24 }, (_, i) => `lesion-${String(i + 1).padStart(2, '0')}`);
function squareMask(top: number, left: number): Buffer {
  const image = new PNG({ width: MASK_SIZE, height: MASK_SIZE, colorType: 0, bitDepth: 8 });
  const data = Buffer.alloc(MASK_SIZE * MASK_SIZE);
  for (let y = top; y < top + 8; y++)
    for (let x = left; x < left + 8; x++) data[y * MASK_SIZE + x] = 255;
  image.data = data;
  return PNG.sync.write(image, {
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
  });
}
const masksZip = (shift: number) =>
  encodeZip(
    MASK_CASES.map((caseId, i) => ({
      name: `${caseId}.png`,
      data: squareMask(4 + (i % 3) * 6, 4 + (i % 4) * 4 + shift),
    })),
  );
// Overlap 8 × 6 of two 8 × 8 squares: Dice = 2·48 / 128 = 0.75 on every case.
const EXPECTED_DICE = 0.75;

test('a curator builds a report-generation benchmark with the CLI; a participant fills the template and is scored as nltk scores it', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'first-hour-'));
  const slug = `cxr-reports-${stamp}`;
  const curator = await createAccountWithToken('report-curator');
  cli(['user', 'set-role', '--email', curator.email, '--role', 'curator']);

  // ── the definition as code: one track, PTB-lower normalization, four metrics ──
  const definition = path.join(dir, 'benchmark.yaml');
  writeFileSync(
    definition,
    [
      `slug: ${slug}`,
      'title: Chest X-ray findings (first-hour journey)',
      'summary: Generated findings sections scored against radiologists’ reports.',
      'tracks:',
      '  - slug: findings',
      '    name: Findings',
      '    taskType: report-generation',
      '    taskConfig:',
      '      sections: [findings]',
      '      textNormalization: ptb-lower',
      '    metrics: [bleu4_corpus, meteor, cider_d, rougeL_f]',
      '    primaryMetric: bleu4_corpus',
      '    testSets:',
      '      - slug: test',
      '        name: Test',
      '        visibility: public',
      'phases:',
      '  - name: Open',
      '    opensAt: 2024-01-01T00:00:00Z',
      '    scoreDecimals: 4',
      '',
    ].join('\n'),
  );
  expect(cli(['benchmark', 'import', definition, '--as', curator.email])).toContain(
    `created ${slug} (draft)`,
  );

  // ── hidden truth over the API: upload (validated by a worker), then confirm ──
  const truth = path.join(dir, 'truth.jsonl');
  writeFileSync(
    truth,
    PAIRS.map((p) => JSON.stringify({ id: p.id, findings: p.reference })).join('\n') + '\n',
  );
  const api = ['--url', BASE_URL, '--token', curator.token];
  const uploaded = JSON.parse(
    cli([
      'ground-truth',
      'upload',
      truth,
      '--benchmark',
      slug,
      '--track',
      'findings',
      '--test-set',
      'test',
      '--json',
      ...api,
    ]),
  ) as { id: string; status: string; preview: { caseCount: number } | null };
  expect(uploaded.status).toBe('READY');
  expect(uploaded.preview?.caseCount).toBe(PAIRS.length);
  const applied = JSON.parse(cli(['ground-truth', 'confirm', uploaded.id, '--json', ...api])) as {
    status: string;
  };
  expect(applied.status).toBe('APPLIED');
  expect(cli(['benchmark', 'import', definition, '--as', curator.email, '--publish'])).toContain(
    `published ${slug}`,
  );

  // ── a participant: the template has every study once, with an empty findings text ──
  const participant = await createAccountWithToken('report-participant');
  const templateResponse = await page.request.get(
    `/api/v1/benchmarks/${slug}/template?track=findings`,
  );
  expect(templateResponse.status()).toBe(200);
  const template = (await templateResponse.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; findings: string });
  expect(template.map((row) => row.id).sort()).toEqual(PAIRS.map((p) => p.id).sort());
  expect(template.every((row) => row.findings === '')).toBe(true);
  const byId = new Map(PAIRS.map((p) => [p.id, p.candidate]));
  const filled = path.join(dir, 'predictions.jsonl');
  writeFileSync(
    filled,
    template.map((row) => JSON.stringify({ ...row, findings: byId.get(row.id) })).join('\n') + '\n',
  );
  const scored = JSON.parse(
    cli([
      'submit',
      '--benchmark',
      slug,
      '--track',
      'findings',
      '--file',
      filled,
      '--method',
      'Template-filled model',
      '--wait',
      '--json',
      '--url',
      BASE_URL,
      '--token',
      participant.token,
    ]),
  ) as { status: string; evaluations: { scores: { metric: string; value: number }[] }[] };
  expect(scored.status).toBe('SCORED');
  const value = (metric: string) =>
    scored.evaluations[0]!.scores.find((s) => s.metric === metric)!.value;
  const ptb = REFERENCE.conventions['ptb-lower']!;
  // Stated to the phase's 4 decimals; the unrounded values equal nltk's to 1e-12 (parity tests).
  expect(value('bleu4_corpus')).toBe(Number(ptb.bleu[3]!.toFixed(4)));
  expect(value('meteor')).toBe(Number(ptb.meteorMean.toFixed(4)));
  if (ptb.ciderD) expect(value('cider_d')).toBe(Number(ptb.ciderD.score.toFixed(4)));

  // ── the board says which normalization the numbers use ──
  await page.goto(`/benchmarks/${slug}`);
  const row = page.getByTestId('board-row').filter({ hasText: 'Template-filled model' });
  // The board states each metric to its own display decimals (3 for BLEU).
  await expect(row).toContainText(ptb.bleu[3]!.toFixed(3));
  await expect(page.getByTestId('metric-qualifier').first()).toContainText('PTB, lower-cased');
});
