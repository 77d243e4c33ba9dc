import { describeMetric } from '@medrank/metrics/catalog';
import { TASK_TYPE_CONTRACTS, TASK_TYPE_KEYS } from '@medrank/task-contracts';
import { computableMetrics, parseTaskConfig } from '@medrank/task-contracts/config';

// Config parsing and metric keys live with the task-type contracts (metadata only), so the web,
// which calls these while a curator edits a definition, bundles no scoring code.
export { computableMetrics, parseTaskConfig };

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

export const isKnownTaskType = (key: string): boolean =>
  (TASK_TYPE_KEYS as readonly string[]).includes(key);

/** Label and direction of a metric key, from the one description every part of the platform reads. */
export function metricInfo(key: string, taskConfig?: Record<string, unknown>): MetricInfo {
  const { label, higherIsBetter } = describeMetric(key, taskConfig);
  return { key, label, higherIsBetter };
}

/** Every task type the platform scores, with its metrics and file formats, for the guided flow. */
export function listTaskTypes(): TaskTypeInfo[] {
  return TASK_TYPE_KEYS.map((key) => {
    const contract = TASK_TYPE_CONTRACTS[key];
    const exampleConfig = { ...contract.exampleConfig };
    return {
      key,
      label: contract.label,
      metrics: computableMetrics(key, parseTaskConfig(key, exampleConfig)).map((metric) =>
        metricInfo(metric, exampleConfig),
      ),
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
