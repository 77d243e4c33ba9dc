import { assertSameLength, confusion } from './shared.js';

export type KappaWeights = 'none' | 'linear' | 'quadratic';

/**
 * Cohen's kappa, agreement corrected for chance: κ = 1 − Σ w_ij·O_ij / Σ w_ij·E_ij, where O is
 * the confusion matrix over the sorted union of labels, E = outer(row sums, column sums)/n the
 * agreement expected by chance, and w_ij = 1 − [i = j] (none), |i − j| (linear) or (i − j)²
 * (quadratic), with i, j the positions in the sorted label list (as sklearn, not label values).
 * Range [−1, 1], higher is better; 0 is chance agreement. Symmetric in its arguments.
 * NaN when the chance-weighted disagreement is 0 (e.g. a single label) or the input is empty
 * (sklearn returns nan with a warning).
 * @throws {RangeError} when the label arrays differ in length.
 * @see Cohen (1960), Educ. Psychol. Meas. 20(1):37–46; Cohen (1968), Psychol. Bull. 70(4):213–220.
 * @example cohenKappaScore(Int32Array.of(2, 0, 2, 2, 0, 1), Int32Array.of(0, 0, 2, 2, 0, 2)) // 0.4285…
 */
export function cohenKappaScore(
  yTrue: Int32Array,
  yPred: Int32Array,
  { weights = 'none' }: { weights?: KappaWeights } = {},
): number {
  assertSameLength('cohenKappaScore', yTrue, yPred);
  if (yTrue.length === 0) return Number.NaN;
  const { size, matrix } = confusion(yTrue, yPred);
  const rowSums = new Float64Array(size),
    columnSums = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const count = matrix[i * size + j]!;
      rowSums[i]! += count;
      columnSums[j]! += count;
      total += count;
    }
  }
  let observed = 0,
    expected = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const w =
        weights === 'none'
          ? i === j
            ? 0
            : 1
          : weights === 'linear'
            ? Math.abs(i - j)
            : (i - j) ** 2;
      observed += w * matrix[i * size + j]!;
      expected += (w * rowSums[i]! * columnSums[j]!) / total;
    }
  }
  return expected === 0 ? Number.NaN : 1 - observed / expected;
}
