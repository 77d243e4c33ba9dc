import { assertSameLength, binaryCounts } from './shared.js';

/**
 * Sensitivity (recall of the positive class, true positive rate): TP / (TP + FN).
 * Range [0, 1], higher is better. Samples labelled `positiveLabel` are positive, all others
 * negative. NaN when there is no positive sample (0/0) or the input is empty.
 * @throws {RangeError} when yTrue and yPred differ in length.
 * @see Altman & Bland (1994), BMJ 308:1552; scikit-learn `recall_score`.
 * @example sensitivityScore(Int32Array.of(1, 1, 1, 0), Int32Array.of(1, 1, 0, 1)) // 0.666…
 */
export function sensitivityScore(
  yTrue: Int32Array,
  yPred: Int32Array,
  { positiveLabel = 1 }: { positiveLabel?: number } = {},
): number {
  assertSameLength('sensitivityScore', yTrue, yPred);
  const { tp, fn } = binaryCounts(yTrue, yPred, positiveLabel);
  return tp + fn === 0 ? Number.NaN : tp / (tp + fn);
}
