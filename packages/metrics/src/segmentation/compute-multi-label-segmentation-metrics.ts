import {
  type SegmentationMetrics,
  type SegmentationMetricsOptions,
  metricsFromBox,
  validateOptions,
} from './compute-segmentation-metrics.js';
import { type Grid3, type MaskShape, type SpacingMm, toGrid3 } from './mask-shape.js';
import type { UnionBox } from './surface-distances.js';

/** A label volume: 0 is background, every other value one structure. */
export type LabelVolume = Uint8Array | Uint16Array;

export interface LabelSegmentationMetrics extends SegmentationMetrics {
  readonly label: number;
}

export interface MultiLabelSegmentationMetrics {
  readonly perLabel: readonly LabelSegmentationMetrics[];
  /**
   * Unweighted mean over labels of each metric, skipping NaN (labels absent from both volumes
   * have no score); +Infinity (a label missing from one volume) is kept, so it propagates.
   * NaN when no label has a value.
   */
  readonly mean: {
    readonly dice: number;
    readonly iou: number;
    readonly hd95: number;
    readonly hd95Pooled: number;
    readonly hd: number;
    readonly assd: number;
    readonly nsd: number;
  };
}

export interface MultiLabelSegmentationMetricsOptions extends SegmentationMetricsOptions {
  /**
   * Labels to score (non-zero). Default: every non-zero label present in either volume,
   * ascending. A listed label absent from both volumes scores `bothEmptyValue`.
   */
  labels?: readonly number[];
}

const MEAN_KEYS = ['dice', 'iou', 'hd95', 'hd95Pooled', 'hd', 'assd', 'nsd'] as const;

/**
 * Per-label segmentation metrics from two label volumes (MONAI's one-vs-rest per class, without
 * background) and their unweighted mean. Each label l is scored as the binary masks
 * `prediction === l` and `truth === l` with {@link computeSegmentationMetrics} (same definitions
 * and empty-mask rules). One pass over the volumes finds each label's bounding box, so the cost
 * per label depends on the structure's size rather than the volume's.
 * @throws {RangeError} on a shape/length mismatch, invalid spacing/tolerance, or label 0 / a
 *   non-integer in `labels`.
 * @example computeMultiLabelSegmentationMetrics(Uint8Array.of(1, 2, 2, 0), Uint8Array.of(1, 1, 2, 0), [1, 4], [1, 1], { toleranceMm: 1 }).perLabel[0].dice // 2/3
 */
export function computeMultiLabelSegmentationMetrics(
  prediction: LabelVolume,
  truth: LabelVolume,
  shape: MaskShape,
  spacingMm: SpacingMm,
  options: MultiLabelSegmentationMetricsOptions,
): MultiLabelSegmentationMetrics {
  const caller = 'computeMultiLabelSegmentationMetrics';
  const grid = toGrid3(caller, shape, spacingMm, [prediction, truth]);
  validateOptions(caller, options);
  for (const l of options.labels ?? []) {
    if (!Number.isInteger(l) || l < 1 || l > 65535) {
      throw new RangeError(`${caller}: labels must be integers in 1..65535 (got ${l})`);
    }
  }
  const stats = labelStatistics(prediction, truth, grid);
  const labels =
    options.labels ??
    Array.from(stats.present.keys()).filter((l) => l !== 0 && stats.present[l] === 1);
  const perLabel = labels.map((label) => ({
    label,
    ...metricsFromBox(labelBox(prediction, truth, grid, stats, label), options),
  }));
  const mean = Object.fromEntries(
    MEAN_KEYS.map((key) => {
      const values = perLabel.map((m) => m[key]).filter((v) => !Number.isNaN(v));
      return [
        key,
        values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length,
      ];
    }),
  ) as MultiLabelSegmentationMetrics['mean'];
  return { perLabel, mean };
}

interface LabelStatistics {
  /** present[l] = 1 when label l occurs in either volume. */
  readonly present: Uint8Array;
  /** Per label: [lo0, lo1, lo2, hi0, hi1, hi2] of the union bounding box. */
  readonly boxes: Int32Array;
  readonly predictionVoxels: Float64Array;
  readonly truthVoxels: Float64Array;
  readonly intersectionVoxels: Float64Array;
}

function labelStatistics(
  prediction: LabelVolume,
  truth: LabelVolume,
  grid: Grid3,
): LabelStatistics {
  let maxLabel = 0;
  for (const v of prediction) if (v > maxLabel) maxLabel = v;
  for (const v of truth) if (v > maxLabel) maxLabel = v;
  const n = maxLabel + 1;
  const present = new Uint8Array(n);
  const boxes = new Int32Array(6 * n);
  for (let l = 0; l < n; l++) boxes.set([2 ** 30, 2 ** 30, 2 ** 30, -1, -1, -1], 6 * l);
  const predictionVoxels = new Float64Array(n);
  const truthVoxels = new Float64Array(n);
  const intersectionVoxels = new Float64Array(n);
  const [n0, n1, n2] = grid.dims;
  const grow = (l: number, i: number, j: number, k: number): void => {
    const b = 6 * l;
    present[l] = 1;
    if (i < (boxes[b] as number)) boxes[b] = i;
    if (j < (boxes[b + 1] as number)) boxes[b + 1] = j;
    if (k < (boxes[b + 2] as number)) boxes[b + 2] = k;
    if (i > (boxes[b + 3] as number)) boxes[b + 3] = i;
    if (j > (boxes[b + 4] as number)) boxes[b + 4] = j;
    if (k > (boxes[b + 5] as number)) boxes[b + 5] = k;
  };
  for (let i = 0; i < n0; i++) {
    for (let j = 0; j < n1; j++) {
      const row = (i * n1 + j) * n2;
      for (let k = 0; k < n2; k++) {
        const p = prediction[row + k] as number;
        const t = truth[row + k] as number;
        if (p !== 0) {
          predictionVoxels[p] = (predictionVoxels[p] as number) + 1;
          grow(p, i, j, k);
        }
        if (t !== 0) {
          truthVoxels[t] = (truthVoxels[t] as number) + 1;
          if (t !== p) grow(t, i, j, k);
          else intersectionVoxels[t] = (intersectionVoxels[t] as number) + 1;
        }
      }
    }
  }
  return { present, boxes, predictionVoxels, truthVoxels, intersectionVoxels };
}

function labelBox(
  prediction: LabelVolume,
  truth: LabelVolume,
  grid: Grid3,
  stats: LabelStatistics,
  label: number,
): UnionBox {
  const count = (a: Float64Array): number => (label < a.length ? (a[label] as number) : 0);
  const common = {
    grid,
    prediction,
    truth,
    label,
    predictionVoxels: count(stats.predictionVoxels),
    truthVoxels: count(stats.truthVoxels),
    intersectionVoxels: count(stats.intersectionVoxels),
  };
  if (label >= stats.present.length || stats.present[label] !== 1) {
    return { ...common, lo: [0, 0, 0], dims: [0, 0, 0] };
  }
  const b = 6 * label;
  const at = (o: number) => stats.boxes[b + o] as number;
  return {
    ...common,
    lo: [at(0), at(1), at(2)],
    dims: [at(3) - at(0) + 1, at(4) - at(1) + 1, at(5) - at(2) + 1],
  };
}
