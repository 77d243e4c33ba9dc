import { describe, expect, it } from 'vitest';
import { bootstrapIndices } from '../statistics/bootstrap-indices.js';
import { accuracyScore } from './accuracy-score.js';
import { prepareBootstrapAccuracy } from './bootstrap-accuracy.js';
import { randomBinary, randomMulticlass } from './test-fixtures.js';

/** accuracyScore on each resample, materialised: what the generic bootstrap path computes. */
function resampled(yTrue: Int32Array, yPred: Int32Array, indices: Int32Array): number[] {
  const n = yTrue.length;
  const out: number[] = [];
  for (let b = 0; b < indices.length / n; b++) {
    const row = indices.subarray(b * n, (b + 1) * n);
    out.push(
      accuracyScore(
        Int32Array.from(row, (i) => yTrue[i]!),
        Int32Array.from(row, (i) => yPred[i]!),
      ),
    );
  }
  return out;
}

describe('prepareBootstrapAccuracy', () => {
  it('equals accuracyScore on every resample, exactly (binary and 5 classes)', () => {
    const binary = randomBinary(997, 'acc-binary');
    const multi = randomMulticlass(503, 5, 'acc-multi');
    for (const { yTrue, yPred } of [binary, multi]) {
      const indices = bootstrapIndices(yTrue.length, 200, 'acc');
      expect(Array.from(prepareBootstrapAccuracy(yTrue, yPred)(indices))).toEqual(
        resampled(yTrue, yPred, indices),
      );
    }
  });

  it('gives the same rows chunk by chunk as in one call', () => {
    const { yTrue, yPred } = randomBinary(300, 'acc-chunks');
    const run = prepareBootstrapAccuracy(yTrue, yPred);
    const whole = run(bootstrapIndices(300, 50, 9));
    const chunks = [0, 20, 40].flatMap((first) =>
      Array.from(
        run(bootstrapIndices(300, Math.min(20, 50 - first), 9, { firstReplicate: first })),
      ),
    );
    expect(chunks).toEqual(Array.from(whole));
  });

  it('is 1 for a row of correct cases and 0 for a row of wrong ones', () => {
    const run = prepareBootstrapAccuracy(Int32Array.of(0, 1, 1), Int32Array.of(0, 0, 1));
    expect(Array.from(run(Int32Array.of(0, 2, 0, 1, 1, 1)))).toEqual([1, 0]);
  });

  it('refuses labels of different lengths and indices that are not whole rows', () => {
    expect(() => prepareBootstrapAccuracy(Int32Array.of(0, 1), Int32Array.of(0))).toThrow(
      RangeError,
    );
    const run = prepareBootstrapAccuracy(Int32Array.of(0, 1), Int32Array.of(0, 1));
    expect(() => run(Int32Array.of(0, 1, 0))).toThrow('3 indices are not whole rows of 2');
  });
});
