import { AppError } from '@medrank/core';
import { CLASSIFICATION_METRICS } from '@medrank/metrics';
import { describeMetric } from '@medrank/metrics/catalog';
import { TASK_TYPE_CONTRACTS, type TaskTypeKey } from '@medrank/task-contracts';
import {
  DETECTION_METRICS,
  getTaskType,
  MULTIPLE_CHOICE_METRICS,
  OPEN_VQA_METRICS,
  REGRESSION_METRICS,
  REPORT_GENERATION_METRICS,
  RETRIEVAL_METRICS,
  segmentationMetricKeys,
  TASK_TYPES,
  type ClassificationConfig,
  type ExternalScorerConfig,
  type MultipleChoiceConfig,
  type SegmentationConfig,
} from '@medrank/scoring';

/** Display facts of a metric a task type computes. */
export interface MetricInfo {
  key: string;
  label: string;
  higherIsBetter: boolean;
}

export interface TaskTypeInfo {
  key: string;
  label: string;
  /** Metrics computable with the task type's default configuration (classification: binary). */
  metrics: MetricInfo[];
  groundTruthFormat: FileFormatInfo;
  predictionFormat: FileFormatInfo;
  /** An example task configuration for the guided flow; `{}` when the defaults do. */
  exampleConfig: Record<string, unknown>;
}

export interface FileFormatInfo {
  /** One or two sentences: file type, required fields, rules. */
  description: string;
  /** The first line(s) of a valid file. */
  example: string;
}

export const isKnownTaskType = (key: string): boolean => Object.hasOwn(TASK_TYPES, key);

/**
 * Parses a track's task configuration with the task type's own parser.
 * @throws {AppError} BAD_REQUEST naming the task type and what is wrong.
 */
export function parseTaskConfig(taskType: string, taskConfig: Record<string, unknown>): unknown {
  const type = getTaskType(taskType);
  try {
    return type.parseConfig(taskConfig);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('BAD_REQUEST', error instanceof Error ? error.message : String(error));
  }
}

/**
 * Metric keys a task type can compute under a parsed configuration: what a track may list in
 * `metrics`. The scorers themselves refuse anything else (`checkMetricKeys`), so this mirrors them.
 */
export function computableMetrics(taskType: string, config: unknown): string[] {
  switch (taskType) {
    case 'classification': {
      const { classes } = config as ClassificationConfig;
      const task = classes.length === 2 ? 'binary' : 'multiclass';
      return Object.values(CLASSIFICATION_METRICS)
        .filter((m) => (m.tasks as readonly string[]).includes(task))
        .map((m) => m.key);
    }
    case 'multiple-choice':
      // Macro accuracy averages per-category accuracies over the configured dimension.
      return (config as MultipleChoiceConfig).macroDimension
        ? [...MULTIPLE_CHOICE_METRICS]
        : MULTIPLE_CHOICE_METRICS.filter((m) => m !== 'vqa_macro_accuracy');
    case 'open-vqa':
      return [...OPEN_VQA_METRICS];
    case 'report-generation':
      return [
        ...REPORT_GENERATION_METRICS,
        ...(config as { externalScorers: ExternalScorerConfig[] }).externalScorers.map(
          (s) => s.key,
        ),
      ];
    case 'regression':
      return [...REGRESSION_METRICS];
    case 'retrieval':
      return [...RETRIEVAL_METRICS];
    case 'segmentation':
      return segmentationMetricKeys(config as SegmentationConfig);
    case 'detection':
      return [...DETECTION_METRICS];
    default:
      throw new AppError('BAD_REQUEST', `unknown task type "${taskType}"`);
  }
}

/** Label and direction of a metric key, from the one description every part of the platform reads. */
export function metricInfo(key: string, taskConfig?: Record<string, unknown>): MetricInfo {
  const { label, higherIsBetter } = describeMetric(key, taskConfig);
  return { key, label, higherIsBetter };
}

/** Every task type the platform scores, with its metrics and file formats, for the guided flow. */
export function listTaskTypes(): TaskTypeInfo[] {
  return Object.values(TASK_TYPES).map((type) => {
    const contract = TASK_TYPE_CONTRACTS[type.key as TaskTypeKey];
    const exampleConfig = { ...contract.exampleConfig };
    const config = (type as { parseConfig(raw: Record<string, unknown>): unknown }).parseConfig(
      exampleConfig,
    );
    return {
      key: type.key,
      label: contract.label,
      metrics: computableMetrics(type.key, config).map((key) => metricInfo(key, exampleConfig)),
      groundTruthFormat: {
        description: contract.groundTruth.description,
        example: contract.groundTruth.example,
      },
      predictionFormat: {
        description: contract.predictions.description,
        example: contract.predictions.example,
      },
      exampleConfig,
    };
  });
}
