import { replicateCount } from '../statistics/bootstrap.js';
import {
  assertSameLength,
  assertScoreMatrix,
  aucFromGroupCounts,
  averagePrecisionFromGroupCounts,
  counterSlots,
  countBySlot,
  positiveMask,
  scoreGroups,
} from './shared.js';

interface BootstrapOptions {
  positiveLabel?: number;
  onProgress?: (fraction: number) => void;
}

/**
 * Binary AUROC on every bootstrap replicate of a row-major index matrix (see
 * `bootstrapIndices`), equal to `rocAucScore` on each resample (NaN where a resample holds a
 * single class).
 *
 * Why it is fast: scores are sorted once and mapped to tie groups. A replicate only changes how
 * many times each sample is counted, so per replicate we add each drawn index's label into its
 * group's (negative, positive) counter, then sweep the groups in score order accumulating the
 * Mann–Whitney U exactly. That is O(n + groups) per replicate with no sorting and no
 * allocation; 1000 replicates at n = 10,000 take tens of milliseconds.
 * @throws {RangeError} on a length mismatch, NaN score or ragged index matrix.
 * @example bootstrapRocAuc(yTrue, yScore, bootstrapIndices(yTrue.length, 1000, seed))
 */
export function bootstrapRocAuc(
  yTrue: Int32Array,
  yScore: Float64Array,
  indices: Int32Array,
  { positiveLabel = 1, onProgress }: BootstrapOptions = {},
): Float64Array {
  return bootstrapGrouped('bootstrapRocAuc', yTrue, yScore, indices, positiveLabel, aucFromGroupCounts, onProgress);
}

/**
 * Binary average precision (sklearn's step-wise AP) on every bootstrap replicate, with the same
 * sort-once, count-per-group sweep as `bootstrapRocAuc`.
 */
export function bootstrapAveragePrecision(
  yTrue: Int32Array,
  yScore: Float64Array,
  indices: Int32Array,
  { positiveLabel = 1, onProgress }: BootstrapOptions = {},
): Float64Array {
  return bootstrapGrouped(
    'bootstrapAveragePrecision',
    yTrue,
    yScore,
    indices,
    positiveLabel,
    averagePrecisionFromGroupCounts,
    onProgress,
  );
}

function bootstrapGrouped(
  metric: string,
  yTrue: Int32Array,
  yScore: Float64Array,
  indices: Int32Array,
  positiveLabel: number,
  fromCounts: (counts: Float64Array, groupCount: number) => number,
  onProgress?: (fraction: number) => void,
): Float64Array {
  assertSameLength(metric, yTrue, yScore, 'yTrue and yScore');
  const n = yTrue.length;
  if (n === 0) return new Float64Array(0);
  const replicates = replicateCount(indices, n);
  const { groupOf, groupCount } = scoreGroups(metric, yScore, n);
  const slots = counterSlots(groupOf, positiveMask(yTrue, positiveLabel));
  const counts = new Float64Array(2 * groupCount);
  const values = new Float64Array(replicates);
  const progressEvery = Math.max(1, Math.floor(replicates / 20));
  for (let b = 0; b < replicates; b++) {
    countBySlot(slots, counts, indices.subarray(b * n, (b + 1) * n));
    values[b] = fromCounts(counts, groupCount);
    if (onProgress && (b + 1) % progressEvery === 0) onProgress((b + 1) / replicates);
  }
  return values;
}

/**
 * Macro one-vs-rest AUROC (as `rocAucOvrScore`) on every bootstrap replicate: the binary sweep
 * once per class, O(k·n) per replicate. NaN for replicates where some class is absent.
 * @throws {RangeError} on a shape mismatch, NaN score or ragged index matrix.
 */
export function bootstrapRocAucOvr(
  yTrue: Int32Array,
  scores: Float64Array,
  nClasses: number,
  indices: Int32Array,
  { onProgress }: { onProgress?: (fraction: number) => void } = {},
): Float64Array {
  const n = yTrue.length;
  assertScoreMatrix('bootstrapRocAucOvr', n, scores, nClasses);
  if (n === 0) return new Float64Array(0);
  const replicates = replicateCount(indices, n);
  const sums = new Float64Array(replicates);
  for (let k = 0; k < nClasses; k++) {
    const { groupOf, groupCount } = scoreGroups('bootstrapRocAucOvr', scores, n, nClasses, k);
    const slots = counterSlots(groupOf, positiveMask(yTrue, k));
    const counts = new Float64Array(2 * groupCount);
    for (let b = 0; b < replicates; b++) {
      countBySlot(slots, counts, indices.subarray(b * n, (b + 1) * n));
      sums[b]! += aucFromGroupCounts(counts, groupCount);
    }
    onProgress?.((k + 1) / nClasses);
  }
  // Sum per class first, then divide, in the same order as rocAucOvrScore (bitwise equal).
  for (let b = 0; b < replicates; b++) sums[b] = sums[b]! / nClasses;
  return sums;
}
