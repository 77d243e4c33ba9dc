import { boxIou } from './box-iou.js';
import {
  type DetectionDataset,
  type DetectionGroundTruth,
  type DetectionPrediction,
  byScoreDescending,
  indexDetectionDataset,
} from './detection-dataset.js';
import { numpyMean } from './numpy-sum.js';

/**
 * COCO's IoU thresholds .50:.05:.95 exactly as np.linspace(.5, .95, 10) computes them:
 * i·((.95 − .5)/9) + .5, the last one set to .95.
 */
export const COCO_IOU_THRESHOLDS: readonly number[] = Array.from({ length: 10 }, (_, i) =>
  i === 9 ? 0.95 : i * ((0.95 - 0.5) / 9) + 0.5,
);

/**
 * COCO's 101 recall thresholds, np.linspace(0, 1, 101) = j·0.01 in double. This is not j/100:
 * the two differ at j ∈ {35, 41, 47, 57, 69, 70, 82, 83, 94, 95}, which moves AP whenever a
 * recall k/nGT lands on a threshold.
 */
export const COCO_RECALL_THRESHOLDS: readonly number[] = Array.from(
  { length: 101 },
  (_, j) => j * (1 / 100),
);

/** COCO area range 'all' = [0², 1e5²]; boxes outside it are ignored (pycocotools). */
const AREA_RANGE_ALL = [0, 1e10] as const;

export interface CocoEvaluationOptions {
  /** IoU thresholds; default {@link COCO_IOU_THRESHOLDS}. A match needs IoU ≥ threshold. */
  iouThresholds?: readonly number[];
  /** Detections kept per image and category, highest scores first; default 100. */
  maxDetections?: number;
}

export interface CocoEvaluation {
  readonly iouThresholds: readonly number[];
  readonly recallThresholds: readonly number[];
  /** Ascending category ids, the K axis of `precision` and `recall`. */
  readonly categoryIds: readonly number[];
  /**
   * Interpolated precision, row-major [T][R][K] like pycocotools' `eval['precision'][:, :, :, 0, -1]`;
   * −1 for a category without ground truth.
   */
  readonly precision: Float64Array;
  /** Final recall per [T][K]; −1 for a category without ground truth. */
  readonly recall: Float64Array;
  /** Mean of all precision entries > −1 (COCO AP over every threshold and category). */
  readonly meanAveragePrecision: number;
  /** AP per IoU threshold (mean over recall thresholds and categories), same order as `iouThresholds`. */
  readonly averagePrecisionByIou: readonly number[];
  /** AP per category (mean over thresholds and recall points); NaN without ground truth. */
  readonly averagePrecisionByCategory: ReadonlyMap<number, number>;
}

/**
 * COCO bounding-box evaluation, a restatement of pycocotools COCOeval (iouType 'bbox', area
 * range 'all', maxDets 100, no crowd boxes) that reproduces its numbers bit for bit:
 * per image and category, detections sorted by descending score (stable) and cut to
 * `maxDetections`; each detection, in that order, takes the unmatched ground-truth box of
 * highest IoU (later boxes win ties) if that IoU ≥ threshold. Per category, detections of all
 * images are ranked by score; precision tp/(tp + fp + ε) with ε = 2^−52 (np.spacing(1)) is made
 * monotone from the right and read at the 101 recall thresholds j·0.01 with searchsorted-left
 * (0 beyond the last recall). AP averages these over thresholds and categories with ground
 * truth. Boxes are [x1, y1, x2, y2] and are compared with {@link boxIou} (w·h areas, no +1).
 * Range [0, 1], higher is better. Without any ground truth the AP is NaN.
 * @throws {RangeError} on unknown image/category ids, malformed boxes, non-finite scores,
 *   thresholds outside [0, 1] or a non-positive `maxDetections`.
 * @see Lin et al. (2014), Microsoft COCO, ECCV; cocodataset/cocoapi PythonAPI/pycocotools/cocoeval.py.
 * @example evaluateCoco({ images: [{ id: 1 }], categories: [{ id: 1 }],
 *   groundTruth: [{ imageId: 1, categoryId: 1, bbox: [0, 0, 10, 10] }],
 *   predictions: [{ imageId: 1, categoryId: 1, bbox: [0, 0, 10, 9], score: 0.9 }] }).meanAveragePrecision // 0.9 (IoU 0.9 passes 9 of the 10 thresholds)
 */
