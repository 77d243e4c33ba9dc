// The shape every task type has. Kept apart from the registry (task-types.ts) so that each task
// type's module can name it without importing the registry that imports it back.
import type { FileIssue, MemoryBudget } from '@medrank/core';
import type { CsvLimits, CsvSource, ParseResult, TextLineLimits } from '@medrank/formats';
import type {
  MetricResult,
  ScoreClassificationOptions,
} from './classification/score-classification.js';
import type { Breakdown, CategoryDimension } from './shared/score-case-metrics.js';
import type { PredictionFingerprint } from './fingerprint/prediction-fingerprint.js';

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
