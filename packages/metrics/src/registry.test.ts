import { describe, expect, it } from 'vitest';
import * as metrics from './index.js';
import { CLASSIFICATION_METRICS, METRICS, getMetricOrThrow } from './registry.js';
import type { ClassificationInput } from './classification/classification-input.js';
import { createRng } from './statistics/prng.js';

// Invariants over every registry entry, in the spirit of scikit-learn's test_common.py.

function randomInput(n: number, nClasses: number, seed: string): ClassificationInput {
  const rng = createRng(seed);
  const yTrue = new Int32Array(n),
    yPred = new Int32Array(n),
    scores = new Float64Array(n * nClasses);
  for (let i = 0; i < n; i++) {
    yTrue[i] = rng.nextInt(nClasses);
    let sum = 0;
    for (let c = 0; c < nClasses; c++) {
      // Coarse values create ties, which metrics must handle consistently.
      const w = Math.round((rng.nextFloat64() + (c === yTrue[i] ? 0.5 : 0)) * 20) / 20 + 0.01;
      scores[i * nClasses + c] = w;
      sum += w;
    }
    for (let c = 0; c < nClasses; c++) scores[i * nClasses + c]! /= sum;
    yPred[i] = rng.nextFloat64() < 0.6 ? yTrue[i]! : rng.nextInt(nClasses);
  }
  return { yTrue, yPred, scores, nClasses, positiveClass: 1 };
}

function permute(input: ClassificationInput, seed: string): ClassificationInput {
  const n = input.yTrue.length,
    k = input.nClasses;
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const scores = new Float64Array(n * k);
  order.forEach((from, to) => {
    for (let c = 0; c < k; c++) scores[to * k + c] = input.scores![from * k + c]!;
  });
  return {
    ...input,
    yTrue: Int32Array.from(order, (i) => input.yTrue[i]!),
    yPred: Int32Array.from(order, (i) => input.yPred[i]!),
    scores,
  };
}

const cases = Object.values(CLASSIFICATION_METRICS).flatMap((metric) =>
  metric.tasks.map((task) => [metric.key, task, metric] as const),
);

describe.each(cases)('%s (%s)', (_key, task, metric) => {
  const nClasses = task === 'binary' ? 2 : 4;
  const inputs = [0, 1, 2].map((s) => randomInput(200, nClasses, `${metric.key}-${task}-${s}`));

  it('returns finite values within its declared range on random data', () => {
    for (const input of inputs) {
      const value = metric.compute(input);
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(metric.range[0]);
      expect(value).toBeLessThanOrEqual(metric.range[1]);
    }
  });

  it('is invariant to the order of samples', () => {
    for (const input of inputs) {
      expect(metric.compute(permute(input, 'perm'))).toBeCloseTo(metric.compute(input), 12);
    }
  });

  it('scores a perfect prediction at the best end of its range (or at least as well as random)', () => {
    const input = inputs[0]!;
    const perfectScores = new Float64Array(input.scores!.length);
    input.yTrue.forEach((t, i) => (perfectScores[i * nClasses + t] = 1));
    const perfect = metric.compute({ ...input, yPred: input.yTrue, scores: perfectScores });
    const best = metric.higherIsBetter ? metric.range[1] : metric.range[0];
    expect(perfect).toBeCloseTo(best, 12);
    const random = metric.compute(input);
    expect(metric.higherIsBetter ? perfect >= random : perfect <= random).toBe(true);
  });
});

const withFastBootstrap = cases.filter(([, , metric]) => 'prepareBootstrap' in metric);

describe.each(withFastBootstrap)('%s (%s) fast bootstrap', (_key, task, metric) => {
  it('agrees with compute on resamples, also when called chunk by chunk', () => {
    if (!('prepareBootstrap' in metric)) throw new Error('filtered above');
    const nClasses = task === 'binary' ? 2 : 4;
    const input = randomInput(150, nClasses, `${metric.key}-${task}-boot`);
    const n = input.yTrue.length;
    const run = metric.prepareBootstrap(input);
    const identity = Int32Array.from({ length: n }, (_, i) => i);
    expect(run(identity)[0]).toBeCloseTo(metric.compute(input), 12);
    const reversedHalf = Int32Array.from({ length: n }, (_, i) => Math.floor((n - 1 - i) / 2));
    const pick = (source: Int32Array) => Int32Array.from(reversedHalf, (i) => source[i]!);
    const scores = new Float64Array(n * nClasses);
    reversedHalf.forEach((from, to) => {
      for (let c = 0; c < nClasses; c++)
        scores[to * nClasses + c] = input.scores![from * nClasses + c]!;
    });
    const expected = metric.compute({
      ...input,
      yTrue: pick(input.yTrue),
      yPred: pick(input.yPred),
      scores,
    });
    expect(run(reversedHalf)[0]).toBeCloseTo(expected, 12);
  });
});

describe('registry metadata', () => {
  it.each(Object.values(METRICS))(
    '$key: direction matches the implementing function name',
    (metric) => {
      const name = (metric as { functionName?: string }).functionName;
      expect(name, 'every entry names its exported function').toBeTypeOf('string');
      expect(metrics).toHaveProperty(name!);
      expect(typeof (metrics as Record<string, unknown>)[name!]).toBe('function');
      if (/Score$/.test(name!)) expect(metric.higherIsBetter).toBe(true);
      else if (/(Error|Distance|Loss)$/.test(name!)) expect(metric.higherIsBetter).toBe(false);
      else throw new Error(`${name} should end in Score, Error, Distance or Loss`);
    },
  );

  it.each(Object.entries(METRICS))(
    '%s: key matches, versioned, described with a reference',
    (key, metric) => {
      expect(metric.key).toBe(key);
      expect(metric.key).toMatch(/^[a-z0-9_]+$/);
      expect(Number.isInteger(metric.version) && metric.version >= 1).toBe(true);
      expect(metric.range[0]).toBeLessThan(metric.range[1]);
      expect(metric.definition.length).toBeGreaterThan(40);
      expect(metric.definition).toMatch(/\(|\d{4}|scikit-learn/); // names a reference
    },
  );

  it('getMetricOrThrow finds entries and names the known keys otherwise', () => {
    expect(getMetricOrThrow('roc_auc').label).toBe('AUROC');
    expect(() => getMetricOrThrow('nope')).toThrow(/known: .*accuracy/);
  });
});
