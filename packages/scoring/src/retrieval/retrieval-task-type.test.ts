import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateTrecRun } from '@medrank/metrics';
import { scoreSubmissionFile } from '../score-submission-file.js';
import { getTaskType } from '../task-types.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-retrieval-scoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('retrieval task type', () => {
  it('scores a TREC run per query, equal to evaluateTrecRun with -c semantics', async () => {
    const qrelsPath = join(dir, 'qrels.txt'),
      runPath = join(dir, 'run.txt');
    writeFileSync(qrelsPath, 'q1 0 d1 1\nq1 0 d2 0\nq1 0 d3 2\nq2 0 d4 1\nq2 0 d5 1\nq3 0 d9 1\n');
    // q1: d2 (0), d3 (2), d1 (1); q2: d6 (unjudged), d5 (1) and a tie broken by doc id; q3: no results.
    writeFileSync(
      runPath,
      'q1 Q0 d2 1 3.0 r\nq1 Q0 d3 2 2.0 r\nq1 Q0 d1 3 1.0 r\nq2 Q0 d6 1 0.9 r\nq2 Q0 d5 2 0.5 r\nq2 Q0 d4 3 0.5 r\n',
    );
    const task = getTaskType('retrieval');
    const config = task.parseConfig({ k: 2 });
    const truth = await task.parseGroundTruth(qrelsPath, config);
    if (!truth.ok) throw new Error(JSON.stringify(truth.issues));
    const cases = task.groundTruthCases(truth.value, config);
    expect(cases[1]).toEqual({
      caseId: 'q2',
      truth: {
        judgments: [
          ['d4', 1],
          ['d5', 1],
        ],
      },
      metadata: {},
    });
    const result = await scoreSubmissionFile({
      taskType: 'retrieval',
      taskConfig: { k: 2 },
      metrics: task.defaultMetrics(config),
      file: { path: runPath, name: 'run.txt' },
      testSets: [
        {
          id: 't',
          evaluatorVersion: 1,
          seed: 1,
          caseIds: cases.map((c) => c.caseId),
          truth: new Map(cases.map((c) => [c.caseId, c.truth])),
        },
      ],
      bootstrapReplicates: 100,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const e = result.evaluations[0]!;
    const reference = evaluateTrecRun(
      new Map(truth.value.caseIds.map((q, i) => [q, truth.value.judgments[i]!])),
      new Map([
        [
          'q1',
          [
            { docId: 'd2', score: 3 },
            { docId: 'd3', score: 2 },
            { docId: 'd1', score: 1 },
          ],
        ],
        [
          'q2',
          [
            { docId: 'd6', score: 0.9 },
            { docId: 'd5', score: 0.5 },
            { docId: 'd4', score: 0.5 },
          ],
        ],
      ]),
      { k: 2, includeQueriesWithoutResults: true },
    );
    expect(e.n).toBe(3);
    expect(e.metrics.ndcg_at_k!.value).toBeCloseTo(reference.mean.ndcg, 15);
    expect(e.metrics.map!.value).toBeCloseTo(reference.mean.averagePrecision, 15);
    expect(e.metrics.mrr!.value).toBeCloseTo(reference.mean.reciprocalRank, 15);
    expect(e.metrics.recall_at_k!.value).toBeCloseTo(reference.mean.recall, 15);
    // Hand check of MRR: q1 first relevant at rank 2 (d3), q2 at rank 2 (d5 beats d4 on the tie), q3 0.
    expect(e.metrics.mrr!.value).toBeCloseTo((0.5 + 0.5 + 0) / 3, 15);
    expect(e.notes).toContain(
      '1 of 3 queries have no results in the run and score 0 (trec_eval -c)',
    );
  });
});
