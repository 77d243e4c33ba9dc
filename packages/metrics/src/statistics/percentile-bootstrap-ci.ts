import { sortedPercentile } from './percentile.js';

export interface BootstrapCi {
  /** [low, high]; [NaN, NaN] when no replicate is finite. */
  ci: [number, number];
  /** Replicates used (non-NaN). */
  validCount: number;
  /** Replicates excluded because the statistic was undefined on them (NaN), e.g. a resample
   * that contains a single class has no AUROC. Reported so a caller can flag unstable CIs. */
  excludedCount: number;
}

/**
 * Percentile bootstrap confidence interval: the (1−c)/2 and (1+c)/2 type-7 percentiles of the
 * replicate statistics (numpy `np.percentile(values, [100(1−c)/2, 100(1+c)/2])`; the quantile
 * levels are computed with exactly that expression so results match numpy bit for bit).
 * NaN replicates are excluded and counted.
 * @throws {RangeError} when confidence is not in (0, 1).
 * @see Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 13.
 * @example percentileBootstrapCi(Float64Array.of(1, 2, 3, 4, 5), 0.5).ci // [2, 4]
 */
export function percentileBootstrapCi(
  replicateValues: Float64Array,
  confidence = 0.95,
): BootstrapCi {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`percentileBootstrapCi: confidence must be in (0, 1), got ${confidence}`);
  }
  const finite = new Float64Array(replicateValues.length);
  let validCount = 0;
  for (let i = 0; i < replicateValues.length; i++) {
    const v = replicateValues[i]!;
    if (!Number.isNaN(v)) finite[validCount++] = v;
  }
  const sorted = finite.subarray(0, validCount).sort();
  const ci: [number, number] = [
    sortedPercentile(sorted, (100 * (1 - confidence)) / 2),
    sortedPercentile(sorted, (100 * (1 + confidence)) / 2),
  ];
  return { ci, validCount, excludedCount: replicateValues.length - validCount };
}
