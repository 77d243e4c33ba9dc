import 'server-only';
import { isAppError } from '@medrank/core';
import { unstable_rethrow } from 'next/navigation';
import { ZodError } from 'zod';
import { logger } from './logger';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string> } };

/** Runs a server action body and models expected failures as values rather than throws. */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    unstable_rethrow(error); // let redirect() and notFound() through
    if (error instanceof ZodError) {
      const fieldErrors = Object.fromEntries(
        error.issues.map((i) => [i.path.join('.'), i.message]),
      );
      return {
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: 'Please correct the highlighted fields.',
          fieldErrors,
        },
      };
    }
    if (isAppError(error))
      return { ok: false, error: { code: error.code, message: error.message } };
    logger().error({ err: error }, 'unhandled error in server action');
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong. Please try again.' },
    };
  }
}
