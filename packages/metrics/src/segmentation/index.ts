// Public API of the segmentation family. Files also export internals shared within the folder
// (crops, envelope passes, numpy-compatible reductions); only the names below are public.
export { diceScore } from './dice-score.js';
export { iouScore } from './iou-score.js';
export { extractSurface } from './extract-surface.js';
export { euclideanDistanceTransform } from './euclidean-distance-transform.js';
export { surfaceDistances, type SurfaceDistances } from './surface-distances.js';
export {
  hausdorffDistance,
  hausdorffDistance95,
  type Hausdorff95Convention,
  type HausdorffDistance95Options,
} from './hausdorff-distance.js';
export { averageSymmetricSurfaceDistance } from './average-symmetric-surface-distance.js';
export { normalizedSurfaceDiceScore } from './normalized-surface-dice-score.js';
export {
  computeSegmentationMetrics,
  type SegmentationMetrics,
  type SegmentationMetricsOptions,
} from './compute-segmentation-metrics.js';
export {
  computeMultiLabelSegmentationMetrics,
  type LabelSegmentationMetrics,
  type LabelVolume,
  type MultiLabelSegmentationMetrics,
  type MultiLabelSegmentationMetricsOptions,
} from './compute-multi-label-segmentation-metrics.js';
export type { EmptyMaskOptions } from './summarize-surface-distances.js';
export { maxDistanceMm, type MaskShape, type SpacingMm } from './mask-shape.js';
export { segmentationMetricDefinitions } from './segmentation-metric-definitions.js';
