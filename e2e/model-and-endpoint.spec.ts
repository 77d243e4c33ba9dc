// Issue 10's participant, as a new user would go: download VQA-RAD's public inputs, register an
// OpenAI-compatible endpoint from the browser (a local server started here, clearly a stand-in
// for a remote model, answering from a deterministic rule on the question), submit the committed
// BreastMNIST ONNX model from the browser to the model track (hidden inputs), then both again
// from the CLI — and see each ranked with its time per case. The stand-in rule's accuracy is
// computed here from the repository's catalog files; the platform must state exactly it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  startChatCompletionsStub,
  type ChatCompletionsStub,
  type StubChatRequest,
} from '@medrank/endpoint-runner/testing';
import { parseInputsManifest } from '@medrank/formats';
import { expect, test } from '@playwright/test';
import {
  createAccountWithToken,
  e2eEnv,
  expectNoSeriousA11yViolations,
  REPO_ROOT,
  screenshots,
  signInThroughForm,
} from './support';

const CATALOG = path.join(REPO_ROOT, 'data/catalog/vqa-rad');
const MODEL = path.join(REPO_ROOT, 'data/models/breastmnist-logreg.onnx');
const API_KEY = 'sk-e2e-stand-in-secret-9876';
const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;

// The stand-in model: "A" (the first option) for questions that open with a verb (Is, Are,
// Does…), "B" otherwise. The prompt's first line is the question (the closed track's template).
const questionOf = (request: StubChatRequest) => request.text.split('\n')[0]!;
const standInAnswer = (question: string) =>
  /^(is|are|does|do|can|was|were|has|have)\b/i.test(question.trim()) ? 'A' : 'B';

/** The stand-in rule's accuracy on the closed track, from the public questions and the truth. */
async function expectedClosedAccuracy(): Promise<number> {
  const manifest = await parseInputsManifest(
    readFileSync(path.join(CATALOG, 'inputs.closed.test.csv'), 'utf8'),
    'manifest.csv',
  );
  if (!manifest.ok) throw new Error('the catalog manifest does not parse');
  const truth = new Map(
    readFileSync(path.join(CATALOG, 'ground-truth.closed.test.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; answer: string })
      .map((t) => [t.id, t.answer]),
  );
  const correct = manifest.rows.filter(
    (row) => standInAnswer(row.columns.question ?? '') === truth.get(row.caseId),
  ).length;
  return correct / manifest.rows.length;
}

/**
 * The real CLI, run without blocking this process: the stand-in endpoint the workers call lives
 * in this process, so support.ts's synchronous `medrank` would deadlock it.
 */
function medrank(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string; status: number }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['apps/cli/bin/medrank.js', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...e2eEnv(), ...env }, timeout: 150_000 },
      (error, stdout, stderr) =>
        resolve({
          stdout,
          stderr,
          status: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        }),
    );
  });
}

let stub: ChatCompletionsStub;
let participant: { email: string; token: string };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  stub = await startChatCompletionsStub({
    answer: (request) => standInAnswer(questionOf(request)),
  });
  participant = await createAccountWithToken('runs');
});

test.afterAll(async () => {
  await stub.close();
});

test('a participant downloads VQA-RAD’s inputs, registers an endpoint in the browser and sees it ranked with its time per case', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInThroughForm(page, participant.email);
  await page.goto('/benchmarks/vqa-rad?track=closed');
  // The public inputs, as a participant fetches them to look at the questions.
  const link = page.getByRole('link', { name: /Download the inputs of Test split/ });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const zip = await readFile((await download.path())!);
  expect(zip.subarray(0, 2).toString()).toBe('PK');

  await page.getByRole('radio', { name: 'Endpoint' }).check();
  await page.getByLabel('Method name').fill('Stand-in VLM (endpoint)');
  await page.getByLabel('Endpoint URL').fill(stub.url);
  await page.getByLabel('Model name').fill('stand-in-vlm');
  await page.getByLabel(/API key/).fill(API_KEY);
  await screenshots(page, 'submit-endpoint');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Register the endpoint for scoring' }).click();

  await page.waitForURL(/\/submissions\/[a-z0-9]+$/);
  await expect(page.getByTestId('submission-status')).toHaveText('Scored', { timeout: 120_000 });
  const expected = await expectedClosedAccuracy();
  await expect(page.getByTestId('score-vqa_accuracy')).toContainText(expected.toFixed(3));
  // Every closed question was asked once, with the key the participant gave and its image.
  const requests = stub.requests();
  expect(requests).toHaveLength(272);
  expect(requests.every((r) => r.authorization === `Bearer ${API_KEY}`)).toBe(true);
  expect(requests.every((r) => (r.imageBytes?.length ?? 0) > 1000)).toBe(true);
  // The run's summary for its team; the key itself is nowhere on the page.
  await expect(page.getByText(/272 cases/).first()).toBeVisible();
  expect(await page.content()).not.toContain(API_KEY);
  await screenshots(page, 'status-endpoint');

  await page.goto('/benchmarks/vqa-rad?track=closed');
  const row = page.getByTestId('board-row').filter({ hasText: 'Stand-in VLM (endpoint)' });
  await expect(row).toContainText(expected.toFixed(3));
  await expect(row.getByTestId('inference-mean')).toHaveText(/^[\d.]+\s(ms|s)$/);
  await expect(row.getByTestId('inference')).toContainText('endpoint');
  await screenshots(page, 'board-endpoint');
});

