import { assertSameLength, confusion } from './shared.js';

/**
 * Balanced accuracy: the unweighted mean over classes of per-class recall, TP_c / (TP_c + FN_c),
 * over the classes present in yTrue (a label only predicted has no recall; sklearn drops it with
 * a warning, and so do we). For binary tasks, (sensitivity + specificity) / 2.
 * Range [0, 1], higher is better; chance level is 1/(number of classes). Empty input → NaN.
 * @throws {RangeError} when yTrue and yPred differ in length.
 * @see Brodersen et al. (2010), ICPR, "The balanced accuracy and its posterior distribution".
 * @see scikit-learn `balanced_accuracy_score` (adjusted=False).
 * @example balancedAccuracyScore(Int32Array.of(0, 1, 0, 0, 1, 0), Int32Array.of(0, 1, 0, 0, 0, 1)) // 0.625
 */
export function balancedAccuracyScore(yTrue: Int32Array, yPred: Int32Array): number {
  assertSameLength('balancedAccuracyScore', yTrue, yPred);
  if (yTrue.length === 0) return Number.NaN;
  const { size, matrix } = confusion(yTrue, yPred);
  const recalls: number[] = [];
  for (let t = 0; t < size; t++) {
    let support = 0;
    for (let p = 0; p < size; p++) support += matrix[t * size + p]!;
    if (support > 0) recalls.push(matrix[t * size + t]! / support);
  }
  let sum = 0;
  for (const recall of recalls) sum += recall;
  return sum / recalls.length;
}
