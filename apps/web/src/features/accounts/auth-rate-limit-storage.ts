import 'server-only';
import type { BetterAuthOptions } from 'better-auth';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { consumeLimit, createLimiter } from '@/server/rate-limits';

type RateLimitStorage = NonNullable<NonNullable<BetterAuthOptions['rateLimit']>['customStorage']>;

/**
 * better-auth's per-address rate limit, stored in Redis so every web process counts together
 * (its own stores are per-process memory, or a database table our schema does not have).
 * better-auth hands us the key (`<client address>|<path>`) and the rule that matched.
 */
export function redisRateLimitStorage(): RateLimitStorage {
  const limiters = new Map<string, RateLimiterRedis>();
  const limiterFor = (window: number, max: number) => {
    const id = `${window}s-${max}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = createLimiter({ name: `auth-${id}`, points: max, durationSeconds: window });
      limiters.set(id, limiter);
    }
    return limiter;
  };
  return {
    async consume(key, rule) {
      const outcome = await consumeLimit(limiterFor(rule.window, rule.max), key);
      return outcome.isAllowed
        ? { allowed: true, retryAfter: null }
        : { allowed: false, retryAfter: outcome.retryAfterSeconds };
    },
  };
}
