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

/** Evaluates a prepared statistic on every row of a row-major index matrix. */
export type PreparedBootstrap = (indices: Int32Array) => Float64Array;

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
 * many times each sample is counted, so per replicate we add each drawn index into its group's
 * (negative, positive) counter, then sweep the groups in score order accumulating the
 * Mann–Whitney U exactly. That is O(n + groups) per replicate with no sorting and no
 * allocation; 1000 replicates at n = 10,000 take about 40 ms.
 * @throws {RangeError} on a length mismatch, NaN score or ragged index matrix.
 * @example bootstrapRocAuc(yTrue, yScore, bootstrapIndices(yTrue.length, 1000, seed))
 */
export function bootstrapRocAuc(
  yTrue: Int32Array,
  yScore: Float64Array,
  indices: Int32Array,
  { positiveLabel = 1, onProgress }: BootstrapOptions = {},
): Float64Array {
  return prepareGrouped(
    'bootstrapRocAuc',
    yTrue,
    yScore,
    positiveLabel,
    aucFromGroupCounts,
    onProgress,
  )(indices);
}

/**
 * `bootstrapRocAuc` split in two: sorting happens here once, and the returned function can be
 * called on successive chunks of replicates (large n, bounded memory) without sorting again.
 */
export function prepareBootstrapRocAuc(
  yTrue: Int32Array,
  yScore: Float64Array,
  { positiveLabel = 1, onProgress }: BootstrapOptions = {},
): PreparedBootstrap {
  return prepareGrouped(
    'bootstrapRocAuc',
    yTrue,
    yScore,
    positiveLabel,
    aucFromGroupCounts,
    onProgress,
  );
}

/**
 * Binary average precision (sklearn's step-wise AP) on every bootstrap replicate, with the same
 * sort-once, count-per-group sweep as `bootstrapRocAuc`.
 */
export function bootstrapAveragePrecision(
  yTrue: Int32Array,
  yScore: Float64Array,
  indices: Int32Array,
  options: BootstrapOptions = {},
): Float64Array {
  return prepareBootstrapAveragePrecision(yTrue, yScore, options)(indices);
}

/** `bootstrapAveragePrecision` prepared once for chunked replicates (see `prepareBootstrapRocAuc`). */
export function prepareBootstrapAveragePrecision(
  yTrue: Int32Array,
  yScore: Float64Array,
  { positiveLabel = 1, onProgress }: BootstrapOptions = {},
): PreparedBootstrap {
  return prepareGrouped(
    'bootstrapAveragePrecision',
    yTrue,
    yScore,
    positiveLabel,
    averagePrecisionFromGroupCounts,
    onProgress,
  );
}

function prepareGrouped(
  metric: string,
  yTrue: Int32Array,
  yScore: Float64Array,
  positiveLabel: number,
  fromCounts: (counts: Float64Array, groupCount: number) => number,
  onProgress?: (fraction: number) => void,
): PreparedBootstrap {
  assertSameLength(metric, yTrue, yScore, 'yTrue and yScore');
  const n = yTrue.length;
  const { groupOf, groupCount } = scoreGroups(metric, yScore, n);
  const slots = counterSlots(groupOf, positiveMask(yTrue, positiveLabel));
  const counts = new Float64Array(2 * groupCount);
  return (indices) => {
    if (n === 0) return new Float64Array(0);
    const replicates = replicateCount(indices, n);
    const values = new Float64Array(replicates);
    const progressEvery = Math.max(1, Math.floor(replicates / 20));
    for (let b = 0; b < replicates; b++) {
      countBySlot(slots, counts, indices.subarray(b * n, (b + 1) * n));
      values[b] = fromCounts(counts, groupCount);
      if (onProgress && (b + 1) % progressEvery === 0) onProgress((b + 1) / replicates);
    }
    return values;
  };
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
  options: { onProgress?: (fraction: number) => void } = {},
): Float64Array {
  return prepareBootstrapRocAucOvr(yTrue, scores, nClasses, options)(indices);
}

/** `bootstrapRocAucOvr` prepared once (k sorts) for chunked replicates. */
export function prepareBootstrapRocAucOvr(
  yTrue: Int32Array,
  scores: Float64Array,
  nClasses: number,
  { onProgress }: { onProgress?: (fraction: number) => void } = {},
): PreparedBootstrap {
  const n = yTrue.length;
  assertScoreMatrix('bootstrapRocAucOvr', n, scores, nClasses);
  const perClass = Array.from({ length: nClasses }, (_, k) => {
    const { groupOf, groupCount } = scoreGroups('bootstrapRocAucOvr', scores, n, nClasses, k);
    return {
      slots: counterSlots(groupOf, positiveMask(yTrue, k)),
      groupCount,
      counts: new Float64Array(2 * groupCount),
    };
  });
  return (indices) => {
    if (n === 0) return new Float64Array(0);
    const replicates = replicateCount(indices, n);
    const sums = new Float64Array(replicates);
    perClass.forEach(({ slots, groupCount, counts }, k) => {
      for (let b = 0; b < replicates; b++) {
        countBySlot(slots, counts, indices.subarray(b * n, (b + 1) * n));
        sums[b]! += aucFromGroupCounts(counts, groupCount);
      }
      onProgress?.((k + 1) / nClasses);
    });
    // Sum per class first, then divide, in the same order as rocAucOvrScore (bitwise equal).
    for (let b = 0; b < replicates; b++) sums[b] = sums[b]! / nClasses;
    return sums;
  };
}