test('a participant submits the BreastMNIST ONNX model in the browser: run on hidden images, ranked with its time per case', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInThroughForm(page, participant.email);
  await page.goto('/benchmarks/breastmnist?track=model');
  // The track takes models only (its contract is exclusive): no choice of what to submit.
  await expect(page.getByRole('heading', { name: 'Submit a model' })).toBeVisible();
  await expect(page.getByTestId('only-source-hint')).toContainText('takes ONNX models only');
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(page.getByText('Download the case-id template')).toHaveCount(0);
  await page.getByLabel('Method name').fill('Logistic regression (ONNX)');
  await page.getByLabel('Model file (.onnx)').setInputFiles(MODEL);
  await page.getByRole('button', { name: 'Submit for scoring' }).click();
  await page.waitForURL(/\/submissions\/[a-z0-9]+$/);
  await expect(page.getByTestId('submission-status')).toHaveText('Scored', { timeout: 120_000 });
  // AUROC equal to onnxruntime's offline is checked exactly in the integration tests; here: scored.
  await expect(page.getByTestId('score-roc_auc')).toContainText(/0\.[789]\d\d/);
  await screenshots(page, 'status-model');

  await page.goto('/benchmarks/breastmnist?track=model');
  const row = page.getByTestId('board-row').filter({ hasText: 'Logistic regression (ONNX)' });
  await expect(row.getByTestId('inference-mean')).toHaveText(/^[\d.]+\s(ms|s)$/);
  await expect(row.getByTestId('inference')).toContainText('ONNX model');
  await screenshots(page, 'board-model');
  await expectNoSeriousA11yViolations(page);
});

test('the CLI takes an endpoint (--endpoint, --model-name, --api-key-env) and a model, with --wait --json', async () => {
  test.setTimeout(180_000);
  // Another person: the browser's model run above would make this one a near-duplicate.
  const cliToken = (await createAccountWithToken('runs-cli')).token;
  const before = stub.requests().length;
  const endpoint = await medrank(
    [
      'submit',
      '--url',
      BASE_URL,
      '--token',
      cliToken,
      '--benchmark',
      'vqa-rad',
      '--track',
      'open',
      '--endpoint',
      stub.url,
      '--model-name',
      'stand-in-vlm',
      '--api-key-env',
      'E2E_STAND_IN_KEY',
      '--method',
      'Stand-in VLM (CLI)',
      '--wait',
      '--json',
    ],
    { E2E_STAND_IN_KEY: API_KEY },
  );
  expect(endpoint.status, endpoint.stderr).toBe(0);
  const scored = JSON.parse(endpoint.stdout) as {
    status: string;
    evaluations: { caseCount: number; notes: string[]; scores: { metric: string }[] }[];
  };
  expect(scored.status).toBe('SCORED');
  expect(scored.evaluations[0]!.caseCount).toBe(179);
  expect(scored.evaluations[0]!.notes.join('\n')).toMatch(/^endpoint run: 179 cases/m);
  expect(stub.requests().length - before).toBe(179);
  expect(endpoint.stdout).not.toContain(API_KEY);

  const model = await medrank([
    'submit',
    '--url',
    BASE_URL,
    '--token',
    cliToken,
    '--benchmark',
    'breastmnist',
    '--track',
    'model',
    '--model',
    MODEL,
    '--method',
    'Logistic regression (CLI)',
    '--wait',
    '--json',
  ]);
  expect(model.status, model.stderr).toBe(0);
  const run = JSON.parse(model.stdout) as { status: string; evaluations: { notes: string[] }[] };
  expect(run.status).toBe('SCORED');
  expect(run.evaluations[0]!.notes.join('\n')).toMatch(/^model run: 156 cases/m);

  // A host the site does not allow is refused at registration, before anything is stored.
  const refused = await medrank([
    'submit',
    '--url',
    BASE_URL,
    '--token',
    cliToken,
    '--benchmark',
    'vqa-rad',
    '--track',
    'open',
    '--endpoint',
    'https://api.example.org/v1',
    '--model-name',
    'x',
  ]);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/HTTP 400: .*api\.example\.org/);
});
