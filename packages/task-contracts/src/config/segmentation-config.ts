import { misconfigured, readMinCategorySize } from './config-errors.js';
import { parseModelContract, type ModelContract } from './model-contract.js';

/** Largest stored (gzip-compressed) truth mask per case unless a track raises it. */
export const DEFAULT_MAX_TRUTH_PAYLOAD_BYTES = 4 * 1024 * 1024;

export interface SegmentationConfig {
  /** Scored labels (voxel value → structure name), ascending by value. Default `{ 1: 'foreground' }`. */
  labels: { value: number; name: string }[];
  /** NSD tolerance τ in mm. Default 2. */
  toleranceMm: number;
  /** HD95 convention of the `hd95` keys: 'monai' (max of the directed 95th percentiles, default) or 'pooled' (medpy). */
  hd95Convention: 'monai' | 'pooled';
  /** Spacing of PNG masks, which carry none: [row, column] mm. Default [1, 1]. NIfTI masks use their header. */
  pngSpacingMm: [number, number];
  /**
   * Surface distances (HD95, ASSD) of a case where exactly one of truth and prediction has the
   * label: 'diagonal' (default) scores the image diagonal in mm, the worst distance possible on
   * the grid (Metrics Reloaded's finite stand-in), so means stay finite and a missed structure
   * is penalised; 'infinity' keeps the metrics package's +Infinity, so any such case makes the
   * mean infinite (reported as null with a note).
   */
  oneEmptyDistance: 'diagonal' | 'infinity';
  /** Cap on a case's stored (encoded) ground-truth mask, base64 characters. Default 4 MiB. */
  maxTruthPayloadBytes: number;
  /**
   * Largest mask accepted, in voxels (pixels for PNG), checked from each mask's header before it
   * is inflated, for ground truth and predictions alike. Absent: @medrank/formats' label-image
   * limit (DEFAULT_LABEL_IMAGE_LIMITS.maxVoxels, 64 Mi, e.g. 512×512×256).
   */
  maxMaskVoxels?: number;
  minCategorySize: number;
  /**
   * Present when the track takes ONNX models (2D images only): their input/output contract and
   * run limits; the output is per-pixel class scores or labels (docs/model-submissions.md).
   */
  model?: ModelContract;
}

/** Per-structure statistics; keys are these, alone (mean over labels) or as `<metric>:<label name>`. */
export const SEGMENTATION_BASE_METRICS = ['dice', 'iou', 'hd95', 'nsd', 'assd'] as const;

export function segmentationMetricKeys(config: SegmentationConfig): string[] {
  return [
    ...SEGMENTATION_BASE_METRICS,
    ...config.labels.flatMap((l) => SEGMENTATION_BASE_METRICS.map((m) => `${m}:${l.name}`)),
  ];
}

export function parseSegmentationConfig(raw: Record<string, unknown>): SegmentationConfig {
  const bad = (message: string) => misconfigured('segmentation', message);
  const labelMap = raw.labels ?? { 1: 'foreground' };
  if (
    typeof labelMap !== 'object' ||
    labelMap === null ||
    Array.isArray(labelMap) ||
    Object.keys(labelMap).length === 0
  ) {
    throw bad(
      'labels must be a non-empty map of voxel value to name, e.g. { "1": "liver", "2": "tumour" }',
    );
  }
  const labels = Object.entries(labelMap as Record<string, unknown>).map(([key, name]) => {
    const value = Number(key);
    if (!/^\d+$/.test(key) || value < 1 || value > 65_535)
      throw bad(`label "${key}" must be an integer voxel value in 1..65535 (0 is background)`);
    if (typeof name !== 'string' || !/^[\w-]+$/.test(name))
      throw bad(
        `the name of label ${key} must be a word of letters, digits, "_" or "-"; found ${JSON.stringify(name)}`,
      );
    return { value, name };
  });
  labels.sort((a, b) => a.value - b.value);
  const names = new Set(labels.map((l) => l.name));
  if (names.size !== labels.length) throw bad('label names must be unique');
  const toleranceMm = raw.toleranceMm ?? 2;
  if (typeof toleranceMm !== 'number' || !(toleranceMm >= 0) || !Number.isFinite(toleranceMm))
    throw bad(`toleranceMm must be a finite number ≥ 0; found ${JSON.stringify(toleranceMm)}`);
  const hd95Convention = raw.hd95Convention ?? 'monai';
  if (hd95Convention !== 'monai' && hd95Convention !== 'pooled')
    throw bad(
      `hd95Convention must be "monai" or "pooled"; found ${JSON.stringify(hd95Convention)}`,
    );
  const spacing = raw.spacingMm ?? [1, 1];
  if (
    !Array.isArray(spacing) ||
    spacing.length !== 2 ||
    !spacing.every((s) => typeof s === 'number' && s > 0 && Number.isFinite(s))
  ) {
    throw bad(
      `spacingMm (PNG masks) must be two finite numbers > 0; found ${JSON.stringify(spacing)}`,
    );
  }
  const oneEmptyDistance = raw.oneEmptyDistance ?? 'diagonal';
  if (oneEmptyDistance !== 'diagonal' && oneEmptyDistance !== 'infinity')
    throw bad(
      `oneEmptyDistance must be "diagonal" or "infinity"; found ${JSON.stringify(oneEmptyDistance)}`,
    );
  const maxTruthPayloadBytes = raw.maxTruthPayloadBytes ?? DEFAULT_MAX_TRUTH_PAYLOAD_BYTES;
  if (
    typeof maxTruthPayloadBytes !== 'number' ||
    !Number.isInteger(maxTruthPayloadBytes) ||
    maxTruthPayloadBytes < 1
  )
    throw bad('maxTruthPayloadBytes must be a positive integer');
  const maxMaskVoxels = raw.maxMaskVoxels;
  if (
    maxMaskVoxels !== undefined &&
    (typeof maxMaskVoxels !== 'number' ||
      !Number.isSafeInteger(maxMaskVoxels) ||
      maxMaskVoxels < 1 ||
      maxMaskVoxels > 2 ** 31)
  )
    throw bad(
      `maxMaskVoxels must be a whole number of voxels between 1 and 2147483648; found ${JSON.stringify(maxMaskVoxels)}`,
    );
  return {
    labels,
    toleranceMm,
    hd95Convention,
    pngSpacingMm: [spacing[0] as number, spacing[1] as number],
    oneEmptyDistance,
    maxTruthPayloadBytes,
    ...(maxMaskVoxels === undefined ? {} : { maxMaskVoxels }),
    minCategorySize: readMinCategorySize('segmentation', raw),
    ...(raw.model === undefined ? {} : { model: parseModelContract('segmentation', raw.model) }),
  };
}

/** Per-label keys follow the label map: `dice:lesion` exists when the map names a label "lesion". */
export const segmentationComputableMetrics = segmentationMetricKeys;
