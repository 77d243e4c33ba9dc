export * from './classification/score-classification.js';
export * from './task-types.js';
export * from './score-submission-file.js';
export * from './shared/score-case-metrics.js';
export * from './multiple-choice/multiple-choice-task-type.js';
export * from './open-vqa/open-vqa-task-type.js';
export * from './closed-vqa/closed-vqa-task-type.js';
export * from './report-generation/report-generation-task-type.js';
export * from './report-generation/wordnet.js';
export * from './regression/regression-task-type.js';
export * from './retrieval/retrieval-task-type.js';
export * from './segmentation/segmentation-task-type.js';
export * from './segmentation/segmentation-payload.js';
export * from './detection/detection-task-type.js';
export {
  EXTERNAL_SCORER_DEFAULTS,
  parseExternalScorers,
  type ExternalScorerConfig,
} from '@medrank/task-contracts/config';
export * from './external-scorer/external-scorer-protocol.js';
export * from './external-scorer/score-with-external-scorer.js';
export * from './fingerprint/prediction-fingerprint.js';
export * from './fingerprint/near-duplicate.js';
export * from './fingerprint/task-fingerprints.js';
