import { AppError, type FileIssue, type MemoryBudget } from '@medrank/core';
import {
  parseClassificationGroundTruth,
  parseClassificationPredictions,
  type ClassificationGroundTruth,
  type ClassificationPredictions,
  type CsvLimits,
  type CsvSource,
  type ParseResult,
  type TextLineLimits,
} from '@medrank/formats';
import {
  scoreClassification,
  type ClassificationScore,
  type MetricResult,
  type ScoreClassificationOptions,
} from './classification/score-classification.js';
import { multipleChoiceTaskType } from './multiple-choice/multiple-choice-task-type.js';
import { openVqaTaskType } from './open-vqa/open-vqa-task-type.js';
import { reportGenerationTaskType } from './report-generation/report-generation-task-type.js';
import { regressionTaskType } from './regression/regression-task-type.js';
import { retrievalTaskType } from './retrieval/retrieval-task-type.js';
import { segmentationTaskType } from './segmentation/segmentation-task-type.js';
import { detectionTaskType } from './detection/detection-task-type.js';
import type { Breakdown, CategoryDimension } from './shared/score-case-metrics.js';
import type { PredictionFingerprint } from './fingerprint/prediction-fingerprint.js';
import { classificationFingerprint } from './fingerprint/task-fingerprints.js';

/** What a task type's scorer returns for one test set. */
export interface TaskScore {
  n: number;
  metrics: Record<string, MetricResult>;
  /** Per-category metric values (cells of at least the track's `minCategorySize` cases). */
  breakdowns?: Breakdown[];
  /** Facts a reader of the scores needs (e.g. extraction failures, a metric left out and why). */
  notes?: string[];
}

/** One case of a ground-truth file as stored: hidden truth payload plus public category metadata. */
export interface GroundTruthCase {
  caseId: string;
  /** Stored in the hidden schema; each task type documents its shape. */
  truth: Record<string, unknown>;
  /** Public per-case metadata (category per dimension), stored with the case. */
  metadata: Record<string, string>;
}

/**
 * A task type bundles what the platform needs to run a benchmark of that kind: how to read its
 * track configuration, ground truth and submissions, which metrics to use by default, and how to
 * score. The worker and the CLI look it up by the track's task type key (`scoreSubmissionFile`);
 * a new task type adds an entry to TASK_TYPES with this shape.
 *
 * Ground truth travels as stored payloads: `parseGroundTruth` + `groundTruthCases` turn an
 * uploaded file into `{ caseId, truth, metadata }` rows, and `truthFromPayloads` turns the
 * hidden rows of a test set back into the scorer's typed truth.
 */
export interface TaskType<Config, Truth, Predictions, Score extends TaskScore = TaskScore> {
  key: string;
  label: string;
  /** Validates a track's stored task configuration. @throws {AppError} BAD_REQUEST when unusable. */
  parseConfig(raw: Record<string, unknown>): Config;
  parseGroundTruth(
    source: CsvSource,
    config: Config,
    options?: ParseOptions,
  ): Promise<ParseResult<Truth>>;
  groundTruthCases(truth: Truth, config: Config): GroundTruthCase[];
  /**
   * Typed truth of `caseIds` from their stored payloads; large decoded truth (masks) is reserved
   * against `memoryBudget` first.
   * @throws {Error} naming no value when a payload is invalid.
   * @throws {MemoryBudgetExceededError} when the decoded truth does not fit the budget.
   */
  truthFromPayloads(
    caseIds: readonly string[],
    payloads: ReadonlyMap<string, unknown>,
    config: Config,
    options?: { memoryBudget?: MemoryBudget },
  ): Truth;
  /**
   * The shape each case's prediction must have, read off the truth (segmentation: the mask's
   * shape, which is the public image geometry, never a label). Lets the parser refuse a mis-sized
   * prediction from its header, before decoding it.
   */
  expectedPredictionShapes?(truth: Truth): ReadonlyMap<string, readonly number[]>;
  /** Parses a submission against the cases (output aligned to `cases.caseIds`). Never throws for bad content. */
  parsePredictions(
    source: CsvSource,
    config: Config,
    cases: {
      caseIds: readonly string[];
      /** From {@link TaskType.expectedPredictionShapes}, for the cases whose truth is known. */
      expectedShapes?: ReadonlyMap<string, readonly number[]>;
    },
    options?: ParseOptions,
  ): Promise<ParseResult<Predictions>>;
  /** The predictions of cases [start, end) of the order they were parsed in. */
  slicePredictions(predictions: Predictions, start: number, end: number): Predictions;
  /**
   * Problems only the hidden truth reveals (e.g. a segmentation mask whose shape differs from the
   * truth's), as issues for the submitter; checked on every test set before anything is scored.
   * Messages must not disclose hidden labels.
   */
  checkPredictions?(predictions: Predictions, truth: Truth, config: Config): FileIssue[];
  /**
   * The predictions' fingerprint for near-duplicate detection (fingerprint/task-fingerprints.ts):
   * per case, a key of the discrete part the metrics see, and rank channels where they depend on
   * scores. `truth` is read for its public parts only (multiple-choice options), never for labels.
   */
  fingerprint(predictions: Predictions, config: Config, truth: Truth): PredictionFingerprint;
  defaultMetrics(config: Config): string[];
  score(args: {
    config: Config;
    truth: Truth;
    predictions: Predictions;
    metrics: readonly string[];
    bootstrap: ScoreClassificationOptions['bootstrap'];
    /** Public category metadata aligned to the truth's cases, for breakdowns. */
    categories?: readonly CategoryDimension[];
    keepReplicates?: boolean;
    onProgress?: (fraction: number) => void;
  }): Promise<Score>;
}

