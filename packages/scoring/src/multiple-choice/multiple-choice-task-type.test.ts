import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapIndices, percentileBootstrapCi } from '@medrank/metrics';
import { scoreSubmissionFile } from '../score-submission-file.js';
import { getTaskType } from '../task-types.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-mc-scoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const write = (lines: unknown[]) => {
  const path = join(dir, `f${count++}.jsonl`);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
  return path;
};

const options = ['Pneumonia', 'Pleural effusion', 'Cardiomegaly', 'No finding'];
// Answers: q0 A, q1 B, q2 C, q3 D, q4 A, q5 B; modality CT for q0–q2, MRI for q3–q5.
const truthLines = ['A', 'B', 'C', 'D', 'A', 'B'].map((answer, i) => ({
  id: `q${i}`,
  answer,
  options,
  categories: { modality: i < 3 ? 'CT' : 'MRI' },
}));
// q0 right (letter), q1 right (phrase), q2 right (option text), q3 wrong (A), q4 failure (ambiguous "A or B"), q5 failure (empty).
const predictionLines = [
  { id: 'q0', answer: 'A' },
  { id: 'q1', answer: 'The answer is (B).' },
  { id: 'q2', answer: 'cardiomegaly' },
  { id: 'q3', answer: 'A. Pneumonia' },
  { id: 'q4', answer: 'The answer is A or B' },
  { id: 'q5', answer: '' },
];

async function truthTestSet(path: string, config: Record<string, unknown>) {
  const task = getTaskType('multiple-choice');
  const parsedConfig = task.parseConfig(config);
  const truth = await task.parseGroundTruth(path, parsedConfig);
  if (!truth.ok) throw new Error(JSON.stringify(truth.issues));
  const cases = task.groundTruthCases(truth.value, parsedConfig);
  return {
    id: 'test',
    evaluatorVersion: 1,
    seed: 'mc-seed',
    caseIds: cases.map((c) => c.caseId),
    truth: new Map(cases.map((c) => [c.caseId, c.truth])),
    categories: new Map(cases.map((c) => [c.caseId, c.metadata])),
  };
}

describe('multiple-choice task type', () => {
  it('stores { answer, options } as the hidden payload and categories as public metadata', async () => {
    const testSet = await truthTestSet(write(truthLines), {});
    expect(testSet.truth.get('q2')).toEqual({ answer: 'C', options });
    expect(testSet.categories.get('q4')).toEqual({ modality: 'MRI' });
  });

  it('scores a JSONL submission: extraction failures count as wrong and are reported, with CIs and breakdowns', async () => {
    const config = { minCategorySize: 3, macroDimension: 'modality' };
    const result = await scoreSubmissionFile({
      taskType: 'multiple-choice',
      taskConfig: config,
      metrics: ['vqa_accuracy', 'extraction_failure_rate', 'vqa_macro_accuracy'],
      file: { path: write(predictionLines), name: 'predictions.jsonl' },
      testSets: [await truthTestSet(write(truthLines), config)],
      bootstrapReplicates: 500,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [evaluation] = result.evaluations;
    expect(evaluation!.n).toBe(6);
    expect(evaluation!.metrics.vqa_accuracy!.value).toBe(3 / 6);
    expect(evaluation!.metrics.extraction_failure_rate!.value).toBe(2 / 6);
    expect(evaluation!.metrics.vqa_macro_accuracy!.value).toBe((1 + 0) / 2); // CT 3/3, MRI 0/3
    expect(evaluation!.notes).toEqual([
      '2 of 6 responses name no option letter and count as wrong (empty 1, ambiguous 1)',
    ]);

    // Independent CI: the same seeded resamples, the accuracy recomputed per row.
    const correct = [1, 1, 1, 0, 0, 0];
    const indices = bootstrapIndices(6, 500, 'mc-seed');
    const replicates = Float64Array.from(
      { length: 500 },
      (_, b) => indices.subarray(b * 6, b * 6 + 6).reduce((s, i) => s + correct[i]!, 0) / 6,
    );
    expect(evaluation!.metrics.vqa_accuracy!.ci).toEqual(percentileBootstrapCi(replicates).ci);

    expect(
      evaluation!.breakdowns!.map(({ dimension, category, metric, value, n }) => ({
        dimension,
        category,
        metric,
        value,
        n,
      })),
    ).toEqual([
      { dimension: 'modality', category: 'CT', metric: 'vqa_accuracy', value: 1, n: 3 },
      { dimension: 'modality', category: 'MRI', metric: 'vqa_accuracy', value: 0, n: 3 },
    ]);
    expect(evaluation!.breakdowns![0]!.ci).toEqual([1, 1]);
  });

  it('accepts CSV predictions and leaves out categories below minCategorySize (default 20)', async () => {
    const csv = join(dir, 'predictions.csv');
    writeFileSync(
      csv,
      `case_id,answer\n${predictionLines.map((p) => `${p.id},"${p.answer}"`).join('\n')}\n`,
    );
    const result = await scoreSubmissionFile({
      taskType: 'multiple-choice',
      taskConfig: {},
      metrics: ['vqa_accuracy'],
      file: { path: csv, name: 'predictions.csv' },
      testSets: [await truthTestSet(write(truthLines), {})],
      bootstrapReplicates: 0,
    });
    expect(result).toMatchObject({
      ok: true,
      evaluations: [{ n: 6, metrics: { vqa_accuracy: { value: 0.5, ci: null } } }],
    });
    if (result.ok) expect(result.evaluations[0]!.breakdowns).toBeUndefined();
  });

  it('rejects an invalid submission with line-numbered issues that never reveal the answers', async () => {
    const bad = write([
      { id: 'q0', answer: 'A' },
      { id: 'q1', answer: { letter: 'B' } },
      { id: 'q1', answer: 'B' },
    ]);
    const result = await scoreSubmissionFile({
      taskType: 'multiple-choice',
      taskConfig: {},
      metrics: ['vqa_accuracy'],
      file: { path: bad, name: 'bad.jsonl' },
      testSets: [await truthTestSet(write(truthLines), {})],
      bootstrapReplicates: 10,
    });
    expect(result).toMatchObject({
      ok: false,
      message: 'bad.jsonl has 3 problems; nothing was scored.',
      issueCount: 3,
    });
    if (result.ok) return;
    expect(result.issues.map((i) => i.line)).toEqual([2, 3, undefined]);
    const text = JSON.stringify(result);
    for (const option of options) expect(text).not.toContain(option);
    expect(text).not.toMatch(/answer is|correct/i);
  });

  it('rejects unknown metrics and a bad config as BAD_REQUEST', async () => {
    const testSet = await truthTestSet(write(truthLines), {});
    await expect(
      scoreSubmissionFile({
        taskType: 'multiple-choice',
        taskConfig: {},
        metrics: ['roc_auc'],
        file: { path: write(predictionLines), name: 'p' },
        testSets: [testSet],
        bootstrapReplicates: 0,
      }),
    ).rejects.toThrow(/unknown multiple-choice metric "roc_auc"; known: vqa_accuracy/);
    expect(() => getTaskType('multiple-choice').parseConfig({ minCategorySize: 0 })).toThrow(
      /minCategorySize must be a positive integer/,
    );
  });

  it('refuses stored truth that does not fit, without naming it', () => {
    const task = getTaskType('multiple-choice');
    expect(() =>
      task.truthFromPayloads(
        ['q0'],
        new Map([['q0', { answer: 'E', options: ['x', 'y'] }]]),
        task.parseConfig({}),
      ),
    ).toThrow(/^multiple-choice: stored ground truth is missing or invalid for a case/);
  });
});
