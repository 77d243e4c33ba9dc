import {
  assertSameLength,
  averagePrecisionFromGroupCounts,
  counterSlots,
  countBySlot,
  positiveMask,
  scoreGroups,
} from './shared.js';

/**
 * Average precision (area under the precision–recall curve, step-wise): AP = Σ_t (R_t − R_{t−1})·P_t
 * over thresholds t at each distinct score, descending, as scikit-learn's
 * `average_precision_score` (no interpolation; tied scores form one threshold, so their order
 * does not matter).
 * Range [0, 1], higher is better; a random ranking scores about the prevalence.
 * No positive sample: NaN (sklearn 1.2 returns 0 with a warning; NaN keeps an undefined value
 * out of aggregates and bootstrap CIs). Empty input → NaN.
 * @throws {RangeError} on a length mismatch or a NaN score.
 * @see scikit-learn `average_precision_score`; Zhu (2004), "Recall, precision and average precision".
 * @example averagePrecisionScore(Int32Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.4, 0.35, 0.8)) // 0.8333…
 */
export function averagePrecisionScore(
  yTrue: Int32Array,
  yScore: Float64Array,
  { positiveLabel = 1 }: { positiveLabel?: number } = {},
): number {
  assertSameLength('averagePrecisionScore', yTrue, yScore, 'yTrue and yScore');
  const { groupOf, groupCount } = scoreGroups('averagePrecisionScore', yScore, yTrue.length);
  const counts = new Float64Array(2 * groupCount);
  countBySlot(counterSlots(groupOf, positiveMask(yTrue, positiveLabel)), counts);
  return averagePrecisionFromGroupCounts(counts, groupCount);
}
