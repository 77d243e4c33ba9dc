import {
  parseClassificationGroundTruth,
  parseClassificationPredictions,
  type ClassificationGroundTruth,
  type ClassificationPredictions,
} from '@medrank/formats';
import { scoreClassification, type ClassificationScore } from './score-classification.js';
import { classificationFingerprint } from '../fingerprint/task-fingerprints.js';
import type { TaskType } from '../task-type.js';
import {
  classificationConfigFrom,
  type ClassificationConfig,
} from '@medrank/task-contracts/config';

export { classificationConfigFrom, type ClassificationConfig };

export const classificationTaskType: TaskType<
  ClassificationConfig,
  ClassificationGroundTruth,
  ClassificationPredictions,
  ClassificationScore
> = {
  key: 'classification',
  label: 'Classification',
  parseConfig: classificationConfigFrom,
  groundTruthCases: (truth, { classes }) =>
    truth.caseIds.map((caseId, i) => ({
      caseId,
      truth: { label: classes[truth.labels[i]!]! },
      metadata: {},
    })),
  truthFromPayloads(caseIds, payloads, { classes }) {
    const labels = new Int32Array(caseIds.length);
    caseIds.forEach((caseId, i) => {
      const payload = payloads.get(caseId) as { label?: unknown } | undefined;
      const index = typeof payload?.label === 'string' ? classes.indexOf(payload.label) : -1;
      // Ground truth is validated when it is uploaded; reaching this is a data-integrity bug, and the
      // message deliberately names no label.
      if (index < 0)
        throw new Error(`classification: stored ground truth is missing or invalid for a case`);
      labels[i] = index;
    });
    return { caseIds: [...caseIds], labels };
  },
  slicePredictions(predictions, start, end) {
    const n = predictions.predictedLabels.length;
    const k = n === 0 || !predictions.scores ? 0 : predictions.scores.length / n;
    return {
      kind: predictions.kind,
      scores: predictions.scores ? predictions.scores.slice(start * k, end * k) : null,
      predictedLabels: predictions.predictedLabels.slice(start, end),
    };
  },
  parseGroundTruth: (source, { classes }, options = {}) =>
    parseClassificationGroundTruth(source, { classes, ...options }),
  parsePredictions: (source, { classes, positiveClass }, truth, options = {}) =>
    parseClassificationPredictions(source, {
      caseIds: truth.caseIds,
      classes,
      positiveClass,
      ...options,
    }),
  fingerprint: (predictions) => classificationFingerprint(predictions),
  defaultMetrics: ({ classes }) =>
    classes.length === 2
      ? [
          'roc_auc',
          'accuracy',
          'balanced_accuracy',
          'sensitivity',
          'specificity',
          'f1',
          'average_precision',
          'ece',
        ]
      : ['roc_auc', 'accuracy', 'balanced_accuracy', 'f1_macro', 'cohen_kappa', 'ece'],
  score: ({ config, truth, ...rest }) =>
    scoreClassification({
      truth: { ...truth, classes: config.classes },
      positiveClass: config.positiveClass,
      ...rest,
    }),
};
