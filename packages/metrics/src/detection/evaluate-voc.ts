import { vocBoxIou } from './box-iou.js';
import {
  type DetectionDataset,
  byScoreDescending,
  indexDetectionDataset,
} from './detection-dataset.js';
import { numpyMean, numpySum } from './numpy-sum.js';

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
  const { imageIds, categoryIds, cells, groundTruthPerCategory } = indexDetectionDataset(
    caller,
    dataset,
  );
  const imageIndex = new Map(imageIds.map((id, i) => [id, i]));
  const perClass = categoryIds.map((categoryId, k): VocClassEvaluation => {
    const taken = imageIds.map(
      (_, im) => new Uint8Array(cells[k * imageIds.length + im]?.groundTruth.length ?? 0),
    );
    // This class's detections in input order, ranked by score with ties kept in that order
    // (voc_eval: np.argsort(-confidence, kind='stable') over the result file).
    const ranked = byScoreDescending(
      dataset.predictions.filter((p) => p.categoryId === categoryId),
    );
    const groundTruthCount = groundTruthPerCategory[k] as number;
    const n = ranked.length;
    const tp = new Float64Array(n);
    const fp = new Float64Array(n);
    ranked.forEach((prediction, rank) => {
      const image = imageIndex.get(prediction.imageId) as number;
      const gts = cells[k * imageIds.length + image]?.groundTruth ?? [];
      let best = -Infinity;
      let bestIndex = -1;
      gts.forEach((g, j) => {
        const iou = vocBoxIou(prediction.bbox, g.bbox);
        if (iou > best) {
          best = iou;
          bestIndex = j;
        }
      });
      const takenHere = taken[image] as Uint8Array;
      if (best > iouThreshold && takenHere[bestIndex] === 0) {
        tp[rank] = 1;
        takenHere[bestIndex] = 1;
      } else {
        fp[rank] = 1;
      }
    });
    let cumulativeTp = 0;
    let cumulativeFp = 0;
    const recall = new Float64Array(n);
    const precision = new Float64Array(n);
    for (let d = 0; d < n; d++) {
      cumulativeTp += tp[d] as number;
      cumulativeFp += fp[d] as number;
      recall[d] = cumulativeTp / groundTruthCount;
      precision[d] = cumulativeTp / Math.max(cumulativeTp + cumulativeFp, Number.EPSILON);
    }
    return {
      categoryId,
      averagePrecision:
        groundTruthCount === 0 ? Number.NaN : allPointAveragePrecision(recall, precision),
      truePositives: cumulativeTp,
      groundTruthCount,
      detectionCount: n,
    };
  });
  const aps = Float64Array.from(
    perClass.map((c) => c.averagePrecision).filter((ap) => !Number.isNaN(ap)),
  );
  return { meanAveragePrecision: numpyMean(aps), perClass };
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
