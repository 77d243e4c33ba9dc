import { assertScoreMatrix } from './shared.js';

/**
 * Expected calibration error of predicted probabilities (Guo et al. 2017, top-label):
 * each sample's confidence is its largest class probability and its prediction the first class
 * with that probability (numpy argmax). Samples go into `nBins` equal-width bins on confidence,
 * bin m covering ((m−1)/M, m/M] (a confidence of exactly 0 joins the first bin);
 * ECE = Σ_m (|B_m| / n) · |accuracy(B_m) − mean confidence(B_m)|. Empty bins contribute 0.
 * Range [0, 1], lower is better; 0 means confidence matches accuracy in every bin.
 * The value depends on the binning: we fix 15 bins, the paper's choice, and report it in the
 * metric definition. Empty input → NaN.
 * @throws {RangeError} on a shape mismatch, nBins < 1, or a NaN probability.
 * @see Guo, Pleiss, Sun & Weinberger (2017), ICML, "On Calibration of Modern Neural Networks".
 * @see Naeini, Cooper & Hauskrecht (2015), AAAI.
 * @example expectedCalibrationError(Int32Array.of(1, 0), Float64Array.of(0.2, 0.8, 0.6, 0.4), 2) // 0.3
 */
export function expectedCalibrationError(
  yTrue: Int32Array,
  probabilities: Float64Array,
  nClasses: number,
  { nBins = 15 }: { nBins?: number } = {},
): number {
  const n = yTrue.length;
  assertScoreMatrix('expectedCalibrationError', n, probabilities, nClasses);
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new RangeError(
      `expectedCalibrationError: nBins must be a positive integer, got ${nBins}`,
    );
  }
  if (n === 0) return Number.NaN;
  const count = new Float64Array(nBins),
    correct = new Float64Array(nBins),
    confidenceSum = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    let best = 0,
      confidence = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < nClasses; c++) {
      const p = probabilities[i * nClasses + c]!;
      if (Number.isNaN(p))
        throw new RangeError(`expectedCalibrationError: probability of sample ${i} is NaN`);
      if (p > confidence) {
        confidence = p;
        best = c;
      }
    }
    const bin = binOf(confidence, nBins);
    count[bin]!++;
    confidenceSum[bin]! += confidence;
    if (yTrue[i] === best) correct[bin]!++;
  }
  let ece = 0;
  for (let m = 0; m < nBins; m++) {
    if (count[m] === 0) continue;
    ece += (count[m]! / n) * Math.abs(correct[m]! / count[m]! - confidenceSum[m]! / count[m]!);
  }
  return ece;
}

/** Bin m (0-based) holds (m/M, (m+1)/M]; the edges are compared as m/M so 0.2 with M=5 is bin 0. */
function binOf(confidence: number, nBins: number): number {
  let m = Math.ceil(confidence * nBins) - 1;
  if (m < 0) m = 0;
  if (m > nBins - 1) m = nBins - 1;
  // confidence·M can round across an edge; settle against the edges themselves.
  while (m > 0 && confidence <= m / nBins) m--;
  while (m < nBins - 1 && confidence > (m + 1) / nBins) m++;
  return m;
}
