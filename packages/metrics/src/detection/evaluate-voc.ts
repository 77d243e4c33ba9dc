import type { DetectionDataset } from './detection-dataset.js';
import { numpyMean, numpySum } from '../statistics/numpy-compat.js';
import { groundTruthPerCategory, packDetections } from './pack-detections.js';

export interface VocClassEvaluation {
  readonly categoryId: number;
  /** All-point interpolated AP; NaN when the class has no ground truth. */
  readonly averagePrecision: number;
  readonly truePositives: number;
  readonly groundTruthCount: number;
  readonly detectionCount: number;
}

export interface VocEvaluation {
  /** Unweighted mean of the per-class AP over classes with ground truth. */
  readonly meanAveragePrecision: number;
  /** Per class, ascending category id. */
  readonly perClass: readonly VocClassEvaluation[];
}

/**
 * PASCAL VOC 2010+ average precision per class and its mean, as py-faster-rcnn `voc_eval`
 * (use_07_metric=False) computes it, with continuous coordinates (no "+1" pixel). Per class,
 * detections of all images are ranked by descending score (stable); each takes the ground-truth
 * box of its image with the highest IoU ({@link vocBoxIou}, first on ties): a true positive if
 * that IoU is strictly greater than `iouThreshold` and the box is not taken yet, otherwise a
 * false positive (a duplicate is a false positive even if another box would qualify).
 * AP = area under the precision envelope (all-point interpolation, VOC2010+).
 * No detection limit per image; no "difficult" flags. Range [0, 1], higher is better.
 * A class without ground truth has AP NaN and is left out of the mean (voc_eval would divide by 0).
 * @throws {RangeError} on unknown image/category ids, malformed boxes or non-finite scores.
 * @see Everingham et al. (2010), IJCV 88:303–338; rbgirshick/py-faster-rcnn lib/datasets/voc_eval.py.
 * @example evaluateVoc(dataset).meanAveragePrecision // 0.6954912980631484 on the peers' det_n5k
 */
export function evaluateVoc(dataset: DetectionDataset, { iouThreshold = 0.5 } = {}): VocEvaluation {
  const caller = 'evaluateVoc';
  if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
    throw new RangeError(`${caller}: iouThreshold must be in [0, 1] (got ${iouThreshold})`);
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
  const groundTruthCounts = groundTruthPerCategory(packed);
  const I = imageIds.length;
  const perClass = categoryIds.map((categoryId, k): VocClassEvaluation => {
    const first = predStart[k * I] as number;
    const n = (predStart[(k + 1) * I] as number) - first;
    const imageOf = new Int32Array(n);
    for (let im = 0; im < I; im++) {
      for (
        let p = predStart[k * I + im] as number;
        p < (predStart[k * I + im + 1] as number);
        p++
      ) {
        imageOf[p - first] = im;
      }
    }
    // This class's detections ranked by score, ties in input order (voc_eval:
    // np.argsort(-confidence, kind='stable') over the result file).
    const ranked = Int32Array.from({ length: n }, (_, d) => first + d).sort(
      (a, b) =>
        (predScores[b] as number) - (predScores[a] as number) ||
        (predInputIndex[a] as number) - (predInputIndex[b] as number),
    );
    const taken = new Uint8Array(gtBoxes.length / 4);
    const groundTruthCount = groundTruthCounts[k] as number;
    let truePositives = 0;
    let falsePositives = 0;
    const recall = new Float64Array(n);
    const precision = new Float64Array(n);
    ranked.forEach((p, rank) => {
      const cell = k * I + (imageOf[p - first] as number);
      let best = -Infinity;
      let bestIndex = -1;
      for (let g = gtStart[cell] as number; g < (gtStart[cell + 1] as number); g++) {
        const iou = vocIou(predBoxes, p, gtBoxes, g);
        if (iou > best) {
          best = iou;
          bestIndex = g;
        }
      }
      if (best > iouThreshold && taken[bestIndex] === 0) {
        truePositives++;
        taken[bestIndex] = 1;
      } else {
        falsePositives++;
      }
      recall[rank] = truePositives / groundTruthCount;
      precision[rank] = truePositives / Math.max(truePositives + falsePositives, Number.EPSILON);
    });
    return {
      categoryId,
      averagePrecision:
        groundTruthCount === 0 ? Number.NaN : allPointAveragePrecision(recall, precision),
      truePositives,
      groundTruthCount,
      detectionCount: n,
    };
  });
  const aps = Float64Array.from(
    perClass.map((c) => c.averagePrecision).filter((ap) => !Number.isNaN(ap)),
  );
  return { meanAveragePrecision: numpyMean(aps), perClass };
}

/** {@link vocBoxIou} on packed [x1, y1, x2, y2] boxes. */
function vocIou(a: Float64Array, i: number, b: Float64Array, j: number): number {
  const ax1 = a[4 * i] as number,
    ay1 = a[4 * i + 1] as number;
  const ax2 = a[4 * i + 2] as number,
    ay2 = a[4 * i + 3] as number;
  const bx1 = b[4 * j] as number,
    by1 = b[4 * j + 1] as number;
  const bx2 = b[4 * j + 2] as number,
    by2 = b[4 * j + 3] as number;
  const iw = Math.max(Math.min(ax2, bx2) - Math.max(ax1, bx1), 0);
  const ih = Math.max(Math.min(ay2, by2) - Math.max(ay1, by1), 0);
  const intersection = iw * ih;
  return intersection / ((ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - intersection);
}

/** voc_ap(use_07_metric=False): area under the monotone precision envelope at recall steps. */
function allPointAveragePrecision(recall: Float64Array, precision: Float64Array): number {
  const n = recall.length;
  const mrec = new Float64Array(n + 2);
  const mpre = new Float64Array(n + 2);
  mrec.set(recall, 1);
  mrec[n + 1] = 1;
  mpre.set(precision, 1);
  for (let i = n + 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1] as number, mpre[i] as number);
  const terms: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    if (mrec[i + 1] !== mrec[i])
      terms.push(((mrec[i + 1] as number) - (mrec[i] as number)) * (mpre[i + 1] as number));
  }
  return numpySum(Float64Array.from(terms));
}

/**
 * VOC2010+ mAP at IoU > 0.5: the mean over classes of {@link evaluateVoc}'s all-point AP.
 * Range [0, 1], higher is better.
 * @example vocMap50Score(dataset) // 0.6954912980631484 on the peers' det_n5k
 */
export function vocMap50Score(dataset: DetectionDataset): number {
  return evaluateVoc(dataset, { iouThreshold: 0.5 }).meanAveragePrecision;
}
