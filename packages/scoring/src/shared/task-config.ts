import { AppError } from '@medrank/core';
import { DEFAULT_MIN_CATEGORY_SIZE } from './score-case-metrics.js';

/** Thrown for a track whose stored task configuration cannot be used (a curator error, not a submitter's). */
export function misconfigured(taskType: string, message: string): AppError {
  return new AppError('BAD_REQUEST', `${taskType} track misconfigured: ${message}`);
}

/** `minCategorySize` of a task config: a positive integer, default 20 (DESIGN: breakdown cells of at least k cases). */
export function readMinCategorySize(taskType: string, raw: Record<string, unknown>): number {
  const value = raw.minCategorySize;
  if (value === undefined) return DEFAULT_MIN_CATEGORY_SIZE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw misconfigured(
      taskType,
      `minCategorySize must be a positive integer; found ${JSON.stringify(value)}`,
    );
  }
  return value;
}

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
