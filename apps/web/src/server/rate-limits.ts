import 'server-only';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { env } from '@/env';
import { logger } from './logger';

/**
 * Rate limits and lockouts live in Redis, so every web process shares them (a per-process
 * memory store would multiply each limit by the number of processes). If Redis does not answer,
 * each limiter falls back to a per-process memory limiter with the same rule rather than
 * letting everything through or refusing every sign-in.
 */
export interface LimitRule {
  /** Names the counter family in Redis, e.g. `auth-lockout`. */
  name: string;
  points: number;
  durationSeconds: number;
  /** Once the points are spent, refuse for this long (0: until the window ends). */
  blockSeconds?: number;
}

export type LimitOutcome =
  { isAllowed: true; remaining: number } | { isAllowed: false; retryAfterSeconds: number };

const globalForLimits = globalThis as unknown as { medrankLimitRedis?: Redis };

function limitRedis(): Redis {
  if (!globalForLimits.medrankLimitRedis) {
    // Unlike the queue producer's connection, commands sent while it is still connecting wait
    // for it (the first sign-ins after a start must count in Redis, not in the fallback), but
    // never for long: after one failed reconnection or 2 s they fail and the fallback counts.
    const redis = new Redis(env().REDIS_URL, {
      enableOfflineQueue: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 2_000,
      connectTimeout: 5_000,
    });
    redis.on('error', (error) => logger().warn({ err: error }, 'rate-limit Redis unavailable'));
    globalForLimits.medrankLimitRedis = redis;
  }
  return globalForLimits.medrankLimitRedis;
}

export function createLimiter(rule: LimitRule): RateLimiterRedis {
  const options = {
    points: rule.points,
    duration: rule.durationSeconds,
    blockDuration: rule.blockSeconds ?? 0,
  };
  return new RateLimiterRedis({
    ...options,
    storeClient: limitRedis(),
    // The queue prefix keeps test runs and platforms sharing one Redis apart.
    keyPrefix: `${env().QUEUE_PREFIX}:limit:${rule.name}`,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/** Spends `points` of `key`'s allowance; a refusal says when to come back. */
export async function consumeLimit(
  limiter: RateLimiterRedis,
  key: string,
  points = 1,
): Promise<LimitOutcome> {
  try {
    const result = await limiter.consume(key, points);
    return { isAllowed: true, remaining: result.remainingPoints };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      return {
        isAllowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      };
    }
    throw rejection;
  }
}

/** Forgets `key`'s spent points (and any block), e.g. after a successful sign-in. */
export async function resetLimit(limiter: RateLimiterRedis, key: string): Promise<void> {
  await limiter.delete(key);
}
