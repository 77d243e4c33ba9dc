import 'server-only';
import { createHash } from 'node:crypto';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { env } from '@/env';
import { consumeLimit, createLimiter, resetLimit, type LimitOutcome } from '@/server/rate-limits';

/**
 * Per-account login lockout. Every sign-in attempt for an e-mail address spends one point
 * *before* the password is checked (so parallel guesses cannot all slip through), and a
 * successful sign-in gives them all back. After AUTH_LOCKOUT_ATTEMPTS attempts without a
 * success inside the window, the address is locked for AUTH_LOCKOUT_SECONDS whatever client
 * address asks. Unknown e-mails are counted exactly like known ones, so a lock reveals nothing.
 */
const globalForLockout = globalThis as unknown as { medrankLockout?: RateLimiterRedis };

function lockout(): RateLimiterRedis {
  globalForLockout.medrankLockout ??= createLimiter({
    name: 'sign-in-lockout',
    points: env().AUTH_LOCKOUT_ATTEMPTS,
    durationSeconds: env().AUTH_LOCKOUT_WINDOW_SECONDS,
    blockSeconds: env().AUTH_LOCKOUT_SECONDS,
  });
  return globalForLockout.medrankLockout;
}

/** better-auth compares e-mails lower-cased; hashed so Redis never holds addresses. */
function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

export function recordSignInAttempt(email: string): Promise<LimitOutcome> {
  return consumeLimit(lockout(), accountKey(email));
}

export function clearSignInAttempts(email: string): Promise<void> {
  return resetLimit(lockout(), accountKey(email));
}

/** The same words for every e-mail, existing or not. */
export function lockedMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} s` : `${minutes} min`;
  return `Too many sign-in attempts for this e-mail address. Sign-in is paused for ${wait}; try again later.`;
}
