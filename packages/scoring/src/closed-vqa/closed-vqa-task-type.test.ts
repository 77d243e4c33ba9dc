import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapIndices, percentileBootstrapCi } from '@medrank/metrics';
import { scoreSubmissionFile } from '../score-submission-file.js';
import { getTaskType } from '../task-types.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-closed-scoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const write = (lines: unknown[]) => {
  const path = join(dir, `f${count++}.jsonl`);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
  return path;
};

// Eight questions: q0–q4 yes/no (truth yes, yes, yes, no, no), q5–q7 either-or with own choices.
// organ Chest for q0–q3, Head for q4–q7.
const truthLines = [
  { id: 'q0', answer: 'Yes' },
  { id: 'q1', answer: 'yes' },
  { id: 'q2', answer: 'yes.' },
  { id: 'q3', answer: 'no' },
  { id: 'q4', answer: 'No' },
  { id: 'q5', answer: 'left', choices: ['left', 'right'] },
  { id: 'q6', answer: 'right', choices: ['left', 'right'] },
  { id: 'q7', answer: 'MRI', choices: ['CT', 'MRI'] },
].map((line, i) => ({ ...line, categories: { organ: i < 4 ? 'Chest' : 'Head' } }));

// q0 right (leading), q1 right (exact), q2 failure (hedge), q3 wrong (says yes), q4 right
// (contained), q5 failure (empty), q6 wrong (left), q7 right (contained) → 4 of 8 correct.
const predictionLines = [
  { id: 'q0', answer: 'Yes, there is an effusion.' },
  { id: 'q1', answer: 'YES' },
  { id: 'q2', answer: 'yes or no' },
  { id: 'q3', answer: 'Yes.' },
  { id: 'q4', answer: 'There is no mass.' },
  { id: 'q5', answer: '' },
  { id: 'q6', answer: 'The left one' },
  { id: 'q7', answer: 'This is an MRI scan.' },
];
const correct = [1, 1, 0, 0, 1, 0, 0, 1];
// True answers (normalized) per case, for balanced accuracy: per-answer recall
// yes 2/3, no 1/2, left 0/1, right 0/1, mri 1/1 → mean of five.
const trueAnswers = ['yes', 'yes', 'yes', 'no', 'no', 'left', 'right', 'mri'];
const balancedOf = (rows: ArrayLike<number>) => {
  const hits = new Map<string, [number, number]>();
  for (const i of Array.from(rows)) {
    const [h, n] = hits.get(trueAnswers[i]!) ?? [0, 0];
    hits.set(trueAnswers[i]!, [h + correct[i]!, n + 1]);
  }
  const recalls = [...hits.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, [h, n]]) => h / n);
  return recalls.reduce((s, r) => s + r, 0) / recalls.length;
};

async function truthTestSet(path: string, config: Record<string, unknown>) {
  const task = getTaskType('closed-vqa');
  const parsedConfig = task.parseConfig(config);
  const truth = await task.parseGroundTruth(path, parsedConfig);
  if (!truth.ok) throw new Error(JSON.stringify(truth.issues));
  const cases = task.groundTruthCases(truth.value, parsedConfig);
  return {
    id: 'test',
    evaluatorVersion: 1,
    seed: 'closed-seed',
    caseIds: cases.map((c) => c.caseId),
    truth: new Map(cases.map((c) => [c.caseId, c.truth])),
    categories: new Map(cases.map((c) => [c.caseId, c.metadata])),
  };
}

const METRICS = ['closed_accuracy', 'closed_balanced_accuracy', 'extraction_failure_rate'];

