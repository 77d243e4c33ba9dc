import type { TestSetEvaluation } from '@medrank/scoring';
import { describe, expect, it } from 'vitest';
import { toEvaluationResult } from './score-submission.js';

// What the scorer returns for one test set, as toEvaluationResult reads it.
const scored = {
  testSetId: 'ts',
  evaluatorVersion: 1,
  n: 30,
  durationMs: 12.4,
  metrics: {
    roc_auc: {
      value: 0.8706140350877193,
      ci: [0.80123456, 0.93456789],
      n: 30,
      replicates: Float64Array.of(0.8712345, 0.8698765),
    },
    accuracy: {
      value: 23 / 30,
      ci: [0.6012, 0.8987],
      n: 30,
      replicates: Float64Array.of(0.7666666, 0.8),
      caseValues: Float64Array.of(1, 0, 1),
    },
    ece: { value: null, ci: null, n: 30 },
  },
  breakdowns: [
    {
      dimension: 'site',
      category: 'A',
      metric: 'accuracy',
      value: 11 / 15,
      ci: [0.5123, 0.9001],
      n: 15,
    },
  ],
  notes: [],
} satisfies TestSetEvaluation;

describe('toEvaluationResult', () => {
  it('rounds every public number (scores, CIs, breakdowns) to the stated precision', () => {
    const result = toEvaluationResult(scored, 3);
    expect(result.scores).toEqual([
      { metric: 'roc_auc', value: 0.871, ciLow: 0.801, ciHigh: 0.935, n: 30 },
      { metric: 'accuracy', value: 0.767, ciLow: 0.601, ciHigh: 0.899, n: 30 },
      { metric: 'ece', value: null, ciLow: null, ciHigh: null, n: 30 },
    ]);
    expect(result.breakdowns).toEqual([
      {
        dimension: 'site',
        category: 'A',
        metric: 'accuracy',
        value: 0.733,
        ciLow: 0.512,
        ciHigh: 0.9,
        n: 15,
      },
    ]);
    expect(toEvaluationResult(scored, 0).scores[0]).toMatchObject({
      value: 1,
      ciLow: 1,
      ciHigh: 1,
    });
  });

  it('keeps the hidden replicates and per-case values exact', () => {
    const result = toEvaluationResult(scored, 1);
    expect(result.replicates!.roc_auc).toBe(scored.metrics.roc_auc.replicates);
    expect(result.caseValues!.roc_auc).toBeUndefined();
    expect(result.caseValues!.accuracy).toBe(scored.metrics.accuracy.caseValues);
    expect(result.replicates!.ece).toBeUndefined();
  });
});
