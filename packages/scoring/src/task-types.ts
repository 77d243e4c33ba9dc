import { AppError } from '@medrank/core';
import { classificationTaskType } from './classification/classification-task-type.js';
import { closedVqaTaskType } from './closed-vqa/closed-vqa-task-type.js';
import { multipleChoiceTaskType } from './multiple-choice/multiple-choice-task-type.js';
import { openVqaTaskType } from './open-vqa/open-vqa-task-type.js';
import { reportGenerationTaskType } from './report-generation/report-generation-task-type.js';
import { regressionTaskType } from './regression/regression-task-type.js';
import { retrievalTaskType } from './retrieval/retrieval-task-type.js';
import { segmentationTaskType } from './segmentation/segmentation-task-type.js';
import { detectionTaskType } from './detection/detection-task-type.js';
import type { AnyTaskType } from './task-type.js';

export type {
  AnyTaskType,
  GroundTruthCase,
  ParseOptions,
  TaskScore,
  TaskType,
} from './task-type.js';
export {
  classificationConfigFrom,
  classificationTaskType,
  type ClassificationConfig,
} from './classification/classification-task-type.js';

export const TASK_TYPES = {
  classification: classificationTaskType,
  'multiple-choice': multipleChoiceTaskType,
  'open-vqa': openVqaTaskType,
  'closed-vqa': closedVqaTaskType,
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
