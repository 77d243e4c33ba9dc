import { assertSameLength, binaryCounts, confusion } from './shared.js';

export interface F1Options {
  /** 'binary': F1 of `positiveLabel`; 'macro': unweighted mean over labels present in yTrue ∪ yPred. */
  average?: 'binary' | 'macro';
  positiveLabel?: number;
}

/**
 * F1 score, the harmonic mean of precision and recall: F1 = 2·P·R / (P + R) = 2TP / (2TP + FP + FN).
 * `average: 'binary'` (default) scores the positive class; `average: 'macro'` averages the
 * per-label F1 over the sorted union of labels in yTrue and yPred, exactly as sklearn (so a
 * binary task's macro F1 averages the F1 of class 0 and class 1; peers README §7).
 * A label with TP + FP + FN = 0 or P + R = 0 scores 0 (sklearn's zero_division default).
 * Computed with sklearn's operation order (precision and recall first), so values agree to the bit.
 * Range [0, 1], higher is better. Empty input → NaN.
 * @throws {RangeError} when yTrue and yPred differ in length.
 * @see van Rijsbergen (1979), Information Retrieval, ch. 7; scikit-learn `f1_score`.
 * @example f1Score(Int32Array.of(0, 1, 2, 0, 1, 2), Int32Array.of(0, 2, 1, 0, 0, 1), { average: 'macro' }) // 0.2666…
 */
export function f1Score(
  yTrue: Int32Array,
  yPred: Int32Array,
  { average = 'binary', positiveLabel = 1 }: F1Options = {},
): number {
  assertSameLength('f1Score', yTrue, yPred);
  if (yTrue.length === 0) return Number.NaN;
  if (average === 'binary') {
    const { tp, fp, fn } = binaryCounts(yTrue, yPred, positiveLabel);
    return f1FromCounts(tp, fp, fn);
  }
  const { size, matrix } = confusion(yTrue, yPred);
  let sum = 0;
  for (let c = 0; c < size; c++) {
    let predicted = 0,
      actual = 0;
    for (let o = 0; o < size; o++) {
      predicted += matrix[o * size + c]!;
      actual += matrix[c * size + o]!;
    }
    const tp = matrix[c * size + c]!;
    sum += f1FromCounts(tp, predicted - tp, actual - tp);
  }
  return sum / size;
}

/** sklearn's `_prf_divide` then `(1 + β²)·P·R / (β²·P + R)` with β = 1 and 0/0 → 0. */
function f1FromCounts(tp: number, fp: number, fn: number): number {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const denominator = precision + recall;
  return denominator === 0 ? 0 : (2 * precision * recall) / denominator;
}
