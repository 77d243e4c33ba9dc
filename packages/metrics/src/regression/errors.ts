function checkLengths(name: string, prediction: ArrayLike<number>, truth: ArrayLike<number>): void {
  if (prediction.length !== truth.length) {
    throw new RangeError(`${name}: lengths differ (${prediction.length} vs ${truth.length})`);
  }
}

/**
 * Mean absolute error, MAE = Σ|p − t| / n, in the unit of the target. Range [0, ∞), lower is
 * better, symmetric. Equals sklearn `mean_absolute_error` (which raises on empty input; here
 * empty → NaN, so aggregation skips it). NaN anywhere propagates.
 * @throws {RangeError} when the arrays differ in length.
 * @see scikit-learn `sklearn.metrics.mean_absolute_error`.
 * @example meanAbsoluteError(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(2, 1, 4, 3, 5)) // 0.8
 */
export function meanAbsoluteError(prediction: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkLengths('meanAbsoluteError', prediction, truth);
  if (truth.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += Math.abs((prediction[i] ?? 0) - (truth[i] ?? 0));
  return sum / truth.length;
}

/**
 * Root mean squared error, RMSE = √(Σ(p − t)² / n), in the unit of the target. Range [0, ∞),
 * lower is better, symmetric; ≥ MAE, weighing large errors more. Equals
 * `sqrt(sklearn.metrics.mean_squared_error)`. Empty → NaN. NaN anywhere propagates.
 * @throws {RangeError} when the arrays differ in length.
 * @see scikit-learn `sklearn.metrics.mean_squared_error`.
 * @example rootMeanSquaredError(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(2, 1, 4, 3, 5)) // √0.8 ≈ 0.894
 */
export function rootMeanSquaredError(
  prediction: ArrayLike<number>,
  truth: ArrayLike<number>,
): number {
  checkLengths('rootMeanSquaredError', prediction, truth);
  if (truth.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    const d = (prediction[i] ?? 0) - (truth[i] ?? 0);
    sum += d * d;
  }
  return Math.sqrt(sum / truth.length);
}
