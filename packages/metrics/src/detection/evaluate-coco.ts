import type { DetectionDataset } from './detection-dataset.js';
import { numpyMean } from '../statistics/numpy-compat.js';
import { packDetections } from './pack-detections.js';

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
  const { imageIds, categoryIds, gtStart, gtBoxes, predStart, predBoxes, predScores } =
    packDetections(caller, dataset);
  const T = iouThresholds.length;
  const R = COCO_RECALL_THRESHOLDS.length;
  const K = categoryIds.length;
  const I = imageIds.length;
  const precision = new Float64Array(T * R * K).fill(-1);
  const recall = new Float64Array(T * K).fill(-1);
  const scratch = new CellScratch();

  for (let k = 0; k < K; k++) {
    // Kept detections of every image of this category, concatenated in image order (accumulate()).
    let kept = 0;
    for (let im = 0; im < I; im++) {
      const c = k * I + im;
      kept += Math.min((predStart[c + 1] as number) - (predStart[c] as number), maxDetections);
    }
    const scores = new Float64Array(kept);
    const states = new Uint8Array(T * kept); // states[t * kept + d]
    let filled = 0;
    let groundTruthCount = 0;
    for (let im = 0; im < I; im++) {
      const c = k * I + im;
      groundTruthCount += evaluateCell(
        gtBoxes,
        gtStart[c] as number,
        gtStart[c + 1] as number,
        predBoxes,
        predScores,
        predStart[c] as number,
        predStart[c + 1] as number,
        iouThresholds,
        maxDetections,
        scratch,
        scores,
        states,
        kept,
        filled,
      );
      filled += Math.min((predStart[c + 1] as number) - (predStart[c] as number), maxDetections);
    }
    if (groundTruthCount === 0) continue; // precision and recall stay −1, as pycocotools
    // np.argsort(-scores, kind='mergesort'): descending, ties in concatenation order.
    const order = Int32Array.from({ length: kept }, (_, d) => d).sort(
      (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
    );
    const rc = new Float64Array(kept);
    const pr = new Float64Array(kept);
    for (let t = 0; t < T; t++) {
      let tp = 0;
      let fp = 0;
      for (let i = 0; i < kept; i++) {
        const s = states[t * kept + (order[i] as number)];
        if (s === TRUE_POSITIVE) tp++;
        else if (s === FALSE_POSITIVE) fp++;
        rc[i] = tp / groundTruthCount;
        pr[i] = tp / (fp + tp + Number.EPSILON);
      }
      recall[t * K + k] = kept > 0 ? (rc[kept - 1] as number) : 0;
      for (let i = kept - 1; i > 0; i--) {
        if ((pr[i] as number) > (pr[i - 1] as number)) pr[i - 1] = pr[i] as number;
      }
      let i = 0;
      for (let r = 0; r < R; r++) {
        const threshold = COCO_RECALL_THRESHOLDS[r] as number;
        while (i < kept && (rc[i] as number) < threshold) i++; // np.searchsorted(rc, threshold, 'left')
        precision[(t * R + r) * K + k] = i < kept ? (pr[i] as number) : 0;
      }
    }
  }
  return summarize(iouThresholds, categoryIds, precision, recall);
}

const FALSE_POSITIVE = 0;
const TRUE_POSITIVE = 1;
const IGNORED = 2;

/** Reusable per-cell buffers, grown on demand. */
class CellScratch {
  detections = new Int32Array(16);
  groundTruth = new Int32Array(16);
  gtIgnored = new Uint8Array(16);
  gtMatched = new Uint8Array(16);
  ious = new Float64Array(256);
  ensure(detections: number, groundTruth: number, pairs: number): void {
    if (this.detections.length < detections) this.detections = new Int32Array(2 * detections);
    if (this.groundTruth.length < groundTruth) {
      this.groundTruth = new Int32Array(2 * groundTruth);
      this.gtIgnored = new Uint8Array(2 * groundTruth);
      this.gtMatched = new Uint8Array(2 * groundTruth);
    }
    if (this.ious.length < pairs) this.ious = new Float64Array(2 * pairs);
  }
}

/** Area outside COCO's 'all' range [0, 1e10] (w·h, w = x2 − x1, of an [x1, y1, x2, y2] box). */
const isOutsideAreaRange = (boxes: Float64Array, b: number): boolean => {
  const area =
    ((boxes[4 * b + 2] as number) - (boxes[4 * b] as number)) *
    ((boxes[4 * b + 3] as number) - (boxes[4 * b + 1] as number));
  return area < AREA_RANGE_ALL[0] || area > AREA_RANGE_ALL[1];
};

