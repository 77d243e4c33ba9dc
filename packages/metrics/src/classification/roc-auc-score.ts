import { assertSameLength, assertScoreMatrix, rocAucFromScores } from './shared.js';

/**
 * Area under the ROC curve of a binary task, computed as the Mann–Whitney U statistic with
 * tied scores counted 1/2 (average ranks): AUROC = P(s⁺ > s⁻) + ½·P(s⁺ = s⁻). This equals
 * scikit-learn's trapezoidal `roc_auc_score` to within 1 ulp, including ties; sorting without
 * grouping ties would not (peers README §7). Samples with label `positiveLabel` are positive,
 * every other label negative.
 * Range [0, 1], higher is better; 0.5 is chance. O(n log n).
 * Undefined when only one class is present (sklearn raises ValueError): returns NaN, so
 * aggregation and bootstrap CIs skip it. Empty input returns NaN.
 * @throws {RangeError} on a length mismatch or a NaN score.
 * @see Hanley & McNeil (1982), Radiology 143(1):29–36.
 * @example rocAucScore(Int32Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.4, 0.35, 0.8)) // 0.75
 */
export function rocAucScore(
  yTrue: Int32Array,
  yScore: Float64Array,
  { positiveLabel = 1 }: { positiveLabel?: number } = {},
): number {
  assertSameLength('rocAucScore', yTrue, yScore, 'yTrue and yScore');
  return rocAucFromScores('rocAucScore', yTrue, yScore, positiveLabel);
}

/**
 * Macro one-vs-rest AUROC of a multi-class task: the unweighted mean over classes k of the
 * binary AUROC of (yTrue == k) against scores[:, k], as scikit-learn's
 * `roc_auc_score(y, S, multi_class='ovr', average='macro')`.
 * `scores` is row-major n×nClasses; labels are class indices 0..nClasses−1.
 * Range [0, 1], higher is better. NaN when any class has no positive or no negative sample
 * (sklearn raises), or for empty input. Unlike sklearn this does not require rows to sum to 1:
 * the file parsers enforce that at the edge.
 * @throws {RangeError} on a shape mismatch or a NaN score.
 * @see Provost & Domingos (2000), "Well-trained PETs: improving probability estimation trees".
 * @example rocAucOvrScore(Int32Array.of(0, 1, 2), Float64Array.of(.8, .1, .1, .1, .8, .1, .1, .1, .8), 3) // 1
 */
export function rocAucOvrScore(yTrue: Int32Array, scores: Float64Array, nClasses: number): number {
  const perClass = rocAucOvrPerClass(yTrue, scores, nClasses);
  let sum = 0;
  for (const auc of perClass) sum += auc;
  return sum / nClasses;
}

/** Per-class one-vs-rest AUROCs (NaN for a class without positives or negatives). */
export function rocAucOvrPerClass(
  yTrue: Int32Array,
  scores: Float64Array,
  nClasses: number,
): Float64Array {
  const n = yTrue.length;
  assertScoreMatrix('rocAucOvrScore', n, scores, nClasses);
  const perClass = new Float64Array(nClasses);
  for (let k = 0; k < nClasses; k++) {
    perClass[k] = rocAucFromScores('rocAucOvrScore', yTrue, scores, k, nClasses, k);
  }
  return perClass;
}
