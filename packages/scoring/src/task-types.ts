import { AppError } from '@medrank/core';
import {
  parseClassificationGroundTruth,
  parseClassificationPredictions,
  type ClassificationGroundTruth,
  type ClassificationPredictions,
  type CsvLimits,
  type CsvSource,
  type ParseResult,
} from '@medrank/formats';
import { scoreClassification, type ClassificationScore, type ScoreClassificationOptions } from './classification/score-classification.js';

/**
 * A task type bundles what the platform needs to run a benchmark of that kind: how to read its
 * ground truth and submissions, which metrics to use by default, and how to score. The worker
 * looks it up by the benchmark's task type key; new task types (segmentation, detection…) add
 * an entry to TASK_TYPES with the same shape.
 */
export interface TaskType<Config, Truth, Predictions, Score> {
  key: string;
  label: string;
  parseGroundTruth(source: CsvSource, config: Config, options?: ParseOptions): Promise<ParseResult<Truth>>;
  parsePredictions(source: CsvSource, config: Config, truth: Truth, options?: ParseOptions): Promise<ParseResult<Predictions>>;
  defaultMetrics(config: Config): string[];
  score(args: {
    config: Config;
    truth: Truth;
    predictions: Predictions;
    metrics: readonly string[];
    bootstrap: ScoreClassificationOptions['bootstrap'];
    keepReplicates?: boolean;
    onProgress?: (fraction: number) => void;
  }): Promise<Score>;
}

export interface ParseOptions {
  maxIssues?: number;
  limits?: CsvLimits;
}

export interface ClassificationConfig {
  /** Class names in index order; two classes make a binary task. */
  classes: readonly string[];
  /** Binary tasks: index of the positive class. Default 1. */
  positiveClass?: number;
}

export const classificationTaskType: TaskType<ClassificationConfig, ClassificationGroundTruth, ClassificationPredictions, ClassificationScore> = {
  key: 'classification',
  label: 'Classification',
  parseGroundTruth: (source, { classes }, options = {}) => parseClassificationGroundTruth(source, { classes, ...options }),
  parsePredictions: (source, { classes, positiveClass }, truth, options = {}) =>
    parseClassificationPredictions(source, { caseIds: truth.caseIds, classes, positiveClass, ...options }),
  defaultMetrics: ({ classes }) =>
    classes.length === 2
      ? ['roc_auc', 'accuracy', 'balanced_accuracy', 'sensitivity', 'specificity', 'f1', 'average_precision', 'ece']
      : ['roc_auc', 'accuracy', 'balanced_accuracy', 'f1_macro', 'cohen_kappa', 'ece'],
  score: ({ config, truth, ...rest }) =>
    scoreClassification({ truth: { ...truth, classes: config.classes }, positiveClass: config.positiveClass, ...rest }),
};

export const TASK_TYPES = {
  classification: classificationTaskType,
} as const;

export type TaskTypeKey = keyof typeof TASK_TYPES;

/**
 * The task type with this key.
 * @throws {AppError} BAD_REQUEST for an unknown key, naming the known ones.
 */
export function getTaskType<K extends TaskTypeKey>(key: K): (typeof TASK_TYPES)[K];
export function getTaskType(key: string): (typeof TASK_TYPES)[TaskTypeKey];
export function getTaskType(key: string) {
  if (!Object.hasOwn(TASK_TYPES, key)) {
    throw new AppError('BAD_REQUEST', `unknown task type "${key}"; known: ${Object.keys(TASK_TYPES).join(', ')}`);
  }
  return TASK_TYPES[key as TaskTypeKey];
}