/**
 * pycocotools evaluateImg for one image and category. Writes the kept detections' scores (rank
 * order) at scores[offset …] and, per threshold t, states[t·stride + offset …] (true positive,
 * false positive or ignored). Returns the number of non-ignored ground-truth boxes.
 */
function evaluateCell(
  gtBoxes: Float64Array,
  gtFrom: number,
  gtTo: number,
  predBoxes: Float64Array,
  predScores: Float64Array,
  predFrom: number,
  predTo: number,
  iouThresholds: readonly number[],
  maxDetections: number,
  scratch: CellScratch,
  scores: Float64Array,
  states: Uint8Array,
  stride: number,
  offset: number,
): number {
  const G = gtTo - gtFrom;
  const P = predTo - predFrom;
  const D = Math.min(P, maxDetections);
  scratch.ensure(P, G, D * G);
  const { detections, groundTruth, gtIgnored, gtMatched, ious } = scratch;
  // Ground truth with non-ignored boxes first, stable (evaluateImg sorts by _ignore, mergesort).
  let regular = 0;
  for (let g = gtFrom; g < gtTo; g++)
    if (!isOutsideAreaRange(gtBoxes, g)) groundTruth[regular++] = g;
  let placed = regular;
  for (let g = gtFrom; g < gtTo; g++) if (isOutsideAreaRange(gtBoxes, g)) groundTruth[placed++] = g;
  for (let j = 0; j < G; j++) gtIgnored[j] = j < regular ? 0 : 1;
  // Detections by descending score, stable, cut to D (insertion sort for the usual small cells).
  if (P > 32) {
    const sorted = Int32Array.from({ length: P }, (_, d) => predFrom + d).sort(
      (a, b) => (predScores[b] as number) - (predScores[a] as number) || a - b,
    );
    detections.set(sorted);
  } else
    for (let d = 0; d < P; d++) {
      const candidate = predFrom + d;
      const score = predScores[candidate] as number;
      let pos = d;
      while (pos > 0 && (predScores[detections[pos - 1] as number] as number) < score) {
        detections[pos] = detections[pos - 1] as number;
        pos--;
      }
      detections[pos] = candidate;
    }
  for (let d = 0; d < D; d++) {
    const p = detections[d] as number;
    scores[offset + d] = predScores[p] as number;
    for (let j = 0; j < G; j++)
      ious[d * G + j] = cocoIou(predBoxes, p, gtBoxes, groundTruth[j] as number);
  }
  for (let t = 0; t < iouThresholds.length; t++) {
    gtMatched.fill(0, 0, G);
    const base = t * stride + offset;
    for (let d = 0; d < D; d++) {
      let best = Math.min(iouThresholds[t] as number, 1 - 1e-10);
      let m = -1;
      for (let j = 0; j < G; j++) {
        if (gtMatched[j] !== 0) continue; // no crowd boxes: a matched GT is taken
        if (m > -1 && gtIgnored[m] === 0 && gtIgnored[j] === 1) break; // regular match beats ignored GTs
        const iou = ious[d * G + j] as number;
        if (iou < best) continue; // later boxes win ties, as in pycocotools
        best = iou;
        m = j;
      }
      if (m > -1) {
        gtMatched[m] = 1;
        states[base + d] = gtIgnored[m] === 1 ? IGNORED : TRUE_POSITIVE;
      } else {
        states[base + d] = isOutsideAreaRange(predBoxes, detections[d] as number)
          ? IGNORED
          : FALSE_POSITIVE;
      }
    }
  }
  return regular;
}

/**
 * maskApi bbIou on packed [x1, y1, x2, y2] boxes after pycocotools' [x, y, w, h] conversion
 * (w = x2 − x1): same arithmetic as {@link boxIou}.
 */
function cocoIou(a: Float64Array, i: number, b: Float64Array, j: number): number {
  const ax = a[4 * i] as number;
  const ay = a[4 * i + 1] as number;
  const aw = (a[4 * i + 2] as number) - ax;
  const ah = (a[4 * i + 3] as number) - ay;
  const bx = b[4 * j] as number;
  const by = b[4 * j + 1] as number;
  const bw = (b[4 * j + 2] as number) - bx;
  const bh = (b[4 * j + 3] as number) - by;
  const w = Math.min(ax + aw, bx + bw) - Math.max(ax, bx);
  if (w <= 0) return 0;
  const h = Math.min(ay + ah, by + bh) - Math.max(ay, by);
  if (h <= 0) return 0;
  const intersection = w * h;
  return intersection / (aw * ah + bw * bh - intersection);
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
