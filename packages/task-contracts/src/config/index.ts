// Each task type's configuration: its TypeScript shape, the parser that validates a track's
// `taskConfig` (errors name the key and what was expected) and the metric keys the parsed
// configuration makes computable. Pure and scoring-free, so the web, the curation flow and the
// CLI validate a benchmark definition without bundling scorers; @medrank/scoring's task types
// use these same parsers (`parseConfig`).
import { AppError } from '@medrank/core';
import type { TaskTypeKey } from '../task-type-contracts.js';
import {
  classificationComputableMetrics,
  parseClassificationConfig,
} from './classification-config.js';
import { closedVqaComputableMetrics, parseClosedVqaConfig } from './closed-vqa-config.js';
import { DETECTION_METRICS, parseDetectionConfig } from './detection-config.js';
import {
  REGRESSION_METRICS,
  RETRIEVAL_METRICS,
  parseRegressionConfig,
  parseRetrievalConfig,
} from './regression-retrieval-configs.js';
import {
  parseReportGenerationConfig,
  reportGenerationComputableMetrics,
} from './report-generation-config.js';
import { parseSegmentationConfig, segmentationComputableMetrics } from './segmentation-config.js';
import {
  multipleChoiceComputableMetrics,
  OPEN_VQA_METRICS,
  parseMultipleChoiceConfig,
  parseOpenVqaConfig,
} from './vqa-configs.js';

export * from './config-errors.js';
export * from './classification-config.js';
export * from './closed-vqa-config.js';
export * from './detection-config.js';
export * from './endpoint-contract.js';
export * from './external-scorer-config.js';
export * from './model-contract.js';
export * from './regression-retrieval-configs.js';
export * from './report-generation-config.js';
export * from './segmentation-config.js';
export * from './submission-kinds.js';
export * from './vqa-configs.js';

/** How one task type reads its configuration and which metric keys a parsed one allows. */
interface TaskConfigRules<Config> {
  parse(raw: Record<string, unknown>): Config;
  computableMetrics(config: Config): string[];
}

const rules = <Config>(r: TaskConfigRules<Config>) => r as TaskConfigRules<unknown>;

export const TASK_CONFIG_RULES: Readonly<Record<TaskTypeKey, TaskConfigRules<unknown>>> = {
  classification: rules({
    parse: parseClassificationConfig,
    computableMetrics: classificationComputableMetrics,
  }),
  'multiple-choice': rules({
    parse: parseMultipleChoiceConfig,
    computableMetrics: multipleChoiceComputableMetrics,
  }),
  'open-vqa': rules({ parse: parseOpenVqaConfig, computableMetrics: () => [...OPEN_VQA_METRICS] }),
  'closed-vqa': rules({
    parse: parseClosedVqaConfig,
    computableMetrics: closedVqaComputableMetrics,
  }),
  'report-generation': rules({
    parse: parseReportGenerationConfig,
    computableMetrics: reportGenerationComputableMetrics,
  }),
  regression: rules({
    parse: parseRegressionConfig,
    computableMetrics: () => [...REGRESSION_METRICS],
  }),
  retrieval: rules({
    parse: parseRetrievalConfig,
    computableMetrics: () => [...RETRIEVAL_METRICS],
  }),
  segmentation: rules({
    parse: parseSegmentationConfig,
    computableMetrics: segmentationComputableMetrics,
  }),
  detection: rules({
    parse: parseDetectionConfig,
    computableMetrics: () => [...DETECTION_METRICS],
  }),
};

function rulesOf(taskType: string): TaskConfigRules<unknown> {
  if (!Object.hasOwn(TASK_CONFIG_RULES, taskType))
    throw new AppError(
      'BAD_REQUEST',
      `unknown task type "${taskType}"; known: ${Object.keys(TASK_CONFIG_RULES).join(', ')}`,
    );
  return TASK_CONFIG_RULES[taskType as TaskTypeKey];
}

/**
 * A track's task configuration, parsed by its task type's rules.
 * @throws {AppError} BAD_REQUEST naming the task type, the key and what was expected.
 */
export function parseTaskConfig(taskType: string, taskConfig: Record<string, unknown>): unknown {
  const { parse } = rulesOf(taskType);
  try {
    return parse(taskConfig);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('BAD_REQUEST', error instanceof Error ? error.message : String(error));
  }
}

/**
 * Metric keys a task type computes under a parsed configuration: what a track may list in
 * `metrics`. The scorers refuse anything else (checkMetricKeys), and the contract test in
 * @medrank/scoring checks they agree.
 */
export function computableMetrics(taskType: string, config: unknown): string[] {
  return rulesOf(taskType).computableMetrics(config);
}
