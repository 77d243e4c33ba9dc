import type { NextConfig } from 'next';
import { API_CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY } from './src/security/headers';

const nextConfig: NextConfig = {
  // Workspace packages ship TypeScript sources.
  transpilePackages: [
    '@medrank/core',
    '@medrank/curation',
    '@medrank/db',
    '@medrank/endpoint-runner',
    '@medrank/jobs',
    '@medrank/metrics',
    '@medrank/formats',
    '@medrank/storage',
    '@medrank/task-contracts',
    // Curation validates definitions with the task types' parsers (metadata only, no scoring).
    '@medrank/scoring',
  ],
  // Native/driver packages stay Node requires rather than being bundled.
  serverExternalPackages: [
    'pg',
    '@prisma/adapter-pg',
    'bullmq',
    'ioredis',
    'pino',
    'busboy',
    'rate-limiter-flexible',
    // The queue dashboard: bull-board finds its UI files on disk at run time
    // (require.resolve('@bull-board/ui/package.json')), which a bundle cannot follow.
    '@bull-board/api',
    '@bull-board/hono',
    '@bull-board/ui',
    'hono',
    '@hono/node-server',
  ],
  // Workspace packages use ESM-style `./x.js` specifiers for `./x.ts` files (what Node, tsx and
  // vitest expect). Turbopack cannot map them, so the app builds with webpack and this alias.
  experimental: {
    extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    // forbidden() → app/forbidden.tsx with a real 403 status (curation pages of other people's
    // benchmarks), instead of a 200 page that merely says "forbidden".
    authInterrupts: true,
  },
  // `npm run typecheck` (part of `npm test` and CI) type-checks every workspace; the build does
  // not repeat it, which saves ~45 s per build on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  typedRoutes: false,
  // Headers that are the same on every response. HTML pages get their nonce-based CSP from
  // src/proxy.ts; HSTS depends on APP_URL at run time, so the custom server sends it.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
};

export default nextConfig;
