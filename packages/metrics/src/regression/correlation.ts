import { numpyMean } from '../vqa/pairwise-sum.js';

function checkLengths(name: string, prediction: ArrayLike<number>, truth: ArrayLike<number>): void {
  if (prediction.length !== truth.length) {
    throw new RangeError(`${name}: lengths differ (${prediction.length} vs ${truth.length})`);
  }
}

const hasNaN = (values: ArrayLike<number>): boolean => {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  return false;
};

const isConstant = (values: ArrayLike<number>): boolean => {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
};

/** Euclidean norm scaled by the largest magnitude, so huge values do not overflow (as scipy.linalg.norm). */
function norm(values: Float64Array): number {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  if (largest === 0) return 0;
  let sum = 0;
  for (const v of values) sum += (v / largest) ** 2;
  return largest * Math.sqrt(sum);
}

/**
 * Ranks 1…n with ties given the average of the ranks they span (scipy `rankdata(method='average')`).
 * @example averageRanks([1, 2, 2, 3]) // Float64Array [1, 2.5, 2.5, 4]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end] ?? 0] === values[order[start] ?? 0]) end += 1;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) ranks[order[k] ?? 0] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Pearson correlation coefficient r = Σ(x − x̄)(y − ȳ) / (‖x − x̄‖·‖y − ȳ‖), computed as scipy 1.10
 * `pearsonr`: deviations normalized first, then their dot product, clipped to [−1, 1]; for two
 * points the product of the signs of the differences. Range [−1, 1], higher is better (stronger
 * agreement), symmetric. Undefined cases give NaN: a constant input (scipy warns
 * ConstantInputWarning and returns nan), fewer than two points (scipy raises), or any NaN.
 * @throws {RangeError} when the arrays differ in length.
 * @see scipy `scipy.stats.pearsonr` (1.10).
 * @example pearsonCorrelationScore([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) // 0.8
 */
export function pearsonCorrelationScore(
  prediction: ArrayLike<number>,
  truth: ArrayLike<number>,
): number {
  checkLengths('pearsonCorrelationScore', prediction, truth);
  const n = truth.length;
  if (n < 2 || hasNaN(prediction) || hasNaN(truth) || isConstant(prediction) || isConstant(truth))
    return Number.NaN;
  if (n === 2) {
    return (
      Math.sign((prediction[1] ?? 0) - (prediction[0] ?? 0)) *
      Math.sign((truth[1] ?? 0) - (truth[0] ?? 0))
    );
  }
  const x = Float64Array.from(prediction),
    y = Float64Array.from(truth);
  const xMean = numpyMean(x),
    yMean = numpyMean(y);
  for (let i = 0; i < n; i++) {
    x[i] = (x[i] ?? 0) - xMean;
    y[i] = (y[i] ?? 0) - yMean;
  }
  const xNorm = norm(x),
    yNorm = norm(y);
  let r = 0;
  for (let i = 0; i < n; i++) r += ((x[i] ?? 0) / xNorm) * ((y[i] ?? 0) / yNorm);
  return Math.max(Math.min(r, 1), -1);
}

/**
 * Spearman rank correlation ρ: the Pearson correlation of the average ranks (ties share the mean
 * of their ranks), computed like scipy 1.10 `spearmanr` (np.corrcoef of the ranks: covariance
 * divided by each standard deviation in turn, clipped to [−1, 1]). Range [−1, 1], higher is
 * better, symmetric, invariant to any increasing transform of either input. Constant input,
 * fewer than two points, or any NaN → NaN (scipy returns nan with a warning).
 * @throws {RangeError} when the arrays differ in length.
 * @see scipy `scipy.stats.spearmanr` (1.10). @see Spearman (1904), Am. J. Psychol. 15(1):72–101.
 * @example spearmanCorrelationScore([10, 20, 30, 40], [4, 3, 2, 1.5]) // −1
 */
export function spearmanCorrelationScore(
  prediction: ArrayLike<number>,
  truth: ArrayLike<number>,
): number {
  checkLengths('spearmanCorrelationScore', prediction, truth);
  const n = truth.length;
  if (n < 2 || hasNaN(prediction) || hasNaN(truth) || isConstant(prediction) || isConstant(truth))
    return Number.NaN;
  const x = averageRanks(prediction),
    y = averageRanks(truth);
  const xMean = numpyMean(x),
    yMean = numpyMean(y);
  let sxx = 0,
    syy = 0,
    sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - xMean,
      dy = (y[i] ?? 0) - yMean;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const r = sxy / (n - 1) / Math.sqrt(sxx / (n - 1)) / Math.sqrt(syy / (n - 1));
  return Math.max(Math.min(r, 1), -1);
}
