import { boxIou } from './box-iou.js';
import type { BoxXyxy, DetectionDataset } from './detection-dataset.js';
import { groundTruthPerCategory, packDetections } from './pack-detections.js';

/** Average false positives per image at which FROC sensitivities are read (LUNA16, CAMELYON16). */
export const FROC_FALSE_POSITIVE_RATES: readonly number[] = [0.125, 0.25, 0.5, 1, 2, 4, 8];

/**
 * When a prediction hits a ground-truth lesion of the same class and image:
 * - 'iou': IoU ≥ `iouThreshold` (default 0.5) with an unmatched box, taking the best IoU;
 * - 'center-in-box': the prediction's centre lies inside (borders included) an unmatched box,
 *   taking the box whose centre is nearest, as LUNA16-style challenges count a candidate
 *   inside a nodule as a hit.
 */
export type FrocHitCriterion = 'iou' | 'center-in-box';

export interface FrocOptions {
  hitCriterion?: FrocHitCriterion;
  iouThreshold?: number;
  fpRates?: readonly number[];
  /**
   * A prediction that would hit only lesions already found: 'false-positive' (default, as COCO
   * counts duplicates) or 'ignore' (neither hit nor false positive, as the LUNA16 script does).
   */
  duplicateHits?: 'false-positive' | 'ignore';
}

export interface FrocEvaluation {
  readonly fpRates: readonly number[];
  /** Sensitivity at each rate in `fpRates`. */
  readonly sensitivities: readonly number[];
  /** Mean of `sensitivities` (the LUNA16 "CPM" when the rates are the default seven). */
  readonly meanSensitivity: number;
  /** Operating points after each distinct score: average FPs per image and sensitivity. */
  readonly curve: { readonly fpPerImage: Float64Array; readonly sensitivity: Float64Array };
}

/**
 * Free-response ROC: lesion sensitivity against average false positives per image, read at
 * `fpRates` (default 1/8, 1/4, 1/2, 1, 2, 4, 8) and averaged. Predictions of all classes are
 * pooled; in each image they are matched in descending score order, each hitting at most one
 * unmatched ground-truth box of its own class ({@link FrocHitCriterion}); a miss is a false
 * positive, a duplicate hit too unless `duplicateHits: 'ignore'`. Sensitivity at rate f is the
 * highest lesion recall of any score threshold whose false positives per image are ≤ f (tied
 * scores form one threshold; no interpolation between operating points, whereas the LUNA16
 * script interpolates linearly, and no extrapolation: 0 below the first operating point).
 * No per-image detection limit. Range [0, 1], higher is better. NaN without ground truth.
 * @throws {RangeError} on unknown ids, malformed boxes, non-finite scores, an IoU threshold
 *   outside (0, 1] or a negative/empty rate list.
 * @see Chakraborty (1989), Medical Physics 16(4):561–568; Setio et al. (2017), LUNA16, Medical Image Analysis 42:1–13.
 * @example evaluateFroc(dataset).meanSensitivity
 */
