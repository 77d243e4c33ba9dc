/**
 * One error type for expected failures across the platform. Adapters (route handlers, server
 * actions, the worker runtime, the CLI) map it to a status code, an action result, a
 * non-retryable job failure or an exit code. Anything that is not an AppError is a bug and is
 * reported as a generic 500 without its message.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_SUBMISSION: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** A precise, user-facing problem in an uploaded file: where it is and what was expected. */
export interface FileIssue {
  /** 1-based line (CSV/JSONL) or entry number; absent when the issue concerns the whole file. */
  line?: number;
  /** Column or field name, when one is at fault. */
  column?: string;
  /** Case id the issue concerns, when known. */
  caseId?: string;
  /** Human-readable message: what was found and what was expected. */
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: unknown;
  constructor(
    code: ErrorCode,
    message: string,
    opts: { retryable?: boolean; cause?: unknown; details?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? ERROR_STATUS[code] >= 500;
    this.details = opts.details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
