// Public API of the detection family (internals such as the dataset index and numpy sums stay private).
export { boxIou, vocBoxIou } from './box-iou.js';
export type {
  BoxXyxy,
  DetectionDataset,
  DetectionGroundTruth,
  DetectionPrediction,
} from './detection-dataset.js';
export {
  COCO_IOU_THRESHOLDS,
  COCO_RECALL_THRESHOLDS,
  cocoMap50Score,
  cocoMapScore,
  evaluateCoco,
  type CocoEvaluation,
  type CocoEvaluationOptions,
} from './evaluate-coco.js';
export {
  evaluateVoc,
  vocMap50Score,
  type VocClassEvaluation,
  type VocEvaluation,
} from './evaluate-voc.js';
export {
  FROC_FALSE_POSITIVE_RATES,
  evaluateFroc,
  frocScore,
  type FrocEvaluation,
  type FrocHitCriterion,
  type FrocOptions,
} from './evaluate-froc.js';
export { detectionMetricDefinitions } from './detection-metric-definitions.js';
