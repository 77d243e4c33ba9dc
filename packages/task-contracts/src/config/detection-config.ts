import { misconfigured, readMinCategorySize } from './config-errors.js';

export interface DetectionConfig {
  /** Category id → name. When given, ground truth and predictions may use only these ids. */
  categories: Map<number, string> | null;
  /** FROC hit rule: IoU ≥ 0.5 (default) or the detection's centre inside the lesion box. */
  frocHitCriterion: 'iou' | 'center-in-box';
  /**
   * Bootstrap replicates are capped at this (default 200): a detection replicate re-runs the whole
   * COCO/VOC/FROC evaluation on the resampled images, unlike per-case means. Capped CIs are paired
   * across entries all the same (the first replicates of the shared seed).
   */
  maxBootstrapReplicates: number;
  minCategorySize: number;
}

export const DETECTION_METRICS = [
  'map50_coco',
  'map_coco_50_95',
  'map50_voc',
  'froc_mean_sensitivity',
] as const;

export function parseDetectionConfig(raw: Record<string, unknown>): DetectionConfig {
  const bad = (message: string) => misconfigured('detection', message);
  let categories: Map<number, string> | null = null;
  if (raw.categories !== undefined) {
    if (
      typeof raw.categories !== 'object' ||
      raw.categories === null ||
      Array.isArray(raw.categories)
    )
      throw bad('categories must be a map of category id to name, e.g. { "1": "nodule" }');
    categories = new Map();
    for (const [key, name] of Object.entries(raw.categories as Record<string, unknown>)) {
      if (!/^-?\d+$/.test(key) || !Number.isSafeInteger(Number(key)))
        throw bad(`category id "${key}" must be an integer`);
      if (typeof name !== 'string') throw bad(`the name of category ${key} must be a string`);
      categories.set(Number(key), name);
    }
    if (categories.size === 0) throw bad('categories must not be empty');
  }
  const frocHitCriterion = raw.frocHitCriterion ?? 'iou';
  if (frocHitCriterion !== 'iou' && frocHitCriterion !== 'center-in-box')
    throw bad(
      `frocHitCriterion must be "iou" or "center-in-box"; found ${JSON.stringify(frocHitCriterion)}`,
    );
  const maxBootstrapReplicates = raw.maxBootstrapReplicates ?? 200;
  if (
    typeof maxBootstrapReplicates !== 'number' ||
    !Number.isInteger(maxBootstrapReplicates) ||
    maxBootstrapReplicates < 0
  )
    throw bad('maxBootstrapReplicates must be a non-negative integer');
  return {
    categories,
    frocHitCriterion,
    maxBootstrapReplicates,
    minCategorySize: readMinCategorySize('detection', raw),
  };
}
