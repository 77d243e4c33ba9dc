import 'server-only';
import { AppError, TEXT_LIMITS, isAppError } from '@medrank/core';
import {
  boardQueryLog,
  type BoardQueryKind,
  type BoardQueryOutcome,
  type BoardViewer,
} from '@medrank/db';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { env } from '@/env';
import { db } from '@/server/db';
import { logger } from '@/server/logger';
import { consumeLimit, createLimiter } from '@/server/rate-limits';

/** A value as it goes into the log: cut short, so a huge parameter cannot bloat the table. */
export function loggable(value: string | undefined | null): string | null {
  return value === undefined || value === null ? null : value.slice(0, TEXT_LIMITS.categoryFilter);
}

const SIGN_IN_TO: Record<BoardQueryKind, string> = {
  subset: 'sign in to compute custom subsets (or send "Authorization: Bearer <API token>")',
  compare: 'sign in to compare entries (or send "Authorization: Bearer <API token>")',
};

const globalForGuard = globalThis as unknown as {
  medrankBoardQueryLimits?: { perMinute: RateLimiterRedis; perDay: RateLimiterRedis };
};

function limits() {
  globalForGuard.medrankBoardQueryLimits ??= {
    perMinute: createLimiter({
      name: 'board-queries-minute',
      points: env().BOARD_QUERY_LIMIT_PER_MINUTE,
      durationSeconds: 60,
    }),
    perDay: createLimiter({
      name: 'board-queries-day',
      points: env().BOARD_QUERY_LIMIT_PER_DAY,
      durationSeconds: 24 * 60 * 60,
    }),
  };
  return globalForGuard.medrankBoardQueryLimits;
}

async function log(
  viewer: BoardViewer,
  question: { kind: BoardQueryKind; slug: string; query: Record<string, unknown> },
  outcome: BoardQueryOutcome,
) {
  try {
    await boardQueryLog.record(db(), {
      userId: viewer.userId,
      benchmarkSlug: question.slug,
      kind: question.kind,
      query: question.query,
      outcome,
    });
  } catch (error) {
    // The answer (or refusal) still goes out; a lost log row is reported, not hidden.
    logger().error({ err: error, question, outcome }, 'could not write the board-query log');
  }
}

/**
 * The gate in front of every question about hidden data a board can ask the worker (custom
 * subsets, paired comparisons): a signed-in account (session or API token) is required, each
 * account has a per-minute and a per-day allowance (both kinds together, counted in Redis), and
 * every question from an account is logged with its outcome for the benchmark's curators.
 * Anonymous requests are refused before anything is read or written.
 */
export async function guardBoardQuery<T>(
  viewer: BoardViewer | null,
  question: { kind: BoardQueryKind; slug: string; query: Record<string, unknown> },
  answer: () => Promise<T>,
): Promise<T> {
  if (!viewer) throw new AppError('UNAUTHORIZED', SIGN_IN_TO[question.kind]);
  const { perMinute, perDay } = limits();
  for (const [limiter, period] of [
    [perMinute, 'minute'],
    [perDay, 'day'],
  ] as const) {
    const outcome = await consumeLimit(limiter, viewer.userId);
    if (!outcome.isAllowed) {
      await log(viewer, question, 'rate-limited');
      throw new AppError(
        'RATE_LIMITED',
        `too many subset and compare questions from this account this ${period}: try again in ${outcome.retryAfterSeconds} s`,
        { details: { retryAfterSeconds: outcome.retryAfterSeconds } },
      );
    }
  }
  try {
    const result = await answer();
    await log(viewer, question, 'answered');
    return result;
  } catch (error) {
    const isRefusal = isAppError(error) && error.status < 500;
    await log(viewer, question, isRefusal ? 'refused' : 'failed');
    throw error;
  }
}