describe('closed-vqa task type', () => {
  it('stores the answer as its choice is spelt, own choices only where the question has them', async () => {
    const testSet = await truthTestSet(write(truthLines), {});
    expect(testSet.truth.get('q0')).toEqual({ answer: 'yes' });
    expect(testSet.truth.get('q2')).toEqual({ answer: 'yes' });
    expect(testSet.truth.get('q6')).toEqual({ answer: 'right', choices: ['left', 'right'] });
    expect(testSet.categories.get('q7')).toEqual({ organ: 'Head' });
  });

  it('scores accuracy, balanced accuracy and the failure rate with CIs, breakdowns and a note', async () => {
    const config = { minCategorySize: 4 };
    const result = await scoreSubmissionFile({
      taskType: 'closed-vqa',
      taskConfig: config,
      metrics: METRICS,
      file: { path: write(predictionLines), name: 'predictions.jsonl' },
      testSets: [await truthTestSet(write(truthLines), config)],
      bootstrapReplicates: 400,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [evaluation] = result.evaluations;
    expect(evaluation!.n).toBe(8);
    expect(evaluation!.metrics.closed_accuracy!.value).toBe(4 / 8);
    expect(evaluation!.metrics.extraction_failure_rate!.value).toBe(2 / 8);
    expect(evaluation!.metrics.closed_balanced_accuracy!.value).toBeCloseTo(
      (2 / 3 + 1 / 2 + 0 + 0 + 1) / 5,
      15,
    );
    expect(evaluation!.notes).toEqual([
      "2 of 8 responses state none of the question's answers, or more than one, and count as wrong (empty 1, ambiguous 1)",
    ]);

    // Independent CIs: the same seeded resamples, each metric recomputed per row.
    const indices = bootstrapIndices(8, 400, 'closed-seed');
    const rowsOf = (b: number) => indices.subarray(b * 8, b * 8 + 8);
    const accuracy = Float64Array.from(
      { length: 400 },
      (_, b) => rowsOf(b).reduce((s, i) => s + correct[i]!, 0) / 8,
    );
    const balanced = Float64Array.from({ length: 400 }, (_, b) => balancedOf(rowsOf(b)));
    expect(evaluation!.metrics.closed_accuracy!.ci).toEqual(percentileBootstrapCi(accuracy).ci);
    const [low, high] = evaluation!.metrics.closed_balanced_accuracy!.ci!;
    const expected = percentileBootstrapCi(balanced).ci;
    expect(low).toBeCloseTo(expected[0], 12);
    expect(high).toBeCloseTo(expected[1], 12);

    const cells = evaluation!.breakdowns!.map(({ category, metric, value, n }) => ({
      category,
      metric,
      value,
      n,
    }));
    expect(cells).toEqual([
      { category: 'Chest', metric: 'closed_accuracy', value: 2 / 4, n: 4 },
      { category: 'Chest', metric: 'closed_balanced_accuracy', value: (2 / 3 + 0) / 2, n: 4 },
      { category: 'Chest', metric: 'extraction_failure_rate', value: 1 / 4, n: 4 },
      { category: 'Head', metric: 'closed_accuracy', value: 2 / 4, n: 4 },
      { category: 'Head', metric: 'closed_balanced_accuracy', value: (1 + 0 + 0 + 1) / 4, n: 4 },
      { category: 'Head', metric: 'extraction_failure_rate', value: 1 / 4, n: 4 },
    ]);
  });

  it('gives an always-"yes" model accuracy equal to the share of yes but balanced accuracy 0.5', async () => {
    const truth = ['yes', 'yes', 'yes', 'no'].map((answer, i) => ({ id: `c${i}`, answer }));
    const result = await scoreSubmissionFile({
      taskType: 'closed-vqa',
      taskConfig: {},
      metrics: METRICS,
      file: { path: write(truth.map(({ id }) => ({ id, answer: 'yes' }))), name: 'p.jsonl' },
      testSets: [await truthTestSet(write(truth), {})],
      bootstrapReplicates: 0,
    });
    expect(result).toMatchObject({
      ok: true,
      evaluations: [
        {
          metrics: {
            closed_accuracy: { value: 0.75 },
            closed_balanced_accuracy: { value: 0.5 },
            extraction_failure_rate: { value: 0 },
          },
        },
      ],
    });
    if (result.ok) expect(result.evaluations[0]!.notes ?? []).toEqual([]);
  });

  it('reads the track’s answer set and accepts CSV predictions; small categories are left out', async () => {
    const config = { answerSet: ['present', 'absent'] };
    const truth = [
      { id: 'a', answer: 'Present', categories: { organ: 'Chest' } },
      { id: 'b', answer: 'absent', categories: { organ: 'Chest' } },
    ];
    const csv = join(dir, 'predictions.csv');
    writeFileSync(csv, 'case_id,answer\na,"Present, in the left lobe"\nb,not absent\n');
    const result = await scoreSubmissionFile({
      taskType: 'closed-vqa',
      taskConfig: config,
      metrics: ['closed_accuracy'],
      file: { path: csv, name: 'predictions.csv' },
      testSets: [await truthTestSet(write(truth), config)],
      bootstrapReplicates: 0,
    });
    expect(result).toMatchObject({
      ok: true,
      evaluations: [{ n: 2, metrics: { closed_accuracy: { value: 1, ci: null } } }],
    });
    if (result.ok) expect(result.evaluations[0]!.breakdowns).toBeUndefined();
  });

  it('rejects ground truth outside the answer set with line and case id', async () => {
    const task = getTaskType('closed-vqa');
    const parsed = await task.parseGroundTruth(
      write([{ id: 'a', answer: 'maybe' }]),
      task.parseConfig({}),
    );
    expect(parsed).toMatchObject({
      ok: false,
      issues: [{ line: 1, caseId: 'a', column: 'answer' }],
    });
  });

  it('rejects an invalid submission with line-numbered issues that never reveal the answers', async () => {
    const bad = write([
      { id: 'q0', answer: 'yes' },
      { id: 'q1', answer: ['yes'] },
      { id: 'q1', answer: 'no' },
      { id: 'zz', answer: 'no' },
    ]);
    const result = await scoreSubmissionFile({
      taskType: 'closed-vqa',
      taskConfig: {},
      metrics: METRICS,
      file: { path: bad, name: 'bad.jsonl' },
      testSets: [await truthTestSet(write(truthLines), {})],
      bootstrapReplicates: 10,
    });
    expect(result).toMatchObject({ ok: false, issueCount: 4 });
    if (result.ok) return;
    expect(result.issues.map((i) => i.line)).toEqual([2, 3, 4, undefined]);
    const text = JSON.stringify(result);
    for (const answer of ['left', 'right', 'MRI']) expect(text).not.toContain(answer);
    expect(text).not.toMatch(/correct/i);
  });

  it('rejects unknown metrics and unusable configurations as BAD_REQUEST', async () => {
    const testSet = await truthTestSet(write(truthLines), {});
    await expect(
      scoreSubmissionFile({
        taskType: 'closed-vqa',
        taskConfig: {},
        metrics: ['vqa_accuracy'],
        file: { path: write(predictionLines), name: 'p' },
        testSets: [testSet],
        bootstrapReplicates: 0,
      }),
    ).rejects.toThrow(/unknown closed-vqa metric "vqa_accuracy"; known: closed_accuracy/);
    const parse = getTaskType('closed-vqa').parseConfig;
    expect(() => parse({ answerSet: ['yes'] })).toThrow(/answerSet must list 2 to 10/);
    expect(() => parse({ minCategorySize: 0 })).toThrow(/minCategorySize must be a positive/);
  });

  it('refuses stored truth that no longer fits the answer set, without naming it', () => {
    const task = getTaskType('closed-vqa');
    const yesNo = new Map([['q0', { answer: 'yes' }]]);
    expect(task.truthFromPayloads(['q0'], yesNo, task.parseConfig({}))).toEqual({
      caseIds: ['q0'],
      answers: ['yes'],
      choices: [null],
    });
    const refused = /^closed-vqa: stored ground truth is missing or invalid for a case/;
    expect(() =>
      task.truthFromPayloads(['q0'], yesNo, task.parseConfig({ answerSet: ['present', 'absent'] })),
    ).toThrow(refused);
    expect(() =>
      task.truthFromPayloads(
        ['q0'],
        new Map([['q0', { answer: 'up', choices: ['left', 'right'] }]]),
        task.parseConfig({}),
      ),
    ).toThrow(refused);
    expect(() =>
      task.truthFromPayloads(
        ['q0'],
        new Map([['q0', { answer: 'left', choices: 'left' }]]),
        task.parseConfig({}),
      ),
    ).toThrow(refused);
    expect(() =>
      task.truthFromPayloads(
        ['q0'],
        new Map([['q0', { answer: 'left', choices: ['left', 'Left.'] }]]),
        task.parseConfig({}),
      ),
    ).toThrow(refused);
    expect(() => task.truthFromPayloads(['q0'], new Map(), task.parseConfig({}))).toThrow(refused);
  });
});