export function evaluateFroc(dataset: DetectionDataset, options: FrocOptions = {}): FrocEvaluation {
  const caller = 'evaluateFroc';
  const {
    hitCriterion = 'iou',
    iouThreshold = 0.5,
    fpRates = FROC_FALSE_POSITIVE_RATES,
    duplicateHits = 'false-positive',
  } = options;
  if (!(iouThreshold > 0 && iouThreshold <= 1)) {
    throw new RangeError(`${caller}: iouThreshold must be in (0, 1] (got ${iouThreshold})`);
  }
  if (fpRates.length === 0 || !fpRates.every((r) => r >= 0 && Number.isFinite(r))) {
    throw new RangeError(`${caller}: fpRates must be a non-empty list of finite rates >= 0`);
  }
  const packed = packDetections(caller, dataset);
  const {
    imageIds,
    categoryIds,
    gtStart,
    gtBoxes,
    predStart,
    predBoxes,
    predScores,
    predInputIndex,
  } = packed;
  const lesionCount = groundTruthPerCategory(packed).reduce((a, b) => a + b, 0);
  const I = imageIds.length;
  const K = categoryIds.length;
  const taken = new Uint8Array(gtBoxes.length / 4);
  const isHit = new Uint8Array(predScores.length);
  const isCounted = new Uint8Array(predScores.length);
  const cellOf = new Int32Array(predScores.length);
  for (let c = 0; c < I * K; c++) {
    for (let p = predStart[c] as number; p < (predStart[c + 1] as number); p++) cellOf[p] = c;
  }
  const byRank = (a: number, b: number) =>
    (predScores[b] as number) - (predScores[a] as number) ||
    (predInputIndex[a] as number) - (predInputIndex[b] as number);
  for (let im = 0; im < I; im++) {
    // All predictions of this image, every class, by descending score (ties in input order).
    const inImage: number[] = [];
    for (let k = 0; k < K; k++) {
      for (let p = predStart[k * I + im] as number; p < (predStart[k * I + im + 1] as number); p++)
        inImage.push(p);
    }
    inImage.sort(byRank);
    for (const p of inImage) {
      const cell = cellOf[p] as number;
      let best = -1;
      let bestValue = hitCriterion === 'iou' ? -Infinity : Infinity;
      let hitsTaken = false;
      for (let g = gtStart[cell] as number; g < (gtStart[cell + 1] as number); g++) {
        const value =
          hitCriterion === 'iou'
            ? boxIou(box(predBoxes, p), box(gtBoxes, g))
            : centreDistanceIfInside(box(predBoxes, p), box(gtBoxes, g));
        const hits = hitCriterion === 'iou' ? value >= iouThreshold : value !== Infinity;
        if (!hits) continue;
        if (taken[g] !== 0) {
          hitsTaken = true;
          continue;
        }
        if (hitCriterion === 'iou' ? value > bestValue : value < bestValue) {
          bestValue = value;
          best = g;
        }
      }
      if (best >= 0) {
        taken[best] = 1;
        isHit[p] = 1;
        isCounted[p] = 1;
      } else if (!(hitsTaken && duplicateHits === 'ignore')) {
        isCounted[p] = 1;
      }
    }
  }

  const ranked = Int32Array.from({ length: predScores.length }, (_, p) => p)
    .filter((p) => isCounted[p] === 1)
    .sort(byRank);
  const fpPerImage: number[] = [0];
  const sensitivity: number[] = [0];
  let hits = 0;
  let falsePositives = 0;
  ranked.forEach((p, i) => {
    if (isHit[p] === 1) hits++;
    else falsePositives++;
    const next = ranked[i + 1];
    if (next === undefined || predScores[next] !== predScores[p]) {
      fpPerImage.push(falsePositives / I);
      sensitivity.push(hits / lesionCount);
    }
  });
  const sensitivities = fpRates.map((rate) => {
    let best = lesionCount === 0 ? Number.NaN : 0;
    for (let i = 0; i < fpPerImage.length; i++) {
      if ((fpPerImage[i] as number) <= rate && (sensitivity[i] as number) > best)
        best = sensitivity[i] as number;
    }
    return best;
  });
  return {
    fpRates: [...fpRates],
    sensitivities,
    meanSensitivity: sensitivities.reduce((a, b) => a + b, 0) / sensitivities.length,
    curve: {
      fpPerImage: Float64Array.from(fpPerImage),
      sensitivity: Float64Array.from(sensitivity),
    },
  };
}

/** The packed box b as a tuple. */
function box(boxes: Float64Array, b: number): BoxXyxy {
  return [
    boxes[4 * b] as number,
    boxes[4 * b + 1] as number,
    boxes[4 * b + 2] as number,
    boxes[4 * b + 3] as number,
  ];
}

/** Distance between the box centres when p's centre lies inside g (borders included), else ∞. */
function centreDistanceIfInside(p: BoxXyxy, g: BoxXyxy): number {
  const cx = (p[0] + p[2]) / 2;
  const cy = (p[1] + p[3]) / 2;
  if (cx < g[0] || cx > g[2] || cy < g[1] || cy > g[3]) return Infinity;
  return Math.hypot(cx - (g[0] + g[2]) / 2, cy - (g[1] + g[3]) / 2);
}

/**
 * Mean FROC sensitivity at 1/8, 1/4, 1/2, 1, 2, 4 and 8 average false positives per image
 * ({@link evaluateFroc} with its defaults unless overridden). Range [0, 1], higher is better.
 * @example frocScore(dataset, { hitCriterion: 'center-in-box' })
 */
export function frocScore(dataset: DetectionDataset, options: FrocOptions = {}): number {
  return evaluateFroc(dataset, options).meanSensitivity;
}
