import { assertSameLength } from './shared.js';

/**
 * Accuracy: the fraction of samples whose predicted label equals the true label, k/n.
 * Range [0, 1], higher is better. Labels are integer class indices (any integers compare).
 * Empty input returns NaN (sklearn returns nan with a warning too).
 * @throws {RangeError} when yTrue and yPred differ in length.
 * @see scikit-learn `accuracy_score`.
 * @example accuracyScore(Int32Array.of(0, 1, 2, 3), Int32Array.of(0, 2, 1, 3)) // 0.5
 */
export function accuracyScore(yTrue: Int32Array, yPred: Int32Array): number {
  assertSameLength('accuracyScore', yTrue, yPred);
  if (yTrue.length === 0) return Number.NaN;
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}
