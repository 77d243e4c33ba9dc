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
    const headers: HeadersInit =
      error.code === 'UNAUTHORIZED' ? { 'WWW-Authenticate': 'Bearer realm="medrank"' } : {};
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

/**
 * The request's JSON body, or a 400 that says the body is not JSON (rather than a generic 500).
 * Shape checks are the caller's zod schema's.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(
      'BAD_REQUEST',
      text.trim() === ''
        ? 'request body is empty: send a JSON object'
        : 'request body is not valid JSON: send a JSON object',
    );
  }
}