export function evaluateCoco(
  dataset: DetectionDataset,
  options: CocoEvaluationOptions = {},
): CocoEvaluation {
  const caller = 'evaluateCoco';
  const iouThresholds = options.iouThresholds ?? COCO_IOU_THRESHOLDS;
  const maxDetections = options.maxDetections ?? 100;
  if (iouThresholds.length === 0 || !iouThresholds.every((t) => t >= 0 && t <= 1)) {
    throw new RangeError(`${caller}: iouThresholds must be a non-empty list of values in [0, 1]`);
  }
  if (!Number.isInteger(maxDetections) || maxDetections < 1) {
    throw new RangeError(
      `${caller}: maxDetections must be a positive integer (got ${maxDetections})`,
    );
  }
  const { imageIds, categoryIds, cells } = indexDetectionDataset(caller, dataset);
  const T = iouThresholds.length;
  const R = COCO_RECALL_THRESHOLDS.length;
  const K = categoryIds.length;
  const precision = new Float64Array(T * R * K).fill(-1);
  const recall = new Float64Array(T * K).fill(-1);

  for (let k = 0; k < K; k++) {
    // Detections of every image of this category, concatenated in image order (as accumulate()).
    const scores: number[] = [];
    const states: number[][] = iouThresholds.map(() => []);
    let groundTruthCount = 0;
    for (let im = 0; im < imageIds.length; im++) {
      const cell = cells[k * imageIds.length + im];
      if (cell === undefined) continue;
      const result = evaluateImage(
        cell.groundTruth,
        cell.predictions,
        iouThresholds,
        maxDetections,
      );
      groundTruthCount += result.groundTruthCount;
      for (const score of result.scores) scores.push(score);
      result.states.forEach((perDetection, t) => {
        const target = states[t] as number[];
        for (const state of perDetection) target.push(state);
      });
    }
    if (groundTruthCount === 0) continue; // precision and recall stay −1, as pycocotools
    const order = Array.from(scores.keys()).sort(
      (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
    );
    const n = order.length;
    const rc = new Float64Array(n);
    const pr = new Float64Array(n);
    for (let t = 0; t < T; t++) {
      const state = states[t] as number[];
      let tp = 0;
      let fp = 0;
      for (let i = 0; i < n; i++) {
        const s = state[order[i] as number];
        if (s === TRUE_POSITIVE) tp++;
        else if (s === FALSE_POSITIVE) fp++;
        rc[i] = tp / groundTruthCount;
        pr[i] = tp / (fp + tp + Number.EPSILON);
      }
      recall[t * K + k] = n > 0 ? (rc[n - 1] as number) : 0;
      for (let i = n - 1; i > 0; i--)
        if ((pr[i] as number) > (pr[i - 1] as number)) pr[i - 1] = pr[i] as number;
      let i = 0;
      for (let r = 0; r < R; r++) {
        const threshold = COCO_RECALL_THRESHOLDS[r] as number;
        while (i < n && (rc[i] as number) < threshold) i++; // np.searchsorted(rc, threshold, 'left')
        precision[(t * R + r) * K + k] = i < n ? (pr[i] as number) : 0;
      }
    }
  }
  return summarize(iouThresholds, categoryIds, precision, recall);
}

const FALSE_POSITIVE = 0;
const TRUE_POSITIVE = 1;
const IGNORED = 2;

const isOutsideAreaRange = (bbox: readonly number[]): boolean => {
  const area =
    ((bbox[2] as number) - (bbox[0] as number)) * ((bbox[3] as number) - (bbox[1] as number));
  return area < AREA_RANGE_ALL[0] || area > AREA_RANGE_ALL[1];
};

/**
 * pycocotools evaluateImg for one image and category: returns the kept detections' scores in
 * rank order and, per threshold, whether each is a true positive, a false positive or ignored.
 */
function evaluateImage(
  groundTruth: readonly DetectionGroundTruth[],
  predictions: readonly DetectionPrediction[],
  iouThresholds: readonly number[],
  maxDetections: number,
): { scores: number[]; states: number[][]; groundTruthCount: number } {
  // Ground truth sorted so that non-ignored boxes come first (stable), as evaluateImg does.
  const gtIgnoredFlags = groundTruth.map((g) => isOutsideAreaRange(g.bbox));
  const gts = groundTruth
    .map((g, i) => ({ g, ignored: gtIgnoredFlags[i] as boolean }))
    .sort((a, b) => Number(a.ignored) - Number(b.ignored));
  const dts = byScoreDescending(predictions).slice(0, maxDetections);
  const G = gts.length;
  const ious = new Float64Array(dts.length * G);
  dts.forEach((d, i) => gts.forEach(({ g }, j) => (ious[i * G + j] = boxIou(d.bbox, g.bbox))));
  const states = iouThresholds.map((threshold) => {
    const gtMatched = new Uint8Array(G);
    return dts.map((d, i) => {
      let best = Math.min(threshold, 1 - 1e-10);
      let m = -1;
      for (let j = 0; j < G; j++) {
        if (gtMatched[j] !== 0) continue; // no crowd boxes: a matched GT is taken
        // Once matched to a regular GT, stop at the first ignored one.
        if (
          m > -1 &&
          !(gts[m] as { ignored: boolean }).ignored &&
          (gts[j] as { ignored: boolean }).ignored
        )
          break;
        const iou = ious[i * G + j] as number;
        if (iou < best) continue;
        best = iou;
        m = j;
      }
      if (m > -1) {
        gtMatched[m] = 1;
        return (gts[m] as { ignored: boolean }).ignored ? IGNORED : TRUE_POSITIVE;
      }
      return isOutsideAreaRange(d.bbox) ? IGNORED : FALSE_POSITIVE;
    });
  });
  return {
    scores: dts.map((d) => d.score),
    states,
    groundTruthCount: gtIgnoredFlags.filter((ignored) => !ignored).length,
  };
}

function summarize(
  iouThresholds: readonly number[],
  categoryIds: readonly number[],
  precision: Float64Array,
  recall: Float64Array,
): CocoEvaluation {
  const T = iouThresholds.length;
  const R = COCO_RECALL_THRESHOLDS.length;
  const K = categoryIds.length;
  // np.mean(p[p > -1]) over the C-ordered [T, R, K] block, with numpy's pairwise summation.
  const valid = (from: number, to: number, keep: (index: number) => boolean): Float64Array => {
    const values: number[] = [];
    for (let i = from; i < to; i++)
      if ((precision[i] as number) > -1 && keep(i)) values.push(precision[i] as number);
    return Float64Array.from(values);
  };
  const meanAveragePrecision = numpyMean(valid(0, T * R * K, () => true));
  const averagePrecisionByIou = iouThresholds.map((_, t) =>
    numpyMean(valid(t * R * K, (t + 1) * R * K, () => true)),
  );
  const averagePrecisionByCategory = new Map(
    categoryIds.map((id, k) => [id, numpyMean(valid(0, T * R * K, (i) => i % K === k))] as const),
  );
  return {
    iouThresholds: [...iouThresholds],
    recallThresholds: COCO_RECALL_THRESHOLDS,
    categoryIds,
    precision,
    recall,
    meanAveragePrecision,
    averagePrecisionByIou,
    averagePrecisionByCategory,
  };
}

/**
 * COCO AP at IoU 0.50 ("mAP@0.5", pycocotools `stats[1]`): {@link evaluateCoco} with the single
 * threshold 0.5, averaged over the 101 recall points and the categories with ground truth.
 * Range [0, 1], higher is better.
 * @example cocoMap50Score(dataset) // 0.6931860358183716 on the peers' det_n5k
 */
export function cocoMap50Score(dataset: DetectionDataset, { maxDetections = 100 } = {}): number {
  return evaluateCoco(dataset, { iouThresholds: [0.5], maxDetections }).meanAveragePrecision;
}

/**
 * COCO AP@[.50:.05:.95] (pycocotools `stats[0]`): {@link evaluateCoco} over the ten IoU
 * thresholds 0.50, 0.55, …, 0.95. Range [0, 1], higher is better.
 * @example cocoMapScore(dataset) // 0.3708690896766494 on the peers' det_n5k
 */
export function cocoMapScore(dataset: DetectionDataset, { maxDetections = 100 } = {}): number {
  return evaluateCoco(dataset, { maxDetections }).meanAveragePrecision;
}
