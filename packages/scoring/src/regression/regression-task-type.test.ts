import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bootstrapIndices,
  percentileBootstrapCi,
  spearmanCorrelationScore,
} from '@medrank/metrics';
import { scoreSubmissionFile } from '../score-submission-file.js';
import { getTaskType } from '../task-types.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-regression-scoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('regression task type', () => {
  it('scores MAE, RMSE, Pearson and Spearman with CIs on real CSV files', async () => {
    const truthPath = join(dir, 'truth.csv'),
      predictionPath = join(dir, 'pred.csv');
    writeFileSync(truthPath, 'case_id,value\nc1,1\nc2,2\nc3,3\nc4,4\nc5,5\n');
    writeFileSync(predictionPath, 'case_id,value\nc5,5\nc1,2\nc2,1\nc3,4\nc4,3\n');
    const task = getTaskType('regression');
    const config = task.parseConfig({});
    const truth = await task.parseGroundTruth(truthPath, config);
    if (!truth.ok) throw new Error(JSON.stringify(truth.issues));
    const cases = task.groundTruthCases(truth.value, config);
    expect(cases[0]).toEqual({ caseId: 'c1', truth: { value: 1 }, metadata: {} });
    const result = await scoreSubmissionFile({
      taskType: 'regression',
      taskConfig: {},
      metrics: task.defaultMetrics(config),
      file: { path: predictionPath, name: 'pred.csv' },
      testSets: [
        {
          id: 't',
          evaluatorVersion: 1,
          seed: 9,
          caseIds: cases.map((c) => c.caseId),
          truth: new Map(cases.map((c) => [c.caseId, c.truth])),
        },
      ],
      bootstrapReplicates: 300,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const m = result.evaluations[0]!.metrics;
    // sklearn / scipy on prediction [2, 1, 4, 3, 5] vs truth [1, 2, 3, 4, 5]
    expect(m.mae!.value).toBeCloseTo(0.8, 15);
    expect(m.rmse!.value).toBeCloseTo(Math.sqrt(0.8), 15);
    expect(m.pearson_r!.value).toBeCloseTo(0.8, 15);
    expect(m.spearman_rho!.value).toBeCloseTo(0.8, 15);
    // Resamples with a constant side have no correlation: excluded from the CI and counted.
    const indices = bootstrapIndices(5, 300, 9);
    const p = [2, 1, 4, 3, 5],
      t = [1, 2, 3, 4, 5];
    const replicates = Float64Array.from({ length: 300 }, (_, b) => {
      const row = [...indices.subarray(b * 5, b * 5 + 5)];
      return spearmanCorrelationScore(
        row.map((i) => p[i]!),
        row.map((i) => t[i]!),
      );
    });
    const expected = percentileBootstrapCi(replicates);
    expect(m.spearman_rho!.ci).toEqual(expected.ci);
    expect(m.spearman_rho!.ciExcludedReplicates).toBe(expected.excludedCount);
  });
});
