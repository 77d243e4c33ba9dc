import 'server-only';
import { teams } from '@medrank/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { env } from '@/env';
import { accountFieldsProblem } from '@/features/accounts/account-fields';
import { redisRateLimitStorage } from '@/features/accounts/auth-rate-limit-storage';
import {
  clearSignInAttempts,
  lockedMessage,
  recordSignInAttempt,
} from '@/features/accounts/sign-in-lockout';
import { CLIENT_IP_HEADER } from '@/lib/client-ip-header';
import { db } from './db';

/** Both spellings of the app's own origin (people open localhost or 127.0.0.1). */
function trustedOrigins(appUrl: string): string[] {
  const url = new URL(appUrl);
  const alternates = [url.origin];
  if (url.hostname === 'localhost') alternates.push(url.origin.replace('localhost', '127.0.0.1'));
  if (url.hostname === '127.0.0.1') alternates.push(url.origin.replace('127.0.0.1', 'localhost'));
  return alternates;
}

const emailOf = (body: unknown): string | null =>
  body && typeof body === 'object' && typeof (body as { email?: unknown }).email === 'string'
    ? (body as { email: string }).email
    : null;

function createAuth() {
  const config = env();
  const authLimit = {
    window: config.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    max: config.AUTH_RATE_LIMIT_MAX,
  };
  return betterAuth({
    appName: 'MedRank',
    baseURL: config.APP_URL,
    secret: config.BETTER_AUTH_SECRET,
    trustedOrigins: trustedOrigins(config.APP_URL),
    database: prismaAdapter(db(), { provider: 'postgresql' }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      // Sign-up never opens a session: better-auth then answers a taken e-mail exactly like a
      // new one (same status and body shape, a password hash to even out the timing) instead of
      // "User already exists". The sign-up form signs in right after, with the password given.
      autoSignIn: false,
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    user: {
      // The site role is never settable from sign-up: `input: false`. Admins come from the CLI.
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'user', input: false },
      },
    },
    // Per client address, in every environment, counted in Redis across web processes. The
    // address is the one our custom server put in CLIENT_IP_HEADER, never X-Forwarded-For.
    rateLimit: {
      enabled: true,
      window: config.AUTH_RATE_LIMIT_WINDOW_SECONDS,
      max: config.AUTH_OTHER_RATE_LIMIT_MAX,
      customRules: { '/sign-in/*': authLimit, '/sign-up/*': authLimit },
      customStorage: redisRateLimitStorage(),
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === '/sign-up/email' || ctx.path === '/update-user') {
          const body = (ctx.body ?? {}) as Record<string, unknown>;
          const problem = accountFieldsProblem(body, { isSignUp: ctx.path === '/sign-up/email' });
          if (problem)
            throw new APIError('BAD_REQUEST', { message: problem, code: 'INVALID_FIELD' });
        }
        if (ctx.path === '/sign-in/email') {
          const email = emailOf(ctx.body);
          if (!email) return;
          const attempt = await recordSignInAttempt(email);
          if (!attempt.isAllowed) {
            throw new APIError(
              'TOO_MANY_REQUESTS',
              { message: lockedMessage(attempt.retryAfterSeconds), code: 'SIGN_IN_LOCKED' },
              { 'Retry-After': String(attempt.retryAfterSeconds) },
            );
          }
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email' || isAPIError(ctx.context.returned)) return;
        const email = emailOf(ctx.body);
        if (email) await clearSignInAttempts(email);
      }),
    },
    databaseHooks: {
      user: {
        create: {
          // Every account gets a personal team so a first submission needs no setup.
          after: async (user) => {
            await teams.createPersonalTeam(db(), {
              id: user.id,
              name: user.name,
              email: user.email,
            });
          },
        },
      },
    },
    advanced: {
      useSecureCookies: config.APP_URL.startsWith('https://'),
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { medrankAuth?: Auth };

export function auth(): Auth {
  globalForAuth.medrankAuth ??= createAuth();
  return globalForAuth.medrankAuth;
}
