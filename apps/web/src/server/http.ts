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
    // The request body was left unread (a stalled or oversized upload): close the connection
    // after answering rather than reading on.
    if (error.code === 'REQUEST_TIMEOUT' || error.code === 'PAYLOAD_TOO_LARGE')
      headers.Connection = 'close';
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

/** A percent-encoded control character (NUL, line breaks, DEL…): never part of a real slug or id. */
const ENCODED_CONTROL_CHARACTER = /%(?:[01][0-9a-f]|7f)/i;

/**
 * Wraps a route handler so every thrown error becomes a precise JSON error response. A path with
 * a control character is refused before the handler runs: Postgres cannot even compare such a
 * string (NUL), and no slug or id contains one.
 */
export function handle<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      const request = args[0];
      if (
        request instanceof Request &&
        ENCODED_CONTROL_CHARACTER.test(new URL(request.url).pathname)
      )
        throw new AppError('BAD_REQUEST', 'the URL path contains a control character');
      return await fn(...args);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** The request's JSON body, or a 400 that says what was wrong with it. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type))
    throw new AppError(
      'BAD_REQUEST',
      `expected a JSON body (Content-Type: application/json), got "${type.slice(0, 80) || 'no content type'}"`,
    );
  const text = await request.text();
  if (text.trim() === '')
    throw new AppError('BAD_REQUEST', 'request body is empty: send a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError(
      'BAD_REQUEST',
      `the body is not valid JSON: ${error instanceof Error ? error.message.slice(0, 120) : 'parse error'}`,
    );
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
