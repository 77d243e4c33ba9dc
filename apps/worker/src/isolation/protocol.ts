// The messages between a worker process and its job processes (child_process IPC with the
// structured-clone serialization). One job at a time per child: the parent sends `run`, the child
// answers `result` with the same id. `ready` tells the parent the child's imports and connections
// are up, with its resident memory at that point (its baseline).
import { AppError, isAppError, type ErrorCode } from '@medrank/core';
import { UnrecoverableError } from 'bullmq';
import { ZodError } from 'zod';
import type { WorkerEnv } from '../env.js';

/** The environment variable that tells a job process which pool started it (for its logs). */
export const JOB_POOL_ENV = 'JOB_POOL' satisfies keyof WorkerEnv;

/** Runs a job by name; how it runs (a job process, or in this process) is the caller's choice. */
export type RunJob = (jobName: string, payload: unknown) => Promise<unknown>;

export interface RunMessage {
  type: 'run';
  id: number;
  /** The job's name (a key of the child's handler table). */
  jobName: string;
  payload: unknown;
}

export interface ReadyMessage {
  type: 'ready';
  baselineRssBytes: number;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  ok: boolean;
  value?: unknown;
  error?: SerializedError;
}

export type ParentMessage = RunMessage;
export type ChildMessage = ReadyMessage | ResultMessage;

/** What survives of an error across the process boundary: enough to decide about retries. */
export type SerializedError =
  | { kind: 'app'; code: ErrorCode; message: string; retryable: boolean }
  | { kind: 'unrecoverable'; message: string }
  | { kind: 'error'; name: string; message: string; stack?: string };

export function serializeError(error: unknown): SerializedError {
  if (isAppError(error))
    return { kind: 'app', code: error.code, message: error.message, retryable: error.retryable };
  if (error instanceof UnrecoverableError || error instanceof ZodError)
    return { kind: 'unrecoverable', message: error.message };
  if (error instanceof Error)
    return { kind: 'error', name: error.name, message: error.message, stack: error.stack };
  return { kind: 'error', name: 'Error', message: String(error) };
}

/**
 * Rebuilds an error thrown in a child so the parent's retry rules (runtime.ts) apply unchanged:
 * an AppError stays an AppError with its code and retryability.
 */
export function deserializeError(error: SerializedError): Error {
  switch (error.kind) {
    case 'app':
      return new AppError(error.code, error.message, { retryable: error.retryable });
    case 'unrecoverable':
      return new UnrecoverableError(error.message);
    case 'error': {
      const rebuilt = new Error(error.message);
      rebuilt.name = error.name;
      if (error.stack) rebuilt.stack = error.stack;
      return rebuilt;
    }
  }
}
