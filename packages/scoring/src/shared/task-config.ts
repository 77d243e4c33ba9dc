import { AppError } from '@medrank/core';

// Config errors and minCategorySize are read where the configs are parsed (task-contracts).
export { misconfigured, readMinCategorySize } from '@medrank/task-contracts/config';

/** Rejects metric keys the task type does not compute, naming the known ones. */
export function checkMetricKeys(
  taskType: string,
  metrics: readonly string[],
  known: readonly string[],
): void {
  const unknown = metrics.filter((m) => !known.includes(m));
  if (unknown.length > 0) {
    throw new AppError(
      'BAD_REQUEST',
      `unknown ${taskType} metric${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `"${m}"`).join(', ')}; known: ${known.join(', ')}`,
    );
  }
}

/** Throws the data-integrity error for a hidden payload that does not fit the task type; names no value. */
export function invalidStoredTruth(taskType: string): Error {
  return new Error(
    `${taskType}: stored ground truth is missing or invalid for a case; re-upload the test set's ground truth`,
  );
}
