import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Workspace packages ship TypeScript sources.
  transpilePackages: ['@medrank/core', '@medrank/db', '@medrank/jobs', '@medrank/metrics', '@medrank/formats', '@medrank/storage'],
  // Native/driver packages stay Node requires rather than being bundled.
  serverExternalPackages: ['pg', '@prisma/adapter-pg', 'bullmq', 'ioredis', 'pino', 'busboy'],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
