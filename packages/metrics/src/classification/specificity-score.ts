import { assertSameLength, binaryCounts } from './shared.js';

/**
 * Specificity (true negative rate, recall of the negative class): TN / (TN + FP).
 * Range [0, 1], higher is better. Samples labelled `positiveLabel` are positive, all others
 * negative. NaN when there is no negative sample (0/0) or the input is empty.
 * @throws {RangeError} when yTrue and yPred differ in length.
 * @see Altman & Bland (1994), BMJ 308:1552.
 * @example specificityScore(Int32Array.of(0, 0, 0, 1), Int32Array.of(0, 1, 0, 1)) // 0.666…
 */
export function specificityScore(
  yTrue: Int32Array,
  yPred: Int32Array,
  { positiveLabel = 1 }: { positiveLabel?: number } = {},
): number {
  assertSameLength('specificityScore', yTrue, yPred);
  const { tn, fp } = binaryCounts(yTrue, yPred, positiveLabel);
  return tn + fp === 0 ? Number.NaN : tn / (tn + fp);
}
