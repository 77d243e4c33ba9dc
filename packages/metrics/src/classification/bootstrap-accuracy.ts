import type { PreparedBootstrap } from './bootstrap-roc-auc.js';
import { assertSameLength } from './shared.js';

/**
 * Fast bootstrap of accuracy: marks each case correct or not once, then scores every row of an
 * index matrix (`bootstrapIndices`) by counting the correct cases it draws. Each replicate is
 * exactly `accuracyScore` on that resample (the same integer count over the same n), without
 * copying labels per replicate (the generic path materialises yTrue, yPred and the scores).
 * @throws {RangeError} when yTrue and yPred differ in length, or an index matrix is not whole rows.
 * @example prepareBootstrapAccuracy(Int32Array.of(0, 1), Int32Array.of(0, 0))(Int32Array.of(0, 0, 1, 1)) // [1, 0]
 */
export function prepareBootstrapAccuracy(yTrue: Int32Array, yPred: Int32Array): PreparedBootstrap {
  assertSameLength('prepareBootstrapAccuracy', yTrue, yPred);
  const n = yTrue.length;
  const correct = new Uint8Array(n);
  for (let i = 0; i < n; i++) correct[i] = yTrue[i] === yPred[i] ? 1 : 0;
  return (indices) => {
    if (n === 0) return new Float64Array(0);
    if (indices.length % n !== 0)
      throw new RangeError(
        `prepareBootstrapAccuracy: ${indices.length} indices are not whole rows of ${n}`,
      );
    const replicates = indices.length / n;
    const out = new Float64Array(replicates);
    for (let b = 0; b < replicates; b++) {
      let count = 0;
      const end = (b + 1) * n;
      for (let j = b * n; j < end; j++) count += correct[indices[j]!]!;
      out[b] = count / n;
    }
    return out;
  };
}