/** A task type with its types erased, as the dispatcher holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of heterogeneous generic entries
export type AnyTaskType = TaskType<any, any, any, TaskScore>;

export interface ParseOptions {
  maxIssues?: number;
  limits?: CsvLimits & TextLineLimits;
  /**
   * The job's memory budget for decoded inputs. Parsers of large decoded data (segmentation
   * masks) reserve against it and fail with an issue when the file needs more; others ignore it.
   */
  memoryBudget?: MemoryBudget;
}

export interface ClassificationConfig {
  /** Class names in index order; two classes make a binary task. */
  classes: readonly string[];
  /** Binary tasks: index of the positive class. Default 1. */
  positiveClass?: number;
}

/** Reads a stored classification config; class names or indices are both accepted for the positive class. */
export function classificationConfigFrom(
  taskConfig: Record<string, unknown>,
): ClassificationConfig {
  const classes = taskConfig.classes;
  if (
    !Array.isArray(classes) ||
    classes.length < 2 ||
    !classes.every((c) => typeof c === 'string')
  ) {
    throw new Error(
      'classification track misconfigured: taskConfig.classes must list at least two class names',
    );
  }
  const positive = taskConfig.positiveClass;
  if (positive !== undefined && typeof positive !== 'number' && typeof positive !== 'string') {
    throw new Error(
      `classification track misconfigured: positiveClass must be a class name or index; found ${JSON.stringify(positive)}`,
    );
  }
  const positiveClass =
    typeof positive === 'number'
      ? positive
      : typeof positive === 'string'
        ? classes.indexOf(positive)
        : classes.length === 2
          ? 1
          : undefined;
  if (positiveClass !== undefined && (positiveClass < 0 || positiveClass >= classes.length)) {
    throw new Error(
      `classification track misconfigured: positiveClass "${String(positive)}" is not one of its classes`,
    );
  }
  return { classes, ...(positiveClass === undefined ? {} : { positiveClass }) };
}

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

export const TASK_TYPES = {
  classification: classificationTaskType,
  'multiple-choice': multipleChoiceTaskType,
  'open-vqa': openVqaTaskType,
  'report-generation': reportGenerationTaskType,
  regression: regressionTaskType,
  retrieval: retrievalTaskType,
  segmentation: segmentationTaskType,
  detection: detectionTaskType,
} as const;

export type TaskTypeKey = keyof typeof TASK_TYPES;

/**
 * The task type with this key.
 * @throws {AppError} BAD_REQUEST for an unknown key, naming the known ones.
 */
export function getTaskType<K extends TaskTypeKey>(key: K): (typeof TASK_TYPES)[K];
export function getTaskType(key: string): AnyTaskType;
export function getTaskType(key: string): AnyTaskType {
  if (!Object.hasOwn(TASK_TYPES, key)) {
    throw new AppError(
      'BAD_REQUEST',
      `unknown task type "${key}"; known: ${Object.keys(TASK_TYPES).join(', ')}`,
    );
  }
  return TASK_TYPES[key as TaskTypeKey] as AnyTaskType;
}
