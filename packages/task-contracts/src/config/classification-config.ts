import { CLASSIFICATION_METRIC_DEFINITIONS } from '@medrank/metrics/catalog';
import { misconfigured } from './config-errors.js';
import { parseModelContract, type ModelContract } from './model-contract.js';

export interface ClassificationConfig {
  /** Class names in index order; two classes make a binary task. */
  classes: readonly string[];
  /** Binary tasks: index of the positive class. Default 1. */
  positiveClass?: number;
  /** Present when the track takes ONNX models: their input/output contract and run limits. */
  model?: ModelContract;
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
    throw misconfigured('classification', 'taskConfig.classes must list at least two class names');
  }
  const positive = taskConfig.positiveClass;
  if (positive !== undefined && typeof positive !== 'number' && typeof positive !== 'string') {
    throw misconfigured(
      'classification',
      `positiveClass must be a class name or index; found ${JSON.stringify(positive)}`,
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
    throw misconfigured(
      'classification',
      `positiveClass "${String(positive)}" is not one of its classes`,
    );
  }
  const model =
    taskConfig.model === undefined
      ? undefined
      : parseModelContract('classification', taskConfig.model);
  return {
    classes,
    ...(positiveClass === undefined ? {} : { positiveClass }),
    ...(model === undefined ? {} : { model }),
  };
}

/** parseConfig's name in the other task types. */
export const parseClassificationConfig = classificationConfigFrom;

/** Metric keys for the track's classes: binary-only metrics need two classes. */
export function classificationComputableMetrics({ classes }: ClassificationConfig): string[] {
  const task = classes.length === 2 ? 'binary' : 'multiclass';
  return Object.values(CLASSIFICATION_METRIC_DEFINITIONS)
    .filter((m) => (m.tasks as readonly string[]).includes(task))
    .map((m) => m.key);
}
