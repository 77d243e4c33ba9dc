import 'server-only';
import { teams } from '@medrank/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { env } from '@/env';
import { db } from './db';

/** Both spellings of the app's own origin (people open localhost or 127.0.0.1). */
function trustedOrigins(appUrl: string): string[] {
  const url = new URL(appUrl);
  const alternates = [url.origin];
  if (url.hostname === 'localhost') alternates.push(url.origin.replace('localhost', '127.0.0.1'));
  if (url.hostname === '127.0.0.1') alternates.push(url.origin.replace('127.0.0.1', 'localhost'));
  return alternates;
}

function createAuth() {
  return betterAuth({
    appName: 'MedRank',
    baseURL: env().APP_URL,
    secret: env().BETTER_AUTH_SECRET,
    trustedOrigins: trustedOrigins(env().APP_URL),
    database: prismaAdapter(db(), { provider: 'postgresql' }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    user: {
      // The site role is never settable from sign-up: `input: false`. Admins come from the CLI.
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'user', input: false },
      },
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
    advanced: { useSecureCookies: env().APP_URL.startsWith('https://') },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { medrankAuth?: Auth };

export function auth(): Auth {
  globalForAuth.medrankAuth ??= createAuth();
  return globalForAuth.medrankAuth;
}
