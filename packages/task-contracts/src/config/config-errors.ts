import { AppError } from '@medrank/core';

/** Breakdown cells of fewer cases than this are not reported, unless a track says otherwise (DESIGN: k-anonymity of categories). */
export const DEFAULT_MIN_CATEGORY_SIZE = 20;

/** Thrown for a track whose task configuration cannot be used (a curator error, not a submitter's). */
export function misconfigured(taskType: string, message: string): AppError {
  return new AppError('BAD_REQUEST', `${taskType} track misconfigured: ${message}`);
}

/** `minCategorySize` of a task config: a positive integer, default 20. */
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
