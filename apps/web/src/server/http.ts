import 'server-only';
import { AppError, isAppError } from '@medrank/core';
import { ZodError } from 'zod';
import { logger } from './logger';

export interface ErrorBody {
  error: { code: string; message: string; issues?: unknown };
}

/** Maps any error to a JSON response: ZodError → 400 with issues, AppError → its status, else a generic 500. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ZodError) {
    const body: ErrorBody = {
      error: {
        code: 'BAD_REQUEST',
        message: error.issues
          .map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
          .join('; '),
        issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    };
    return Response.json(body, { status: 400 });
  }
  if (isAppError(error)) {
    const body: ErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { issues: error.details } : {}),
      },
    };
    const headers: Record<string, string> =
      error.code === 'UNAUTHORIZED' ? { 'WWW-Authenticate': 'Bearer realm="medrank"' } : {};
    const retryAfterSeconds = (error.details as { retryAfterSeconds?: unknown } | undefined)
      ?.retryAfterSeconds;
    if (error.code === 'RATE_LIMITED' && typeof retryAfterSeconds === 'number')
      headers['Retry-After'] = String(retryAfterSeconds);
    return Response.json(body, { status: error.status, headers });
  }
  logger().error({ err: error }, 'unhandled error in route handler');
  return Response.json(
    { error: { code: 'INTERNAL', message: 'Internal server error' } } satisfies ErrorBody,
    { status: 500 },
  );
}

/** Wraps a route handler so every thrown error becomes a precise JSON error response. */
export function handle<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
